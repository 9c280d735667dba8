package io.microsys.sso.provider.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a connected app acceptable, whoever registers it: the bootstrap file (which reports
 * the first {@link Problem#text() problem} in English) and the console's form (which shows each one
 * beside its field, by {@link Problem#messageKey() message key}). Grant types known to the provider,
 * what only a confidential app may do, {@code require_*} needing {@code allow_*}, every URI under
 * the app's own policy ({@link RedirectUriRules}), scope syntax and the lengths the table holds.
 */
public final class ClientRules {

	/** The device authorization grant (RFC 8628): a device without a browser signs in through a code. */
	public static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

	/** Token exchange (RFC 8693): a confidential app trades a person's access token for its own. */
	public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	/** The grant types an app may use, in the order the console lists them. */
	public static final Set<String> GRANT_TYPES = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(
			List.of("authorization_code", "refresh_token", "client_credentials", DEVICE_CODE, TOKEN_EXCHANGE)));

	/** A client id: 1 to 100 letters, digits or {@code . _ ~ -} (safe in a URL path unescaped). */
	public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,100}");

	/** Longest app name. */
	public static final int NAME_MAX = 200;

	/** Longest description. */
	public static final int DESCRIPTION_MAX = 1000;

	/** Longest list of redirect URIs (or post-logout ones), space separated. */
	public static final int URIS_MAX = 4000;

	/** Longest back-channel logout URI. */
	public static final int BACKCHANNEL_URI_MAX = 1000;

	/** Longest list of scopes, space separated. */
	public static final int SCOPES_MAX = 1000;

	/** Shortest access (and ID) token lifetime, in seconds. */
	public static final int ACCESS_TTL_MIN = 60;

	/** Longest access (and ID) token lifetime: a day. */
	public static final int ACCESS_TTL_MAX = 24 * 3600;

	/** Shortest refresh token lifetime, in seconds. */
	public static final int REFRESH_TTL_MIN = 300;

	/** Longest refresh token lifetime: 90 days. */
	public static final int REFRESH_TTL_MAX = 90 * 24 * 3600;

	private static final Pattern OAUTH_SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");

	private ClientRules() {
	}

	/**
	 * An app as it would be stored.
	 * @param confidential whether it has a secret
	 * @param grantTypes its grant types
	 * @param redirectUris its redirect URIs
	 * @param postLogoutRedirectUris where it may be sent after signing out
	 * @param backchannelLogoutUri where logout tokens are sent, or null
	 * @param scopes the scopes it may ask for
	 * @param policy its policy
	 */
	public record App(boolean confidential, Collection<String> grantTypes, Collection<String> redirectUris,
			Collection<String> postLogoutRedirectUris, String backchannelLogoutUri, Collection<String> scopes,
			ClientPolicy policy) {
	}

	/**
	 * One thing wrong with an app.
	 * @param field the form field ({@code grantTypes}, {@code redirectUris}, {@code postLogoutRedirectUris},
	 * {@code backchannelLogoutUri}, {@code scopes}, {@code requirePar}, {@code requireDpop}, {@code allowPar})
	 * @param messageKey the console's message key
	 * @param subject the value at fault (a grant type, a URI, a scope), or null; argument {0} of the message
	 * @param text the problem in English, as the bootstrap file reports it
	 */
	public record Problem(String field, String messageKey, String subject, String text) {
	}

	/** Whether {@code clientId} has the form of a client id. */
	public static boolean isClientId(String clientId) {
		return clientId != null && CLIENT_ID.matcher(clientId).matches();
	}

	/** Every problem with {@code app}, in the order the bootstrap file reports them; empty when it is acceptable. */
	public static List<Problem> problems(App app) {
		List<Problem> problems = new ArrayList<>();
		for (String grant : app.grantTypes()) {
			if (!GRANT_TYPES.contains(grant)) {
				problems.add(new Problem("grantTypes", "clients.error.grantUnknown", grant, "unknown grant type '" + grant
						+ "' (allowed: authorization_code, refresh_token, client_credentials, " + DEVICE_CODE + ", "
						+ TOKEN_EXCHANGE + ")"));
			}
		}
		if (!app.confidential() && app.grantTypes().contains("client_credentials")) {
			problems.add(new Problem("grantTypes", "clients.error.publicGrant", "client_credentials",
					"a public client (no secret) cannot use client_credentials"));
		}
		if (!app.confidential() && app.grantTypes().contains(TOKEN_EXCHANGE)) {
			problems.add(new Problem("grantTypes", "clients.error.publicGrant", TOKEN_EXCHANGE,
					"a public client (no secret) cannot use " + TOKEN_EXCHANGE));
		}
		ClientPolicy policy = app.policy();
		if (policy.isRequirePar() && !policy.isAllowPar()) {
			problems.add(new Problem("requirePar", "clients.error.requirePar", null,
					"require_par: true needs allow_par: true (or no allow_par)"));
		}
		if (policy.isRequireDpop() && !policy.isAllowDpop()) {
			problems.add(new Problem("requireDpop", "clients.error.requireDpop", null,
					"require_dpop: true needs allow_dpop: true (or no allow_dpop)"));
		}
		if (!app.confidential() && policy.isParAllowed()) {
			// The pushed request endpoint authenticates the app by its secret: a public client could never push.
			problems.add(new Problem("allowPar", "clients.error.publicPar", null,
					"a public client (no secret) cannot push authorization requests (allow_par)"));
		}
		if (app.grantTypes().contains("authorization_code") && app.redirectUris().isEmpty()) {
			problems.add(new Problem("redirectUris", "clients.error.redirectUriRequired", null,
					"redirect_uris is required for authorization_code"));
		}
		uris(app, problems);
		for (String scope : app.scopes()) {
			if (!OAUTH_SCOPE.matcher(scope).matches()) {
				problems.add(new Problem("scopes", "clients.error.scope", scope,
						"scope '" + scope + "' is not a valid OAuth scope"));
			}
		}
		if (String.join(" ", app.scopes()).length() > SCOPES_MAX) {
			problems.add(tooLong("scopes", "scopes", SCOPES_MAX));
		}
		return problems;
	}

	private static void uris(App app, List<Problem> problems) {
		ClientPolicy policy = app.policy();
		for (String uri : app.redirectUris()) {
			RedirectUriRules.reason(uri, policy)
				.ifPresent((reason) -> problems.add(new Problem("redirectUris", reason.messageKey(), uri,
						RedirectUriRules.problem(uri, policy).orElseThrow())));
		}
		for (String uri : app.postLogoutRedirectUris()) {
			RedirectUriRules.reason(uri, policy)
				.ifPresent((reason) -> problems.add(new Problem("postLogoutRedirectUris", reason.messageKey(), uri,
						"post-logout " + RedirectUriRules.problem(uri, policy).orElseThrow())));
		}
		String backchannel = app.backchannelLogoutUri();
		if (backchannel != null) {
			RedirectUriRules.reason(backchannel, policy)
				.ifPresent((reason) -> problems.add(new Problem("backchannelLogoutUri", reason.messageKey(), backchannel,
						"back-channel logout URI: " + RedirectUriRules.problem(backchannel, policy).orElseThrow())));
			if (backchannel.length() > BACKCHANNEL_URI_MAX) {
				problems.add(tooLong("backchannelLogoutUri", "backchannel_logout_uri", BACKCHANNEL_URI_MAX));
			}
		}
		if (String.join(" ", app.redirectUris()).length() > URIS_MAX) {
			problems.add(tooLong("redirectUris", "redirect_uris", URIS_MAX));
		}
		if (String.join(" ", app.postLogoutRedirectUris()).length() > URIS_MAX) {
			problems.add(tooLong("postLogoutRedirectUris", "post_logout_redirect_uris", URIS_MAX));
		}
	}

	private static Problem tooLong(String field, String key, int max) {
		return new Problem(field, "clients.error.tooLong", String.valueOf(max),
				"'" + key + "' is longer than " + max + " characters");
	}

}
