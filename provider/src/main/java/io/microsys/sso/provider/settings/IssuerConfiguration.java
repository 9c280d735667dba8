package io.microsys.sso.provider.settings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts with the stored issuer ({@link IssuerSetting}). */
@Configuration(proxyBeanMethods = false)
class IssuerConfiguration {

	@Bean
	static IssuerSetting.Apply storedIssuer() {
		return new IssuerSetting.Apply();
	}

}
