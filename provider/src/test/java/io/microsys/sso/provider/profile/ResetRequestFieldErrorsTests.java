package io.microsys.sso.provider.profile;

import java.net.http.HttpResponse;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The "forgot your password" form: nothing or too much typed shows the error beside the login field. */
@ProviderIntegrationTest
class ResetRequestFieldErrorsTests {

	final Provider provider;

	ResetRequestFieldErrorsTests(Provider provider) {
		this.provider = provider;
	}

	@Test
	void requestWhenLoginBlankOrOversizedThenErrorBesideLogin() {
		Browser browser = new Browser();
		HttpResponse<String> page = browser.get(this.provider.origin() + "/accounts/password/reset");
		Document first = Jsoup.parse(page.body());
		assertThat(first.getElementById("login-error")).isNull();
		assertThat(first.getElementById("login").hasAttr("aria-invalid")).isFalse();

		for (String typed : new String[] { "", "  ", "x".repeat(255) }) {
			HttpResponse<String> again = browser.followWithin(browser.submitForm(page, Map.of("login", typed)),
					this.provider.origin());

			assertThat(again.statusCode()).isEqualTo(200);
			Document shown = Jsoup.parse(again.body());
			Element input = shown.getElementById("login");
			Element error = shown.getElementById("login-error");
			assertThat(error).as(typed).isNotNull();
			assertThat(input.nextElementSibling()).isEqualTo(error);
			assertThat(input.attr("aria-invalid")).isEqualTo("true");
			assertThat(input.attr("aria-describedby")).isEqualTo("login-error");
			assertThat(error.text()).isEqualTo("Enter your email address or username.");
		}
	}

}
