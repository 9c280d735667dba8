package io.microsys.sso.provider.account;

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
 * Password hashing: Argon2id with m=7 MiB, t=5, p=1 for new hashes, one of OWASP's equivalent
 * recommended settings and Keycloak's default. Of those equivalent settings it is the fastest on
 * the JVM when several sign-ins hash at once (each hash's memory stays closer to the CPU caches and
 * it allocates less). Older hashes are still accepted and upgraded at the next sign-in: bcrypt,
 * PBKDF2 and Argon2id with fewer passes (the earlier m=19 MiB, t=2).
 */
@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

	static final String DEFAULT_ID = "argon2";

	/** Memory of one Argon2id hash in KiB. */
	static final int ARGON2_MEMORY_KIB = 7 * 1024;

	/** Passes over that memory. */
	static final int ARGON2_ITERATIONS = 5;

	@Bean
	PasswordEncoder passwordEncoder() {
		Map<String, PasswordEncoder> encoders = new HashMap<>();
		encoders.put(DEFAULT_ID, new Argon2PasswordEncoder(16, 32, 1, ARGON2_MEMORY_KIB, ARGON2_ITERATIONS));
		encoders.put("bcrypt", new BCryptPasswordEncoder());
		encoders.put("pbkdf2", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
		return new DelegatingPasswordEncoder(DEFAULT_ID, encoders);
	}

}
