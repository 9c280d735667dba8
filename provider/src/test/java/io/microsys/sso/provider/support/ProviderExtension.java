package io.microsys.sso.provider.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Gives a {@link ProviderIntegrationTest} its {@link Provider} (or just its {@link TestFixtures})
 * as a constructor, test method or lifecycle method parameter, from the test's Spring application
 * context.
 */
public class ProviderExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
		Class<?> type = parameter.getParameter().getType();
		return type == Provider.class || type == TestFixtures.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
		Provider provider = Provider.of(SpringExtension.getApplicationContext(extension));
		return (parameter.getParameter().getType() == TestFixtures.class) ? provider.fixtures() : provider;
	}

}
