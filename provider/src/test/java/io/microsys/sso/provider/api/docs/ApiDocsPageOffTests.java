package io.microsys.sso.provider.api.docs;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code microsys.sso.api.docs-ui=false} there is no Swagger UI, even for staff; the document stays. */
@ProviderIntegrationTest
@TestPropertySource(properties = { "microsys.test.context=api-docs-off", "microsys.sso.api.docs-ui=false" })
class ApiDocsPageOffTests {

	final Provider provider;

	ApiDocsPageOffTests(Provider provider) {
		this.provider = provider;
	}

	@Test
	void pageWhenTurnedOffThenNotFound() {
		Browser browser = Pages.signedIn(this.provider.origin(), new TestStaff(this.provider).superuser());
		assertThat(browser.get(this.provider.origin() + "/sys").statusCode()).isEqualTo(200);
		assertThat(browser.get(this.provider.origin() + "/api/admin/docs").statusCode()).isEqualTo(404);
		assertThat(browser.get(this.provider.origin() + "/api/admin/docs/assets/swagger-ui/swagger-ui-bundle.js")
			.statusCode()).isEqualTo(404);
		assertThat(OpenApiDocs.fetch(this.provider).get("openapi").asString()).startsWith("3.1.");
	}

}
