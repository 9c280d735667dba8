package io.microsys.sso.provider.settings;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Beans every feature shares. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CoreConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
