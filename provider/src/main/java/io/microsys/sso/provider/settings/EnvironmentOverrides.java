package io.microsys.sso.provider.settings;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.stereotype.Component;

/**
 * Which settings an operator fixed with an environment variable. Such a setting is not editable in
 * the console: the environment variable wins over a value stored in the database, and the settings
 * page says so, naming the variable ({@code microsys.sso.password.min-length} is fixed by
 * {@code MICROSYS_SSO_PASSWORD_MINLENGTH}). Everything else is stored in the database, with the
 * property's value as its default.
 */
@Component
public class EnvironmentOverrides {

	private final Environment environment;

	/**
	 * The answers so far, by property: the process's environment does not change while it runs, and
	 * some settings are asked for on every request (the client address).
	 */
	private final Map<String, Optional<String>> known = new ConcurrentHashMap<>();

	public EnvironmentOverrides(Environment environment) {
		this.environment = environment;
	}

	/**
	 * The environment variable that sets {@code property} (relaxed binding: {@code a.b-c} is
	 * {@code A_B_C} or {@code A_BC}), when one is set; empty when the property is not fixed there.
	 */
	public Optional<String> variableFor(String property) {
		return this.known.computeIfAbsent(property, this::lookUp);
	}

	private Optional<String> lookUp(String property) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
			return Optional.empty();
		}
		PropertySource<?> variables = configurable.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (variables == null) {
			return Optional.empty();
		}
		String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
		for (String name : new String[] { upper.replace("-", "_"), upper.replace("-", "") }) {
			if (variables.containsProperty(name)) {
				return Optional.of(name);
			}
		}
		return Optional.empty();
	}

	/** Whether an environment variable fixes {@code property}. */
	public boolean isFixed(String property) {
		return variableFor(property).isPresent();
	}

}
