package io.microsys.sso.client;

import java.util.List;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The one client registration of an app, built from the provider's discovery document the first
 * time it is needed (not at start-up, so the app starts even while the provider is restarting). A
 * failed discovery is tried again at the next sign-in. It is deliberately not iterable, so that
 * nothing enumerates it (and so contacts the provider) while the app starts.
 */
public final class DiscoveredClientRegistrationRepository implements ClientRegistrationRepository {

	private final String registrationId;

	private final String issuerUri;

	private final String clientId;

	private final String clientSecret;

	private final List<String> scopes;

	private volatile ClientRegistration registration;

	public DiscoveredClientRegistrationRepository(String registrationId, String issuerUri, String clientId,
			String clientSecret, List<String> scopes) {
		this.registrationId = registrationId;
		this.issuerUri = issuerUri;
		this.clientId = clientId;
		this.clientSecret = (clientSecret == null || clientSecret.isBlank()) ? null : clientSecret;
		this.scopes = List.copyOf(scopes);
	}

	@Override
	public ClientRegistration findByRegistrationId(String id) {
		return this.registrationId.equals(id) ? registration() : null;
	}

	/** Id of the one registration. */
	public String registrationId() {
		return this.registrationId;
	}

	/** The registration, discovering the provider's endpoints on first use. */
	public ClientRegistration registration() {
		ClientRegistration current = this.registration;
		if (current == null) {
			synchronized (this) {
				current = this.registration;
				if (current == null) {
					current = discover();
					this.registration = current;
				}
			}
		}
		return current;
	}

	private ClientRegistration discover() {
		ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(this.issuerUri)
			.registrationId(this.registrationId)
			.clientId(this.clientId)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope(this.scopes);
		if (this.clientSecret != null) {
			builder.clientSecret(this.clientSecret).clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		}
		else {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		return builder.build();
	}

}
