package io.microsys.sso.provider.login;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in page in both languages, and password hashes upgraded at sign-in. */
@ProviderIntegrationTest
class LoginPageTests {

	final Provider provider;

	@Autowired
	UserRepository users;

	LoginPageTests(Provider provider) {
		this.provider = provider;
	}

	String loginUrl() {
		return this.provider.origin() + "/accounts/login";
	}

	HttpResponse<String> getWithLanguage(String url, String acceptLanguage) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).header("Accept-Language", acceptLanguage).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void loginPageWhenBrowserPrefersArabicThenArabicRightToLeft() throws Exception {
		HttpResponse<String> page = getWithLanguage(loginUrl(), "ar-SA,ar;q=0.9,en;q=0.5");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<html lang=\"ar\" dir=\"rtl\">").contains("تسجيل الدخول")
			.contains("كلمة المرور");
	}

	@Test
	void loginPageWhenBrowserPrefersUnsupportedLanguageThenEnglish() throws Exception {
		HttpResponse<String> page = getWithLanguage(loginUrl(), "fr-FR,fr;q=0.9");

		assertThat(page.body()).contains("<html lang=\"en\" dir=\"ltr\">").contains("Sign in");
	}

	@Test
	void loginPageWhenMailServerConfiguredThenForgotPasswordLinkLeadsToTheResetForm() {
		Browser browser = new Browser();
		HttpResponse<String> login = browser.get(loginUrl());

		assertThat(login.body()).contains("<a id=\"forgot\" href=\"/accounts/password/reset\">Forgot your password?</a>");
		assertThat(browser.get(loginUrl().replace("login", "password/reset")).body())
			.contains("<form method=\"post\" action=\"/accounts/password/reset\">");
	}

	@Test
	void loginPageWhenLanguageChosenThenKeptForNextPages() {
		Browser browser = new Browser();

		assertThat(browser.get(loginUrl() + "?lang=ar").body()).contains("dir=\"rtl\"");
		assertThat(browser.get(loginUrl()).body()).contains("dir=\"rtl\"");
		assertThat(browser.get(loginUrl() + "?lang=en").body()).contains("dir=\"ltr\"");
	}

	@Test
	void logoutPageWhenConfirmedThenSessionEnded() {
		TestFixtures fixtures = this.provider.fixtures();
		SsoUser user = fixtures.user();
		Browser browser = new Browser();
		String home = loginUrl().replace("/accounts/login", "/");
		HttpResponse<String> login = browser.followWithin(browser.get(home), home);
		HttpResponse<String> signedIn = browser.followWithin(browser.submitForm(login,
				java.util.Map.of("username", user.getUsername(), "password", TestFixtures.PASSWORD)), home);
		assertThat(signedIn.body()).contains("You are signed in as " + user.getUsername());

		HttpResponse<String> confirm = browser.get(loginUrl().replace("login", "logout"));
		HttpResponse<String> out = browser.followWithin(browser.submitForm(confirm, java.util.Map.of()), home);

		assertThat(out.body()).contains("You have been signed out.");
		assertThat(Browser.location(browser.get(home))).endsWith("/accounts/login");
	}

	@Test
	void loginWhenStoredHashIsBcryptThenUpgradedToArgon2id() {
		assertThat(hashAfterSignInWith("{bcrypt}" + new BCryptPasswordEncoder().encode(TestFixtures.PASSWORD)))
			.startsWith("{argon2}$argon2id$v=19$m=7168,t=5,p=1$");
	}

	@Test
	void loginWhenStoredHashIsTheEarlierArgon2idSettingThenUpgradedToTheCurrentOne() {
		String earlier = "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2).encode(TestFixtures.PASSWORD);

		assertThat(hashAfterSignInWith(earlier)).startsWith("{argon2}$argon2id$v=19$m=7168,t=5,p=1$");
	}

	/** Signs in a member of an app whose stored password hash is {@code storedHash}; the hash after it. */
	private String hashAfterSignInWith(String storedHash) {
		TestFixtures fixtures = this.provider.fixtures();
		SsoClient client = fixtures.confidentialClient((c) -> {
		});
		SsoUser user = fixtures.user((u) -> u.setPasswordHash(storedHash));
		fixtures.membership(client, user, MembershipRole.USER);
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);

		app.code(new Browser(), app.request(), user.getUsername(), TestFixtures.PASSWORD);

		return this.users.findById(user.getId()).orElseThrow().getPasswordHash();
	}

}
