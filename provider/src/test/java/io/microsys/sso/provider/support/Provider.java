package io.microsys.sso.provider.support;

import org.springframework.context.ApplicationContext;

import io.microsys.sso.provider.client.SsoClient;

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

	/**
	 * An app of the fixtures as its relying party would talk to the provider: its client id, the
	 * fixtures' secret ({@link TestFixtures#SECRET}) and redirect URI ({@link TestFixtures#REDIRECT_URI}).
	 */
	public RelyingParty relyingParty(SsoClient client) {
		return new RelyingParty(this.issuer, client.getClientId(), TestFixtures.SECRET, TestFixtures.REDIRECT_URI);
	}

	/**
	 * Where Actuator answers: the management port's origin, such as {@code http://localhost:1235}
	 * ({@code /actuator/health}, {@code /actuator/prometheus}).
	 */
	public String management() {
		return "http://localhost:" + this.context.getEnvironment().getRequiredProperty("local.management.port");
	}

	/** Where the provider's pages are, such as {@code http://localhost:1234}. */
	public String origin() {
		return Pages.origin(this.issuer);
	}

}
