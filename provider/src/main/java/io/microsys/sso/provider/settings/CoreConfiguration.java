package io.microsys.sso.provider.settings;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Beans every feature shares. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SsoProperties.class)
@EnableScheduling
class CoreConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
