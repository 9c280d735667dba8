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

	/** Why a URI is refused; the console shows each in the reader's language. */
	public enum Reason {

		EMPTY, INVALID, NOT_ABSOLUTE, FRAGMENT, LOCALHOST, NOT_HTTPS, SCHEME;

		/** The message key of the console's text ({@code clients.error.uri.not_https}). */
		public String messageKey() {
			return "clients.error.uri." + name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Returns the problem with {@code uri} under {@code policy}, or empty when it is acceptable.
	 */
	public static Optional<String> problem(String uri, ClientPolicy policy) {
		return reason(uri, policy).map((reason) -> switch (reason) {
			case EMPTY -> "redirect URI is empty";
			case INVALID -> "redirect URI '" + uri + "' is not a valid URI";
			case NOT_ABSOLUTE -> "redirect URI '" + uri + "' must be absolute with a host";
			case FRAGMENT -> "redirect URI '" + uri + "' must not contain a fragment";
			case LOCALHOST -> "redirect URI '" + uri + "' points to localhost, which the policy does not allow "
					+ "(set allow_localhost_redirects: true in the app's policy for a development app)";
			case NOT_HTTPS -> "redirect URI '" + uri + "' must use https (or set require_https_redirects: false in "
					+ "the app's policy)";
			case SCHEME -> "redirect URI '" + uri + "' must use http or https";
		});
	}

	/** Why {@code uri} is refused under {@code policy}, or empty when it is acceptable. */
	public static Optional<Reason> reason(String uri, ClientPolicy policy) {
		if (uri == null || uri.isBlank()) {
			return Optional.of(Reason.EMPTY);
		}
		URI parsed;
		try {
			parsed = new URI(uri);
		}
		catch (URISyntaxException ex) {
			return Optional.of(Reason.INVALID);
		}
		if (!parsed.isAbsolute() || parsed.getHost() == null) {
			return Optional.of(Reason.NOT_ABSOLUTE);
		}
		if (parsed.getFragment() != null) {
			return Optional.of(Reason.FRAGMENT);
		}
		String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
		boolean loopback = isLoopback(parsed.getHost());
		if (loopback && !policy.isAllowLocalhostRedirects()) {
			return Optional.of(Reason.LOCALHOST);
		}
		if ("https".equals(scheme)) {
			return Optional.empty();
		}
		if ("http".equals(scheme)) {
			return (loopback || !policy.isRequireHttpsRedirects()) ? Optional.empty() : Optional.of(Reason.NOT_HTTPS);
		}
		return Optional.of(Reason.SCHEME);
	}

	static boolean isLoopback(String host) {
		String h = host.toLowerCase(Locale.ROOT);
		return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
	}

}
