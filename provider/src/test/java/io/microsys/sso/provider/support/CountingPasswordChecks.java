package io.microsys.sso.provider.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Counts the password hashes the provider computes to check a password or a client secret (every
 * {@code matches} of its {@link PasswordEncoder}), by the typed value: a test proves that a
 * refused attempt was never hashed by counting the checks of the values it sent.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CountingPasswordChecks {

	private static final Map<String, AtomicInteger> CHECKS = new ConcurrentHashMap<>();

	/** How often values starting with {@code prefix} were checked against a stored hash. */
	public static int checks(String prefix) {
		return CHECKS.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(prefix))
			.mapToInt((entry) -> entry.getValue().get())
			.sum();
	}

	@Bean
	static BeanPostProcessor countingPasswordEncoder() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof PasswordEncoder encoder) ? new Counting(encoder) : bean;
			}
		};
	}

	private record Counting(PasswordEncoder delegate) implements PasswordEncoder {

		@Override
		public String encode(CharSequence rawPassword) {
			return this.delegate.encode(rawPassword);
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			if (rawPassword != null) {
				CHECKS.computeIfAbsent(rawPassword.toString(), (key) -> new AtomicInteger()).incrementAndGet();
			}
			return this.delegate.matches(rawPassword, encodedPassword);
		}

		@Override
		public boolean upgradeEncoding(String encodedPassword) {
			return this.delegate.upgradeEncoding(encodedPassword);
		}

	}

}
