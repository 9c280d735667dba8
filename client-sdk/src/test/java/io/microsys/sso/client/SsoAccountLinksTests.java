package io.microsys.sso.client;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.microsys.sso.client.autoconfigure.MicrosysSsoClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** Links from (issuer, sub) to local accounts: stable, per issuer, never by email. */
class SsoAccountLinksTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MicrosysSsoClientAutoConfiguration.class))
		.withPropertyValues("microsys.sso.client.issuer-uri=https://sso.example.com/o",
				"microsys.sso.client.client-id=my-app");

	static DriverManagerDataSource h2() {
		return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	static void assertLinksBehave(SsoAccountLinks links) {
		SsoAccountLinks.Link first = links.link("https://sso.example.com/o", "subject-1");

		assertThat(links.link("https://sso.example.com/o", "subject-1")).isEqualTo(first);
		assertThat(links.find("https://sso.example.com/o", "subject-1")).isEqualTo(first);
		assertThat(links.link("https://other.example.com/realms/x", "subject-1").localId())
			.isNotEqualTo(first.localId());
		assertThat(links.find("https://sso.example.com/o", "subject-2")).isNull();
	}

	@Test
	void inMemoryWhenLinkedTwiceThenSameLocalIdAndIssuerMatters() {
		assertLinksBehave(new InMemorySsoAccountLinks());
	}

	@Test
	void autoConfigurationWhenNoDataSourceThenInMemoryLinks() {
		this.runner.run((context) -> assertThat(context).getBean(SsoAccountLinks.class)
			.isInstanceOf(InMemorySsoAccountLinks.class));
	}

	@Test
	void autoConfigurationWhenDataSourceAndOptedInThenJdbcLinksInACreatedTable() {
		DriverManagerDataSource dataSource = h2();
		this.runner.withBean(javax.sql.DataSource.class, () -> dataSource)
			.withPropertyValues("microsys.sso.client.account-links.initialize-schema=true")
			.run((context) -> {
				SsoAccountLinks links = context.getBean(SsoAccountLinks.class);
				assertThat(links).isInstanceOf(JdbcSsoAccountLinks.class);
				assertLinksBehave(links);
				assertThat(new JdbcTemplate(dataSource)
					.queryForObject("SELECT COUNT(*) FROM microsys_sso_account_link", Integer.class)).isEqualTo(2);
			});
	}

	@Test
	void autoConfigurationWhenStartedTwiceOnSameDatabaseThenSchemaNotCreatedAgainAndLinksKept() {
		DriverManagerDataSource dataSource = h2();
		String[] optIn = { "microsys.sso.client.account-links.initialize-schema=true" };
		String[] first = new String[1];
		this.runner.withBean(javax.sql.DataSource.class, () -> dataSource).withPropertyValues(optIn).run((context) -> {
			first[0] = context.getBean(SsoAccountLinks.class).link("https://sso.example.com/o", "s").localId();
		});
		this.runner.withBean(javax.sql.DataSource.class, () -> dataSource).withPropertyValues(optIn).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SsoAccountLinks.class).link("https://sso.example.com/o", "s").localId())
				.isEqualTo(first[0]);
		});
	}

}
