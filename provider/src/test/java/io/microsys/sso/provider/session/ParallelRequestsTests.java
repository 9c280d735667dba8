package io.microsys.sso.provider.session;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many requests of one browser session at once (pages opened in several tabs, a page and its
 * styles right after signing in), over real HTTP on the real database (MariaDB in the MySQL run):
 * every request answers, requests that write the same new session attribute at once (a message
 * for the next page) do not collide, and the CSRF token every page shows right after sign-in is
 * the one the session keeps.
 */
@ProviderIntegrationTest
class ParallelRequestsTests {

	private static final int THREADS = 16;

	private static final int ROUNDS = 4;

	private final Provider provider;

	private final JdbcClient jdbc;

	private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

	ParallelRequestsTests(Provider provider) {
		this.provider = provider;
		this.jdbc = provider.context().getBean(JdbcClient.class);
	}

	@AfterEach
	void stopThreads() {
		this.pool.shutdownNow();
	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	/** The pages (half the console, half the profile) the threads open at once. */
	private List<HttpResponse<String>> openAtOnce(Browser browser) throws Exception {
		return Simultaneous.all(this.pool, THREADS,
				(thread) -> browser.get(url((thread % 2 == 0) ? "/sys" : "/accounts/profile")));
	}

	private static List<Integer> statuses(List<HttpResponse<String>> answers) {
		return answers.stream().map(HttpResponse::statusCode).toList();
	}

	private long groupsNamed(String prefix) {
		return this.jdbc.sql("SELECT COUNT(*) FROM sso_group WHERE name_key LIKE :prefix")
			.param("prefix", prefix.toLowerCase() + "%")
			.query(Long.class)
			.single();
	}

	@Test
	void pagesWhenOneSessionOpensManyAtOnceRightAfterSignInThenEveryOneAnswersAndEachFormIsAccepted()
			throws Exception {
		SsoUser superuser = new TestStaff(this.provider).superuser();
		for (int round = 0; round < ROUNDS; round++) {
			Browser browser = new Browser();
			HttpResponse<String> login = browser.get(url("/accounts/login"));
			HttpResponse<String> signedIn = browser.submitForm(login,
					Map.of("username", superuser.getUsername(), "password", TestFixtures.PASSWORD));
			assertThat(Browser.isRedirect(signedIn)).isTrue();
			assertThat(Browser.location(signedIn)).doesNotContain("/accounts/login");

			// The first requests after sign-in: before the fix each wrote the session's new CSRF token.
			List<HttpResponse<String>> first = openAtOnce(browser);
			assertThat(statuses(first)).as("round %d, right after sign-in", round).containsOnly(200);
			assertThat(statuses(openAtOnce(browser))).as("round %d, once signed in", round).containsOnly(200);

			// Every page's forms work: a group without a name is refused as bad input, not as forged.
			for (HttpResponse<String> page : first) {
				HttpResponse<String> refused = browser.post(url("/sys/groups"),
						Map.of("_csrf", Browser.csrfToken(page), "name", ""));
				assertThat(refused.statusCode()).as("a form of %s", page.uri()).isEqualTo(400);
			}
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM SSO_HTTP_SESSION WHERE PRINCIPAL_NAME = :uuid")
			.param("uuid", superuser.getUuid())
			.query(Long.class)
			.single()).isEqualTo(ROUNDS);
	}

	@Test
	void formsWhenOneSessionPostsManyAtOnceThenEveryOneAnswersWithItsMessage() throws Exception {
		SsoUser superuser = new TestStaff(this.provider).superuser();
		String prefix = TestFixtures.unique("Tab");
		Browser browser = Pages.signedIn(this.provider.origin(), superuser);
		for (int round = 0; round < ROUNDS; round++) {
			String token = Browser.csrfToken(browser.get(url("/sys/groups/new")));
			int before = round * THREADS;

			// Each answer leaves a message for the next page in the session: the first in this
			// session (round 0) is a new attribute every request adds at once.
			List<HttpResponse<String>> created = Simultaneous.all(this.pool, THREADS,
					(thread) -> browser.post(url("/sys/groups"), Map.of("_csrf", token, "name",
							prefix + " " + (before + thread), "permissions", "users.view")));

			assertThat(statuses(created)).as("round %d", round).containsOnly(302);
			assertThat(groupsNamed(prefix)).isEqualTo(before + THREADS);
			assertThat(browser.get(url("/sys/groups")).statusCode()).isEqualTo(200);
		}
	}

}
