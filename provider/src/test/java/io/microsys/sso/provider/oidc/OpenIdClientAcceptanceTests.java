package io.microsys.sso.provider.oidc;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.ConnectedApps;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.NodeScripts;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance by a certified relying party: openid-client (Node) against the running provider, one
 * script of {@code src/test/node} per test, asserting with {@code node:assert}. The scripts read
 * the issuer, the app and the person from {@code SSO_*} environment variables set here.
 */
@ProviderIntegrationTest
class OpenIdClientAcceptanceTests {

	final Provider provider;

	OpenIdClientAcceptanceTests(Provider provider) {
		this.provider = provider;
	}

	@Test
	void codeFlowWhenCertifiedRelyingPartyThenTokensValidateWithRoleRefreshAndRevocation() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoUser person = this.provider.fixtures().user();
		this.provider.fixtures().membership(app, person, MembershipRole.STAFF);
		Map<String, String> environment = NodeScripts.environment(this.provider, app, person);
		environment.put("SSO_EXPECTED_ROLE", "staff");

		NodeScripts.run("code-flow.mjs", environment);
	}

	@Test
	void codeFlowWhenAppRegisteredFromTheConsoleThenCertifiedRelyingPartySignsInWithTheSecretShownOnce() {
		Browser staff = Pages.signedIn(this.provider.origin(),
				new TestStaff(this.provider).unscoped(Permission.CLIENTS_VIEW, Permission.CLIENTS_ADD));
		String clientId = TestFixtures.unique("console-rp");
		HttpResponse<String> page = staff.get(this.provider.origin() + "/sys/clients/new");
		HttpResponse<String> created = staff.submitForm(page, "form#app-form",
				Map.of("clientId", clientId, "name", "Console RP", "redirectUris", TestFixtures.REDIRECT_URI,
						"scopes", "openid profile email offline_access", "allowLocalhostRedirects", "true"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		String secret = Jsoup.parse(created.body()).selectFirst("#secret-value").text();
		SsoClient app = this.provider.context().getBean(ConnectedApps.class).byClientId(clientId).orElseThrow();
		SsoUser person = this.provider.fixtures().user();
		this.provider.fixtures().membership(app, person, MembershipRole.ADMIN);
		Map<String, String> environment = NodeScripts.environment(this.provider, app, person);
		environment.put("SSO_CLIENT_SECRET", secret);
		environment.put("SSO_EXPECTED_ROLE", "admin");

		NodeScripts.run("code-flow.mjs", environment);
	}

	@Test
	void reauthenticationWhenCertifiedRelyingPartyAsksForItThenSignInAgainAndErrorsCarryTheIssuer() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoUser person = this.provider.fixtures().user();
		this.provider.fixtures().membership(app, person, MembershipRole.USER);

		NodeScripts.run("reauthentication.mjs", NodeScripts.environment(this.provider, app, person));
	}

	@Test
	void deviceFlowWhenCertifiedRelyingPartyPollsThenPersonAllowsOnTheDevicePageAndDenialEndsPolling() {
		SsoClient app = this.provider.fixtures()
			.confidentialClient((c) -> c.setGrantTypes(List.of("urn:ietf:params:oauth:grant-type:device_code")));
		SsoUser person = this.provider.fixtures().user();
		this.provider.fixtures().membership(app, person, MembershipRole.STAFF);
		Map<String, String> environment = NodeScripts.environment(this.provider, app, person);
		environment.put("SSO_EXPECTED_ROLE", "staff");

		NodeScripts.run("device-flow.mjs", environment);
	}

	@Test
	void parAndDpopWhenCertifiedRelyingPartyThenPushedRequestAndBoundTokens() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
			c.getPolicy().setRequirePar(true);
			c.getPolicy().setRequireDpop(true);
		});
		SsoUser person = this.provider.fixtures().user();
		this.provider.fixtures().membership(app, person, MembershipRole.ADMIN);
		Map<String, String> environment = NodeScripts.environment(this.provider, app, person);
		environment.put("SSO_EXPECTED_ROLE", "admin");

		NodeScripts.run("par-dpop.mjs", environment);
	}

}
