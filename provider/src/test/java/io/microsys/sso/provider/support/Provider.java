package io.microsys.sso.provider.support;

import org.springframework.context.ApplicationContext;

/**
 * The provider an integration test runs against, given to its constructor or methods by
 * {@link ProviderExtension}: its context, issuer, origin and fixtures.
 *
 * @param context the provider's application context
 * @param issuer the issuer, such as {@code http://localhost:1234/o}
 * @param fixtures users, apps and memberships with unique names in its database
 */
public record Provider(ApplicationContext context, String issuer, TestFixtures fixtures) {

	/** The provider of this application context. */
	public static Provider of(ApplicationContext context) {
		return new Provider(context, context.getEnvironment().getRequiredProperty("microsys.sso.issuer"),
				new TestFixtures(context));
	}

	/** Where the provider's pages are, such as {@code http://localhost:1234}. */
	public String origin() {
		return Pages.origin(this.issuer);
	}

}
