package io.microsys.sso.client;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.client.OidcBackChannelLogoutHandler;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Applies sign-in through Microsys SSO to a {@link HttpSecurity}: OIDC login with the app's one
 * registration, the role claim mapped to authorities, and a refusal page when the role is absent,
 * unknown or not required (no session is created then). Sign-out continues at the provider
 * (RP-initiated logout), and the provider can end the local session through OIDC Back-Channel
 * Logout at {@code /logout/connect/back-channel/{registrationId}}. Apps with their own security
 * chain call {@link #applyTo(HttpSecurity)} on it.
 */
public final class MicrosysSsoLogin {

	private static final Logger logger = LoggerFactory.getLogger(MicrosysSsoLogin.class);

	private final ClientRegistrationRepository registrations;

	private final SsoRoleMapper roles;

	private final String registrationId;

	private final SsoAccountLinks accountLinks;

	private final OidcSessionRegistry sessions;

	private final String sessionCookieName;

	/**
	 * @param sessions remembers which local session belongs to which provider session ({@code sid}),
	 * so a back-channel logout finds it
	 * @param sessionCookieName the name of the app's session cookie, used to end the session a
	 * back-channel logout names
	 */
	public MicrosysSsoLogin(ClientRegistrationRepository registrations, SsoRoleMapper roles, String registrationId,
			SsoAccountLinks accountLinks, OidcSessionRegistry sessions, String sessionCookieName) {
		this.registrations = registrations;
		this.roles = roles;
		this.registrationId = registrationId;
		this.accountLinks = accountLinks;
		this.sessions = sessions;
		this.sessionCookieName = sessionCookieName;
	}

	/** Adds OIDC login through the provider to {@code http}. */
	public HttpSecurity applyTo(HttpSecurity http) {
		// Signing in means going to the provider: no local login page.
		return http.oauth2Login((login) -> login.clientRegistrationRepository(this.registrations)
			.loginPage("/oauth2/authorization/" + this.registrationId)
			.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(userService()))
			.failureHandler(this::refuse))
			.logout((logout) -> logout.logoutSuccessHandler(logoutAtProvider()))
			.oidcLogout((oidc) -> oidc.oidcSessionRegistry(this.sessions)
				.backChannel((backChannel) -> backChannel.logoutHandler(backChannelLogoutHandler())));
	}

	/**
	 * Ends the local sessions a validated logout token names (by {@code sid}, or every session of
	 * its {@code sub}); the token's signature, issuer, audience and events are checked first.
	 */
	private OidcBackChannelLogoutHandler backChannelLogoutHandler() {
		OidcBackChannelLogoutHandler handler = new OidcBackChannelLogoutHandler(this.sessions);
		handler.setSessionCookieName(this.sessionCookieName);
		return handler;
	}

	/**
	 * After the local sign-out, sends the browser to the provider's {@code end_session_endpoint}
	 * with {@code id_token_hint}, so the provider session ends too, and back to the app's root.
	 */
	public LogoutSuccessHandler logoutAtProvider() {
		OidcClientInitiatedLogoutSuccessHandler handler = new OidcClientInitiatedLogoutSuccessHandler(
				this.registrations);
		handler.setPostLogoutRedirectUri("{baseUrl}/");
		return handler;
	}

	/**
	 * Loads the OIDC user, replaces its authorities with the mapped role (or refuses), and links
	 * the local account by (issuer, {@code sub}).
	 */
	public OAuth2UserService<OidcUserRequest, OidcUser> userService() {
		OidcUserService delegate = new OidcUserService();
		return (request) -> {
			OidcUser user = delegate.loadUser(request);
			DefaultOidcUser mapped;
			try {
				mapped = new DefaultOidcUser(this.roles.authorities(user.getClaims()), user.getIdToken(),
						user.getUserInfo());
			}
			catch (OAuth2AuthenticationException ex) {
				// The provider signed the person in, this app refuses them: the refusal page offers to
				// sign them out there, so that someone else can sign in.
				throw new RoleRefusedException(ex, user.getIdToken().getTokenValue());
			}
			this.accountLinks.link(user.getIdToken().getIssuer().toString(), user.getSubject());
			return mapped;
		};
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		String code = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError().getErrorCode()
				: "authentication_failed";
		logger.warn("Sign-in through Microsys SSO refused: {}", code);
		String signOut = (exception instanceof RoleRefusedException refused)
				? signOutAtProvider(request, refused.idToken) : null;
		SignInRefusalPage.write(request, response, code, "/oauth2/authorization/" + this.registrationId, signOut);
	}

	/**
	 * The provider's end-session URL for a person this app refused, coming back to the app's root
	 * (the post-logout redirect URI an app registers), or {@code null} when the provider has none.
	 */
	private String signOutAtProvider(HttpServletRequest request, String idToken) {
		ClientRegistration registration = this.registrations.findByRegistrationId(this.registrationId);
		Object endSession = (registration != null)
				? registration.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint") : null;
		if (endSession == null) {
			return null;
		}
		String root = UriComponentsBuilder.fromUriString(UrlUtils.buildFullRequestUrl(request))
			.replacePath(request.getContextPath() + "/")
			.replaceQuery(null)
			.build()
			.toUriString();
		return UriComponentsBuilder.fromUriString(endSession.toString())
			.queryParam("id_token_hint", idToken)
			.queryParam("client_id", registration.getClientId())
			.queryParam("post_logout_redirect_uri", root)
			.encode()
			.build()
			.toUriString();
	}

	/** A person the provider signed in whom this app's role rules refuse, with their ID token. */
	static final class RoleRefusedException extends OAuth2AuthenticationException {

		private static final long serialVersionUID = 1L;

		private final transient String idToken;

		RoleRefusedException(OAuth2AuthenticationException refusal, String idToken) {
			super(refusal.getError(), refusal);
			this.idToken = idToken;
		}

	}

}
