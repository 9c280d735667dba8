package io.microsys.sso.provider.api.docs;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may open the admin API's Swagger UI at {@code /api/admin/docs}, over HTTP: signed-in staff
 * get the page (scripts carrying the response's CSP nonce, the webjar's files served to them); a
 * person who is not staff gets what the console gives them; a signed-out visitor the sign-in page.
 */
@ProviderIntegrationTest
class ApiDocsPageTests {

	final Provider provider;

	final TestStaff staff;

	ApiDocsPageTests(Provider provider) {
		this.provider = provider;
		this.staff = new TestStaff(provider);
	}

	@Test
	void pageWhenStaffThenLoadsSwaggerUiWithTheNonce() {
		SsoUser member = this.staff.unscoped(Permission.USERS_VIEW);
		Browser browser = Pages.signedIn(this.provider.origin(), member);
		HttpResponse<String> page = browser.get(this.provider.origin() + "/api/admin/docs");
		assertThat(page.statusCode()).isEqualTo(200);
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		Matcher nonce = Pattern.compile("'nonce-([^']+)'").matcher(policy);
		assertThat(nonce.find()).isTrue();
		assertThat(policy).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
		Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page.body());
		int count = 0;
		while (scripts.find()) {
			assertThat(scripts.group(1)).contains("nonce=\"" + nonce.group(1) + "\"");
			count++;
		}
		assertThat(count).isEqualTo(2);
		assertThat(page.body()).contains("/api/admin/v1/openapi.json", "microsys.admin");
		// The page names the webjar's files with their version (the link encoder adds it).
		Matcher src = Pattern.compile("src=\"(/api/admin/docs/assets/swagger-ui/[0-9.]+/swagger-ui-bundle\\.js)\"")
			.matcher(page.body());
		assertThat(src.find()).as(page.body()).isTrue();
		assertThat(browser.get(this.provider.origin() + src.group(1)).statusCode()).isEqualTo(200);
		HttpResponse<String> bundle = browser.get(this.provider.origin() + "/api/admin/docs/assets/swagger-ui/swagger-ui-bundle.js");
		assertThat(bundle.statusCode()).isEqualTo(200);
		assertThat(bundle.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).contains("javascript"));
		assertThat(browser.get(this.provider.origin() + "/api/admin/docs/assets/swagger-ui/swagger-ui.css").statusCode())
			.isEqualTo(200);
	}

	@Test
	void pageWhenArabicThenOurTextsAreArabicAndSwaggerUiStaysLeftToRight() {
		Browser browser = Pages.signedIn(this.provider.origin(), this.staff.unscoped());
		HttpResponse<String> page = browser.get(this.provider.origin() + "/api/admin/docs?lang=ar");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("dir=\"rtl\"", "واجهة برمجة الإدارة", "<div id=\"swagger-ui\" dir=\"ltr\"");
	}

	@Test
	void pageWhenNotStaffThenRefusedAsTheConsoleRefuses() {
		SsoUser person = this.provider.fixtures().user();
		Browser browser = Pages.signedIn(this.provider.origin(), person);
		int console = browser.get(this.provider.origin() + "/sys").statusCode();
		assertThat(console).isIn(403, 404);
		assertThat(browser.get(this.provider.origin() + "/api/admin/docs").statusCode()).isEqualTo(console);
		assertThat(browser.get(this.provider.origin() + "/api/admin/docs/assets/swagger-ui/swagger-ui-bundle.js")
			.statusCode()).isEqualTo(console);
	}

	@Test
	void pageWhenSignedOutThenSignInPage() {
		Browser browser = new Browser();
		for (String path : new String[] { "/api/admin/docs", "/api/admin/docs/assets/swagger-ui/swagger-ui-bundle.js" }) {
			HttpResponse<String> answer = browser.get(this.provider.origin() + path);
			assertThat(Browser.isRedirect(answer)).as(path).isTrue();
			assertThat(Browser.location(answer)).as(path).endsWith("/accounts/login");
		}
	}

}
