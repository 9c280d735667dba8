package io.microsys.sso.provider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the Microsys SSO identity provider. */
@SpringBootApplication
public class MicrosysSsoApplication {

	public static void main(String[] args) {
		SpringApplication.run(MicrosysSsoApplication.class, args);
	}

}
