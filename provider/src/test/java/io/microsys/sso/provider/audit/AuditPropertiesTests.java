package io.microsys.sso.provider.audit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention settings ({@code microsys.sso.audit.*}): defaults, forever, and wrong values refused. */
class AuditPropertiesTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AuditProperties.class)
	static class Properties {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Properties.class);

	@Test
	void bindWhenNothingSetThenAYearInBatchesOfAThousand() {
		this.runner.run((context) -> {
			AuditProperties properties = context.getBean(AuditProperties.class);
			assertThat(properties.getRetention()).isEqualTo(Duration.ofDays(365));
			assertThat(properties.expires()).isTrue();
			assertThat(properties.getRetentionBatchSize()).isEqualTo(1000);
			assertThat(properties.getRetentionInterval()).isEqualTo(Duration.ofHours(1));
		});
	}

	@Test
	void bindWhenRetentionZeroThenKeptForever() {
		this.runner.withPropertyValues("microsys.sso.audit.retention=0")
			.run((context) -> assertThat(context.getBean(AuditProperties.class).expires()).isFalse());
		this.runner.withPropertyValues("microsys.sso.audit.retention=90d")
			.run((context) -> assertThat(context.getBean(AuditProperties.class).getRetention())
				.isEqualTo(Duration.ofDays(90)));
	}

	@Test
	void bindWhenNegativeOrHugeBatchThenStartUpFails() {
		this.runner.withPropertyValues("microsys.sso.audit.retention=-1d")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("microsys.sso.audit.retention-batch-size=0")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("microsys.sso.audit.retention-batch-size=100000")
			.run((context) -> assertThat(context).hasFailed());
	}

}
