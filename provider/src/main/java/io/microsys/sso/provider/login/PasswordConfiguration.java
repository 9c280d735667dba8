package io.microsys.sso.provider.login;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * Password hashing: Argon2id at OWASP's parameters (m=19 MiB, t=2, p=1) for new hashes; bcrypt and
 * PBKDF2 hashes are still accepted and upgraded to Argon2id at the next sign-in.
 */
@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

	static final String DEFAULT_ID = "argon2";

	@Bean
	PasswordEncoder passwordEncoder() {
		Map<String, PasswordEncoder> encoders = new HashMap<>();
		encoders.put(DEFAULT_ID, new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2));
		encoders.put("bcrypt", new BCryptPasswordEncoder());
		encoders.put("pbkdf2", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
		return new DelegatingPasswordEncoder(DEFAULT_ID, encoders);
	}

}
