package io.microsys.sso.provider.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a redirect URI against a client policy. Used when a client is registered (bootstrap, admin)
 * and again at every authorization request, so a policy change takes effect at once.
 */
public final class RedirectUriRules {

	private RedirectUriRules() {
	}

	/**
	 * Returns the problem with {@code uri} under {@code policy}, or empty when it is acceptable.
	 */
	public static Optional<String> problem(String uri, ClientPolicy policy) {
		if (uri == null || uri.isBlank()) {
			return Optional.of("redirect URI is empty");
		}
		URI parsed;
		try {
			parsed = new URI(uri);
		}
		catch (URISyntaxException ex) {
			return Optional.of("redirect URI '" + uri + "' is not a valid URI");
		}
		if (!parsed.isAbsolute() || parsed.getHost() == null) {
			return Optional.of("redirect URI '" + uri + "' must be absolute with a host");
		}
		if (parsed.getFragment() != null) {
			return Optional.of("redirect URI '" + uri + "' must not contain a fragment");
		}
		String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
		boolean loopback = isLoopback(parsed.getHost());
		if (loopback && !policy.isAllowLocalhostRedirects()) {
			return Optional.of("redirect URI '" + uri + "' points to localhost, which the policy does not allow "
					+ "(set allow_localhost_redirects: true in the app's policy for a development app)");
		}
		if ("https".equals(scheme)) {
			return Optional.empty();
		}
		if ("http".equals(scheme)) {
			if (loopback || !policy.isRequireHttpsRedirects()) {
				return Optional.empty();
			}
			return Optional.of("redirect URI '" + uri + "' must use https (or set require_https_redirects: false in "
					+ "the app's policy)");
		}
		return Optional.of("redirect URI '" + uri + "' must use http or https");
	}

	static boolean isLoopback(String host) {
		String h = host.toLowerCase(Locale.ROOT);
		return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
	}

}
