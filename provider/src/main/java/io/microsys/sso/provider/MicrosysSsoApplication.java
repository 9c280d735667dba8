package io.microsys.sso.provider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the Microsys SSO identity provider. Each feature's {@code microsys.sso.*} settings
 * are a {@code @ConfigurationProperties} class in the feature's package, found by the scan.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MicrosysSsoApplication {

	public static void main(String[] args) {
		SpringApplication.run(MicrosysSsoApplication.class, args);
	}

}
