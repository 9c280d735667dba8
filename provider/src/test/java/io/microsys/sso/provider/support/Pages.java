package io.microsys.sso.provider.support;

import java.net.http.HttpResponse;
import java.util.Map;

import io.microsys.sso.provider.account.SsoUser;

import static org.assertj.core.api.Assertions.assertThat;

/** A person at the provider's own pages: where they are, and signing in through the login page. */
public final class Pages {

	private Pages() {
	}

	/** The provider's origin (where the pages are) for an issuer such as {@code http://localhost:1234/o}. */
	public static String origin(String issuer) {
		return issuer.substring(0, issuer.lastIndexOf('/'));
	}

	/** Gives the username and password on the login page; returns where the redirects end. */
	public static HttpResponse<String> password(Browser browser, String origin, String username, String password) {
		HttpResponse<String> page = browser.get(origin + "/accounts/login");
		return browser.followWithin(browser.submitForm(page, Map.of("username", username, "password", password)),
				origin);
	}

	/** A new browser where the fixture user signed in (no second factor). */
	public static Browser signedIn(String origin, SsoUser user) {
		return signedIn(origin, user, null);
	}

	/** A new browser where the fixture user signed in, with a code from {@code app} when asked. */
	public static Browser signedIn(String origin, SsoUser user, Authenticator app) {
		Browser browser = new Browser();
		HttpResponse<String> next = password(browser, origin, user.getUsername(), TestFixtures.PASSWORD);
		if (app != null && next.uri().getPath().equals("/accounts/login/challenge")) {
			next = browser.followWithin(browser.submitForm(next, "form#challenge", Map.of("code", app.nextCode())),
					origin);
		}
		assertThat(next.uri().getPath()).as(next.body()).isEqualTo("/");
		return browser;
	}

}
