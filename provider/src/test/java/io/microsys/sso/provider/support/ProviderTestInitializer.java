package io.microsys.sso.provider.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.microsys.sso.provider.MicrosysSsoApplication;

/**
 * Gives each test application context a fresh database (H2 or MySQL, see {@link TestDatabase}), its
 * own data folder, a master key, a free port that the issuer names (the issuer must be known
 * before the server starts) and a free management port.
 */
public class ProviderTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/**
	 * Set to {@code true} by a test for a provider that clients reach directly, as without a reverse
	 * proxy; otherwise the loopback address is a declared proxy, so that {@link Browser#from} can
	 * give each test's browser an address of its own.
	 */
	public static final String DIRECT_CLIENTS = "microsys.test.direct-clients";

	/**
	 * Environment variables the provider sees as an operator's ({@code NAME=value;NAME=value}),
	 * for settings an environment variable fixes.
	 */
	public static final String ENVIRONMENT_VARIABLES = "microsys.test.environment-variables";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Map<String, Object> properties = properties();
		if (!context.getEnvironment().getProperty(DIRECT_CLIENTS, Boolean.class, false)) {
			properties.put("microsys.sso.trusted-proxies", "127.0.0.1");
		}
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("microsys-test", properties));
		String variables = context.getEnvironment().getProperty(ENVIRONMENT_VARIABLES);
		if (variables != null && !variables.isBlank()) {
			Map<String, Object> environment = new LinkedHashMap<>(System.getenv());
			for (String variable : variables.split(";")) {
				int equals = variable.indexOf('=');
				environment.put(variable.substring(0, equals).strip(), variable.substring(equals + 1).strip());
			}
			context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
		}
	}

	/** Test properties for a fresh provider; {@link #properties()} twice gives two separate ones. */
	public static Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>(TestDatabase.freshDatabaseProperties());
		try {
			properties.put("microsys.sso.data-dir", Files.createTempDirectory("microsys-sso-test").toString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		int port = freePort();
		properties.put("server.port", port);
		properties.put("microsys.sso.issuer", "http://localhost:" + port + "/o");
		// Actuator's port (9001 in application.yml) is free per provider too: contexts and nodes side by side.
		properties.put("management.server.port", freePort());
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		properties.put("microsys.sso.master-key", Base64.getEncoder().encodeToString(key));
		// Back-channel logout retries in tests: 100 ms, then 500 ms.
		properties.put("microsys.sso.backchannel-logout.initial-backoff", "100ms");
		properties.put("microsys.sso.backchannel-logout.attempts", "3");
		// Every test signs in from 127.0.0.1: the per-address limit is tested on its own
		// (LoginThrottleTests), not left to trip over the whole suite's wrong passwords.
		properties.put("microsys.sso.login-throttle.ip-threshold", "1000000");
		properties.put("microsys.sso.login-throttle.mail-threshold", "1000000");
		properties.put("microsys.sso.client-throttle.ip-threshold", "1000000");
		// A real SMTP server that tests read (TestMail); email codes are offered so they can be tested.
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", TestMail.port());
		properties.put("microsys.sso.two-factor.email-codes", "true");
		return properties;
	}

	/**
	 * Test properties for a fresh provider whose database outlives it (an H2 file in the data
	 * folder, or the MySQL database), for stopping a provider and starting it again.
	 */
	public static Map<String, Object> durableProperties() {
		Map<String, Object> properties = properties();
		if (!TestDatabase.isMysql()) {
			properties.put("spring.datasource.url", "jdbc:h2:file:" + dataDir(properties)
					+ "/sso;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE");
		}
		return properties;
	}

	/** A free port on the loopback interface. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts a provider outside the test framework (restarts, several nodes, failing starts). The
	 * properties are passed as arguments, so they win over application.yml as an operator's would.
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> properties) {
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(MicrosysSsoApplication.class).run(arguments);
	}

	/** Data folder of a context started with these properties. */
	public static Path dataDir(Map<String, Object> properties) {
		return Path.of((String) properties.get("microsys.sso.data-dir"));
	}

}
