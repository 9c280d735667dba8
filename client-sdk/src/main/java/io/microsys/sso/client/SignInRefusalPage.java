package io.microsys.sso.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.util.HtmlUtils;

/**
 * The page shown when a sign-in is refused (403, no session): in English, or in Arabic (right to
 * left) when the browser prefers it, with the error code so that support can tell the cases apart.
 */
final class SignInRefusalPage {

	private static final Map<String, String> ENGLISH = Map.of("title",
			"Sign-in refused", SsoRoleMapper.ROLE_MISSING,
			"The sign-in did not say which role you have in this application.",
			SsoRoleMapper.ROLE_UNKNOWN, "The sign-in gave a role this application does not know.",
			SsoRoleMapper.ROLE_NOT_ALLOWED, "Your role does not allow you to use this application.",
			"access_denied", "You do not have access to this application.", "other",
			"The sign-in could not be completed.", "error", "Error");

	private static final Map<String, String> ARABIC = Map.of("title",
			"\u062a\u0645 \u0631\u0641\u0636 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644",
			SsoRoleMapper.ROLE_MISSING,
			"\u0644\u0645 \u064a\u0630\u0643\u0631 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644 \u062f\u0648\u0631\u0643 \u0641\u064a \u0647\u0630\u0627 \u0627\u0644\u062a\u0637\u0628\u064a\u0642.",
			SsoRoleMapper.ROLE_UNKNOWN,
			"\u0623\u0639\u0637\u0649 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644 \u062f\u0648\u0631\u064b\u0627 \u0644\u0627 \u064a\u0639\u0631\u0641\u0647 \u0647\u0630\u0627 \u0627\u0644\u062a\u0637\u0628\u064a\u0642.",
			SsoRoleMapper.ROLE_NOT_ALLOWED,
			"\u0644\u0627 \u064a\u0633\u0645\u062d \u0644\u0643 \u062f\u0648\u0631\u0643 \u0628\u0627\u0633\u062a\u062e\u062f\u0627\u0645 \u0647\u0630\u0627 \u0627\u0644\u062a\u0637\u0628\u064a\u0642.",
			"access_denied",
			"\u0644\u064a\u0633 \u0644\u062f\u064a\u0643 \u0635\u0644\u0627\u062d\u064a\u0629 \u0627\u0644\u0648\u0635\u0648\u0644 \u0625\u0644\u0649 \u0647\u0630\u0627 \u0627\u0644\u062a\u0637\u0628\u064a\u0642.",
			"other",
			"\u062a\u0639\u0630\u0651\u0631 \u0625\u0643\u0645\u0627\u0644 \u062a\u0633\u062c\u064a\u0644 \u0627\u0644\u062f\u062e\u0648\u0644.",
			"error", "\u0627\u0644\u062e\u0637\u0623");

	private SignInRefusalPage() {
	}

	static void write(HttpServletRequest request, HttpServletResponse response, String code) throws IOException {
		boolean arabic = "ar".equals(request.getLocale().getLanguage());
		Map<String, String> text = arabic ? ARABIC : ENGLISH;
		String message = text.getOrDefault(code, text.get("other"));
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType("text/html");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Content-Language", arabic ? "ar" : "en");
		response.getWriter()
			.write("<!DOCTYPE html><html lang=\"" + (arabic ? "ar" : "en") + "\" dir=\"" + (arabic ? "rtl" : "ltr")
					+ "\"><head><meta charset=\"utf-8\"><title>" + text.get("title") + "</title></head><body><h1>"
					+ text.get("title") + "</h1><p>" + HtmlUtils.htmlEscape(message) + "</p><p>"
					+ text.get("error") + ": <code>" + HtmlUtils.htmlEscape(code.toLowerCase(Locale.ROOT))
					+ "</code></p></body></html>");
	}

}
