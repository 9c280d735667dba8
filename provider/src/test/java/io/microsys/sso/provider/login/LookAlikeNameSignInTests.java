package io.microsys.sso.provider.login;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person, one name, over real HTTP sign-ins (on MariaDB too, whose default collation made
 * {@code bób} and {@code bob} one value): a spelling with an accent, a no-break or zero-width
 * space is not the account; a difference of case (or full-width letters) is the same account;
 * guesses under any of these spellings count against the one name; and an account named after
 * someone's address does not take that address's sign-ins.
 */
@ProviderIntegrationTest
class LookAlikeNameSignInTests {

	final Provider provider;

	LookAlikeNameSignInTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
	}

	/** The login form's answer: where it redirects. */
	private String signIn(Browser browser, String username, String password) {
		HttpResponse<String> page = browser.get(this.provider.origin() + "/accounts/login");
		return Browser.location(browser.submitForm(page, Map.of("username", username, "password", password)));
	}

	private SsoUser named(String prefix) {
		String name = TestFixtures.unique(prefix);
		return this.provider.fixtures().user((u) -> u.setUsername(name));
	}

	@Test
	void signInWhenAccentOrInvisibleCharacterThenNotTheAccountAndCaseIsTheSameAccount() {
		SsoUser bob = named("bob");
		SsoUser alice = named("alice");
		String bobTail = bob.getUsername().substring(3);
		String aliceTail = alice.getUsername().substring(5);
		List<String> bobSpellings = List.of("bób" + bobTail, bob.getUsername() + "\u00a0",
				bob.getUsername() + "\u200b");
		List<String> aliceSpellings = List.of("alicé" + aliceTail, ("alicé" + aliceTail).toUpperCase(Locale.ROOT),
				"àlice" + aliceTail);
		for (String spelling : bobSpellings) {
			assertThat(signIn(new Browser(), spelling, TestFixtures.PASSWORD)).as(spelling)
				.endsWith("/accounts/login?error");
		}
		for (String spelling : aliceSpellings) {
			assertThat(signIn(new Browser(), spelling, TestFixtures.PASSWORD)).as(spelling)
				.endsWith("/accounts/login?error");
		}
		// Case, and full-width letters (Unicode NFKC), make no other name: it is bob's account.
		for (String same : List.of(bob.getUsername().toUpperCase(Locale.ROOT), "ｂｏｂ" + bobTail)) {
			Browser browser = new Browser();
			HttpResponse<String> home = Pages.password(browser, this.provider.origin(), same, TestFixtures.PASSWORD);
			assertThat(home.uri().getPath()).as(same).isEqualTo("/");
			assertThat(browser.get(this.provider.origin() + "/accounts/profile").body()).contains(bob.getUsername());
		}
	}

	@Test
	void signInWhenGuessesUnderLookAlikeSpellingsThenTheNameItselfIsThrottled() {
		SsoUser bob = named("bob");
		String tail = bob.getUsername().substring(3);
		List<String> spellings = List.of("bób" + tail, "BÓB" + tail, bob.getUsername() + "\u00a0",
				bob.getUsername() + "\u200b", "b\u00adob" + tail);
		for (String spelling : spellings) {
			assertThat(signIn(new Browser(), spelling, "wrong-password")).as(spelling).contains("/accounts/login?error");
		}
		this.provider.fixtures().failedSignIns("BÓB" + tail, 5);

		assertThat(signIn(new Browser(), bob.getUsername(), TestFixtures.PASSWORD))
			.endsWith("/accounts/login?error=throttled");
	}

	@Test
	void signInWhenAnAccountIsNamedAfterSomeonesAddressThenTheAddressSignsInItsOwner() {
		SsoUser alice = named("alice");
		SsoUser squatter = this.provider.fixtures().user((u) -> u.setUsername(alice.getEmail()));
		assertThat(squatter.getUsername()).isEqualTo(alice.getEmail());

		Browser browser = new Browser();
		HttpResponse<String> home = Pages.password(browser, this.provider.origin(), alice.getEmail().toUpperCase(Locale.ROOT),
				TestFixtures.PASSWORD);

		assertThat(home.uri().getPath()).isEqualTo("/");
		assertThat(browser.get(this.provider.origin() + "/accounts/profile").body()).contains(alice.getEmail())
			.doesNotContain(squatter.getEmail());
	}

}
