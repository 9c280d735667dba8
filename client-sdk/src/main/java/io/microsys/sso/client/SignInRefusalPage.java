package io.microsys.sso.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.util.HtmlUtils;

/**
 * The page shown when a sign-in is refused (403, no session): styled, in English, or in Arabic
 * (right to left) when the browser prefers it, with the error code so that support can tell the
 * cases apart, and ways out: signing in again (for a sign-in that was not started here or took too
 * long), signing in as someone else (signing out at the provider first, when its end-session
 * endpoint and the refused ID token are known) and the app's home page.
 */
final class SignInRefusalPage {

	/** The codes of a callback the app did not expect: nothing to refuse, just start again. */
	static final String NOT_STARTED = "authorization_request_not_found", BAD_STATE = "invalid_state_parameter";

	private static final String STYLE = "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\","
			+ "\"Noto Sans\",\"Noto Sans Arabic\",Tahoma,sans-serif;background:#f4f5f7;color:#1f2328}"
			+ "main{max-width:32rem;margin:10vh auto;padding:2rem;background:#fff;border-radius:.5rem;"
			+ "box-shadow:0 1px 3px rgba(0,0,0,.15)}h1{font-size:1.4rem;margin:0 0 1rem}"
			+ "p{margin:0 0 1rem}.code{color:#57606a;font-size:.9rem}code{direction:ltr;unicode-bidi:embed}"
			+ "nav{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}"
			+ "a{display:inline-block;padding:.55rem 1.1rem;border-radius:.3rem;text-decoration:none;"
			+ "border:1px solid #0b5cad;color:#0b5cad}a.primary{background:#0b5cad;color:#fff}"
			+ "a:focus{outline:3px solid #f0b400;outline-offset:2px}";

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE)
			+ "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private static final Map<String, String> ENGLISH = Map.ofEntries(Map.entry("title", "Sign-in refused"),
			Map.entry("title.again", "Please sign in again"),
			Map.entry(SsoRoleMapper.ROLE_MISSING, "The sign-in did not say which role you have in this application."),
			Map.entry(SsoRoleMapper.ROLE_UNKNOWN, "The sign-in gave a role this application does not know."),
			Map.entry(SsoRoleMapper.ROLE_NOT_ALLOWED, "Your role does not allow you to use this application."),
			Map.entry("access_denied", "You do not have access to this application."),
			Map.entry(NOT_STARTED, "This sign-in was not started here, or it took too long. Start it again."),
			Map.entry(BAD_STATE, "This sign-in was not started here, or it took too long. Start it again."),
			Map.entry("other", "The sign-in could not be completed."), Map.entry("error", "Error"),
			Map.entry("again", "Sign in again"), Map.entry("someone", "Sign in as someone else"),
			Map.entry("home", "Go to the home page"));

	private static final String NOT_STARTED_AR = "\u0644\u0645 \u064a\u0628\u062f\u0623 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644 \u0647\u0630\u0627 \u0647\u0646\u0627\u060c \u0623\u0648 \u0627\u0633\u062a\u063a\u0631\u0642 \u0648\u0642\u062a\u064b\u0627 \u0637\u0648\u064a\u0644\u064b\u0627. \u0627\u0628\u062f\u0623\u0647 \u0645\u0646 \u062c\u062f\u064a\u062f.";

	private static final Map<String, String> ARABIC = Map.ofEntries(
			Map.entry("title", "\u062a\u0645 \u0631\u0641\u0636 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644"),
			Map.entry("title.again", "\u064a\u0631\u062c\u0649 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644 \u0645\u0631\u0629 \u0623\u062e\u0631\u0649"),
			Map.entry(SsoRoleMapper.ROLE_MISSING,
					"\u0644\u0645 \u064a\u0630\u0643\u0631 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644 \u062f\u0648\u0631\u0643 \u0641\u064a \u0647\u0630\u0627 \u0627\u0644\u062a\u0637\u0628\u064a\u0642."),
			Map.entry(SsoRoleMapper.ROLE_UNKNOWN,
					"\u0623\u0639\u0637\u0649 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644 \u062f\u0648\u0631\u064b\u0627 \u0644\u0627 \u064a\u0639\u0631\u0641\u0647 \u0647\u0630\u0627 \u0627\u0644\u062a\u0637\u0628\u064a\u0642."),
			Map.entry(SsoRoleMapper.ROLE_NOT_ALLOWED,
					"\u0644\u0627 \u064a\u0633\u0645\u062d \u0644\u0643 \u062f\u0648\u0631\u0643 \u0628\u0627\u0633\u062a\u062e\u062f\u0627\u0645 \u0647\u0630\u0627 \u0627\u0644\u062a\u0637\u0628\u064a\u0642."),
			Map.entry("access_denied",
					"\u0644\u064a\u0633 \u0644\u062f\u064a\u0643 \u0635\u0644\u0627\u062d\u064a\u0629 \u0627\u0644\u0648\u0635\u0648\u0644 \u0625\u0644\u0649 \u0647\u0630\u0627 \u0627\u0644\u062a\u0637\u0628\u064a\u0642."),
			Map.entry(NOT_STARTED, NOT_STARTED_AR), Map.entry(BAD_STATE, NOT_STARTED_AR),
			Map.entry("other",
					"\u062a\u0639\u0630\u0651\u0631 \u0625\u0643\u0645\u0627\u0644 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644."),
			Map.entry("error", "\u0627\u0644\u062e\u0637\u0623"),
			Map.entry("again", "\u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644 \u0645\u0631\u0629 \u0623\u062e\u0631\u0649"),
			Map.entry("someone", "\u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644 \u0628\u062d\u0633\u0627\u0628 \u0622\u062e\u0631"),
			Map.entry("home", "\u0627\u0644\u0630\u0647\u0627\u0628 \u0625\u0644\u0649 \u0627\u0644\u0635\u0641\u062d\u0629 \u0627\u0644\u0631\u0626\u064a\u0633\u064a\u0629"));

	private SignInRefusalPage() {
	}

	/**
	 * Writes the page.
	 * @param signInPath where signing in starts in this app (relative to its context path)
	 * @param signOutUrl the provider's end-session URL that signs the refused person out and comes
	 * back to this app, or {@code null} when there is none
	 */
	static void write(HttpServletRequest request, HttpServletResponse response, String code, String signInPath,
			String signOutUrl) throws IOException {
		boolean arabic = "ar".equals(request.getLocale().getLanguage());
		Map<String, String> text = arabic ? ARABIC : ENGLISH;
		boolean notStarted = NOT_STARTED.equals(code) || BAD_STATE.equals(code);
		String message = text.getOrDefault(code, text.get("other"));
		String home = request.getContextPath() + "/";
		StringBuilder links = new StringBuilder();
		if (notStarted || signOutUrl == null) {
			links.append(link("again", request.getContextPath() + signInPath, text.get("again"), notStarted));
		}
		if (signOutUrl != null) {
			links.append(link("someone", signOutUrl, text.get("someone"), !notStarted));
		}
		links.append(link("home", home, text.get("home"), false));
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType("text/html");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Language", arabic ? "ar" : "en");
		String title = text.get(notStarted ? "title.again" : "title");
		response.getWriter()
			.write("<!DOCTYPE html><html lang=\"" + (arabic ? "ar" : "en") + "\" dir=\"" + (arabic ? "rtl" : "ltr")
					+ "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
					+ "initial-scale=1\"><title>" + title + "</title><style>" + STYLE + "</style></head><body><main>"
					+ "<h1>" + title + "</h1><p id=\"reason\">" + HtmlUtils.htmlEscape(message)
					+ "</p><p class=\"code\">" + text.get("error") + ": <code>"
					+ HtmlUtils.htmlEscape(code.toLowerCase(Locale.ROOT)) + "</code></p><nav>" + links
					+ "</nav></main></body></html>");
	}

	private static String link(String id, String href, String label, boolean primary) {
		return "<a id=\"" + id + "\"" + (primary ? " class=\"primary\"" : "") + " href=\""
				+ HtmlUtils.htmlEscape(href) + "\">" + label + "</a>";
	}

	private static String sha256(String text) {
		try {
			return "sha256-" + Base64.getEncoder()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
