package io.microsys.sso.provider.setup.bootstrap;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.TestBootstrapFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code microsys.sso.bootstrap.file} at start-up: a valid file is applied at every start, a
 * malformed one stops the provider with the file's problem at the top of the report.
 */
@Tag("db")
@ExtendWith(OutputCaptureExtension.class)
class BootstrapStartupTests {

	@TempDir
	Path folder;

	Map<String, Object> properties(Path file) {
		Map<String, Object> properties = new HashMap<>(ProviderTestInitializer.properties());
		properties.put("microsys.sso.bootstrap.file", file.toString());
		return properties;
	}

	static JdbcTemplate jdbc(Map<String, Object> properties) {
		return new JdbcTemplate(new DriverManagerDataSource((String) properties.get("spring.datasource.url"),
				(String) properties.get("spring.datasource.username"),
				(String) properties.get("spring.datasource.password")));
	}

	@Test
	void startupWhenBootstrapFileValidThenAppliedAtEachStart() {
		TestBootstrapFiles files = new TestBootstrapFiles(this.folder);
		Map<String, Object> properties = properties(files.write(TestBootstrapFiles.contractExample()));

		try (ConfigurableApplicationContext first = ProviderTestInitializer.start(properties)) {
			assertThat(first.getBean(ClientRepository.class).findByClientId("wiki")).isPresent();
		}
		try (ConfigurableApplicationContext second = ProviderTestInitializer.start(properties)) {
			assertThat(second.getBean(UserRepository.class).count()).isEqualTo(1);
		}
	}

	@Test
	void startupWhenBootstrapFileMalformedThenProviderDoesNotStartAndDatabaseIsUnchanged(CapturedOutput output) {
		TestBootstrapFiles files = new TestBootstrapFiles(this.folder);
		Map<String, Object> properties = properties(files.write(TestBootstrapFiles.contractExample()));
		ProviderTestInitializer.start(properties).close();
		Map<String, List<Map<String, Object>>> before = TestBootstrapFiles.snapshot(jdbc(properties));
		String malformed = TestBootstrapFiles.contractExample().replace("first_name: Alice", "first_name: Alicia")
				+ "  - client: wiki\n    user: erin\n    role: user\n";
		properties.put("microsys.sso.bootstrap.file", files.write(malformed).toString());

		assertThatThrownBy(() -> ProviderTestInitializer.start(properties).close())
			.hasStackTraceContaining("memberships[1] (client 'wiki', user 'erin'): unknown user 'erin'");

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("memberships[1] (client 'wiki', user 'erin'): unknown user 'erin'")
			.doesNotContain("correct horse battery staple");
		assertThat(TestBootstrapFiles.snapshot(jdbc(properties))).isEqualTo(before);
	}

}
