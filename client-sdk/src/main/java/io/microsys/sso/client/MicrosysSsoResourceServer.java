package io.microsys.sso.client;

import java.util.Collection;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * Protects an app's APIs with bearer JWTs from the same provider, mapped with the same rules as
 * the sign-in: the token must be signed by a key in the provider's JWKS, name the provider as
 * {@code iss}, be unexpired and list one of the accepted audiences (by default the app's client
 * id) in {@code aud}. Its role becomes {@code SSO_ROLE_<ROLE>} plus the mapped authorities; a
 * token without a known role is refused ({@code 401 invalid_token}), one whose role the app does
 * not accept gets {@code 403 insufficient_scope}.
 */
public final class MicrosysSsoResourceServer {

	private final ClientRegistrationRepository registrations;

	private final String registrationId;

	private final SsoRoleMapper roles;

	private final List<String> audiences;

	private volatile JwtDecoder decoder;

	/**
	 * @param registrations where the provider's registration is found
	 * @param registrationId the registration whose issuer and JWKS are trusted
	 * @param roles the role rules, the same as for the sign-in
	 * @param audiences audiences of which a token must list at least one
	 */
	public MicrosysSsoResourceServer(ClientRegistrationRepository registrations, String registrationId,
			SsoRoleMapper roles, List<String> audiences) {
		if (audiences.isEmpty()) {
			throw new IllegalArgumentException("at least one audience must be accepted");
		}
		this.registrations = registrations;
		this.registrationId = registrationId;
		this.roles = roles;
		this.audiences = List.copyOf(audiences);
	}

	/** Adds bearer-token authentication to {@code http}, next to whatever else it has. */
	public HttpSecurity applyTo(HttpSecurity http) {
		return http.oauth2ResourceServer((resourceServer) -> resourceServer
			.jwt((jwt) -> jwt.decoder(decoder()).jwtAuthenticationConverter(this::authenticate)));
	}

	/**
	 * Decodes and validates tokens; the provider's JWKS location is read from its discovery
	 * document the first time a token arrives, not at start-up.
	 */
	public JwtDecoder decoder() {
		JwtDecoder current = this.decoder;
		if (current == null) {
			current = new SupplierJwtDecoder(this::discoveredDecoder);
			this.decoder = current;
		}
		return current;
	}

	/** The authentication for a valid token, or a refusal when its role does not fit this app. */
	public JwtAuthenticationToken authenticate(Jwt jwt) {
		Collection<GrantedAuthority> authorities;
		try {
			authorities = this.roles.authorities(jwt.getClaims());
		}
		catch (OAuth2AuthenticationException ex) {
			String code = ex.getError().getErrorCode();
			String description = ex.getError().getDescription();
			if (SsoRoleMapper.ROLE_NOT_ALLOWED.equals(code)) {
				throw new OAuth2AuthenticationException(new BearerTokenError(BearerTokenErrorCodes.INSUFFICIENT_SCOPE,
						HttpStatus.FORBIDDEN, description, null), description);
			}
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken(description), description);
		}
		return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
	}

	private JwtDecoder discoveredDecoder() {
		ClientRegistration registration = this.registrations.findByRegistrationId(this.registrationId);
		if (registration == null) {
			throw new IllegalStateException("No client registration '" + this.registrationId + "'");
		}
		String jwkSetUri = registration.getProviderDetails().getJwkSetUri();
		String issuer = registration.getProviderDetails().getIssuerUri();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
		OAuth2TokenValidator<Jwt> audience = this::checkAudience;
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				StringUtils.hasText(issuer) ? JwtValidators.createDefaultWithIssuer(issuer)
						: JwtValidators.createDefault(),
				audience));
		return decoder;
	}

	/** Accepts a token whose {@code aud} names one of the accepted audiences. */
	OAuth2TokenValidatorResult checkAudience(Jwt jwt) {
		List<String> audience = jwt.getAudience();
		if (audience != null && audience.stream().anyMatch(this.audiences::contains)) {
			return OAuth2TokenValidatorResult.success();
		}
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(BearerTokenErrorCodes.INVALID_TOKEN,
				"The token is not meant for this application (aud).", null));
	}

}
