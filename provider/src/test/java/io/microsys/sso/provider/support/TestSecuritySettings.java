package io.microsys.sso.provider.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.microsys.sso.provider.settings.SecuritySettings;

/**
 * For a slice without a database: the runtime settings as their properties' values (nothing
 * stored), for the filters and advice every page has. Import with the slice.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestSecuritySettings {

	@Bean
	SecuritySettings securitySettings() {
		return SecuritySettings.none();
	}

}
