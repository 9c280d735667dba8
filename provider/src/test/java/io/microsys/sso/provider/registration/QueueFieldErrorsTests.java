package io.microsys.sso.provider.registration;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registration queue's forms over real HTTP: a bad filter and a too-long reason answer 400 with
 * the queue again and the error beside the field it is about, and decide nothing.
 */
@ProviderIntegrationTest
class QueueFieldErrorsTests {

	final Provider provider;

	@Autowired
	UserRepository users;

	QueueFieldErrorsTests(Provider provider) {
		this.provider = provider;
	}

	private SsoUser waiting(String firstName) {
		return this.provider.fixtures().user(AccountOrigin.SIGNUP, (u) -> {
			u.setFirstName(firstName);
			u.setStatus(UserStatus.PENDING_APPROVAL);
		});
	}

	private Browser superuser() {
		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		return Pages.signedIn(this.provider.origin(), superuser);
	}

	/** The error of the input {@code id}, checked to sit right after it and to be announced by it. */
	private static Element errorBeside(Document page, String id) {
		Element input = page.getElementById(id);
		Element error = page.getElementById(id + "-error");
		assertThat(input).as(id).isNotNull();
		assertThat(error).as(id + "-error").isNotNull();
		assertThat(input.nextElementSibling()).as("beside " + id).isEqualTo(error);
		assertThat(input.attr("aria-invalid")).isEqualTo("true");
		assertThat(input.attr("aria-describedby").split(" ")).contains(id + "-error");
		return error;
	}

	@Test
	void queueWhenStatusUnknownThenErrorBesideStatusAnd400() {
		HttpResponse<String> refused = superuser().get(this.provider.origin() + "/sys/registrations?status=everything");

		assertThat(refused.statusCode()).isEqualTo(400);
		Document page = Jsoup.parse(refused.body());
		assertThat(errorBeside(page, "status").text()).isEqualTo("Choose one of the listed states.");
		assertThat(page.getElementById("q-error")).isNull();
		assertThat(page.getElementById("q").hasAttr("aria-invalid")).isFalse();
		assertThat(page.select("#problem[role=alert]").text()).contains("That filter is not valid");
		assertThat(page.selectFirst("#status option[selected]").val()).isEqualTo("pending");
	}

	@Test
	void queueWhenSearchTooLongThenErrorBesideSearchAnd400() {
		HttpResponse<String> refused = superuser().get(this.provider.origin() + "/sys/registrations?q=" + "x".repeat(101));

		assertThat(refused.statusCode()).isEqualTo(400);
		Document page = Jsoup.parse(refused.body());
		assertThat(errorBeside(page, "q").text()).isEqualTo("Search with at most 100 characters.");
		assertThat(page.getElementById("status-error")).isNull();
		assertThat(page.getElementById("q").val()).isEmpty();
	}

	@Test
	void queueWhenPageNotANumberThen400WithItsError() {
		HttpResponse<String> refused = superuser().get(this.provider.origin() + "/sys/registrations?page=1e3");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(refused.body()).getElementById("page-error").text())
			.isEqualTo("That page number is not valid.");
	}

	@Test
	void decideWhenReasonTooLongThenErrorBesideThatReasonAnd400AndStillWaiting() {
		String marker = TestFixtures.unique("Queue");
		SsoUser applicant = waiting(marker);
		Browser admin = superuser();
		for (String action : new String[] { "approve", "reject" }) {
			HttpResponse<String> queue = admin.get(this.provider.origin() + "/sys/registrations?q=" + marker);
			String csrf = Browser.csrfToken(queue);
			HttpResponse<String> refused = admin.post(
					this.provider.origin() + "/sys/registrations/" + applicant.getUuid() + "/" + action,
					Map.of("_csrf", csrf, "reason", "r".repeat(501)));

			assertThat(refused.statusCode()).as(action).isEqualTo(400);
			Document page = Jsoup.parse(refused.body());
			assertThat(errorBeside(page, "reason-" + applicant.getUuid()).text())
				.isEqualTo("The reason can have at most 500 characters.");
			assertThat(page.select("#problem[role=alert]").text()).isEqualTo("The reason can have at most 500 characters.");
			assertThat(page.select("[aria-invalid=true]")).hasSize(1);
			SsoUser kept = this.users.findById(applicant.getId()).orElseThrow();
			assertThat(kept.getStatus()).isEqualTo(UserStatus.PENDING_APPROVAL);
			assertThat(kept.getReviewedAt()).isNull();
			assertThat(kept.getReviewReason()).isNull();
		}
	}

	@Test
	void decideWhenReasonFiveHundredCharactersThenDecided() {
		SsoUser applicant = waiting(TestFixtures.unique("Queue"));
		Browser admin = superuser();
		String csrf = Browser.csrfToken(admin.get(this.provider.origin() + "/sys/registrations"));
		HttpResponse<String> decided = admin.post(
				this.provider.origin() + "/sys/registrations/" + applicant.getUuid() + "/reject",
				Map.of("_csrf", csrf, "reason", "r".repeat(500)));

		assertThat(Browser.location(decided)).endsWith("/sys/registrations?done=rejected");
		assertThat(this.users.findById(applicant.getId()).orElseThrow().getReviewReason()).hasSize(500);
	}

}
