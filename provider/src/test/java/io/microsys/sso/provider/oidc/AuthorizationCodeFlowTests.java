package io.microsys.sso.provider.oidc;

import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** The authorization code flow with PKCE, end to end over HTTP, through the real login page. */
@ProviderIntegrationTest
class AuthorizationCodeFlowTests {

	final Provider provider;

	AuthorizationCodeFlowTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
	}

	@ParameterizedTest
	@EnumSource(MembershipRole.class)
	void codeFlowWhenConfidentialClientThenIdTokenCarriesRoleForThisClient(MembershipRole role) throws Exception {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, role);
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = app.request();

		String code = app.code(new Browser(), request, user.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = app.exchange(code, request.pkce.verifier());

		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		JWTClaimsSet idToken = app.verify(tokens.string("id_token"));
		assertThat(idToken.getIssuer()).isEqualTo(this.provider.issuer());
		assertThat(idToken.getAudience()).containsExactly(client.getClientId());
		assertThat(idToken.getClaim("nonce")).isEqualTo(request.nonce);
		assertThat(idToken.getSubject()).isEqualTo(user.getUuid());
		assertThat(idToken.getClaim("auth_time")).isNotNull();
		assertThat(idToken.getClaim("microsys_sso_role")).isEqualTo(role.claimValue());
		assertThat(idToken.getClaim("microsys_sso_client_id")).isEqualTo(client.getClientId());
		assertThat(idToken.getJSONObjectClaim("microsys_sso"))
			.isEqualTo(Map.of("role", role.claimValue(), "client_id", client.getClientId()));
		assertThat(idToken.getClaim("preferred_username")).isEqualTo(user.getUsername());
		assertThat(idToken.getClaim("email")).isEqualTo(user.getEmail());
		assertThat(idToken.getClaim("email_verified")).isEqualTo(true);
		assertThat(idToken.getClaim("locale")).isEqualTo("en");
		assertThat(idToken.getClaims()).doesNotContainKeys("is_superuser", "is_staff", "password", "authorities");

		JWTClaimsSet accessToken = app.verify(tokens.string("access_token"));
		assertThat(accessToken.getSubject()).isEqualTo(user.getUuid());
		assertThat(accessToken.getClaim("microsys_sso_role")).isEqualTo(role.claimValue());
		assertThat(accessToken.getClaim("microsys_sso_client_id")).isEqualTo(client.getClientId());

		RelyingParty.Json userinfo = app.userinfo(tokens.string("access_token"));
		assertThat(userinfo.status()).as(userinfo.raw()).isEqualTo(200);
		assertThat(userinfo.body()).containsEntry("sub", user.getUuid())
			.containsEntry("microsys_sso_role", role.claimValue())
			.containsEntry("microsys_sso_client_id", client.getClientId())
			.containsEntry("email", user.getEmail())
			.containsEntry("preferred_username", user.getUsername());
	}

	@Test
	void codeFlowWhenSameUserInTwoClientsThenEachTokenCarriesThatClientsRole() {
		SsoUser user = this.provider.fixtures().user();
		SsoClient wiki = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoClient crm = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.provider.fixtures().membership(wiki, user, MembershipRole.ADMIN);
		this.provider.fixtures().membership(crm, user, MembershipRole.USER);
		Browser browser = new Browser();

		RelyingParty wikiApp = new RelyingParty(this.provider.issuer(), wiki.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request wikiRequest = wikiApp.request();
		String wikiCode = wikiApp.code(browser, wikiRequest, user.getUsername(), TestFixtures.PASSWORD);
		RelyingParty crmApp = new RelyingParty(this.provider.issuer(), crm.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request crmRequest = crmApp.request();
		String crmCode = crmApp.code(browser, crmRequest, "not-asked-again", "not-asked-again");

		assertThat(wikiApp.verify(wikiApp.exchange(wikiCode, wikiRequest.pkce.verifier()).string("id_token"))
			.getClaim("microsys_sso_role")).isEqualTo("admin");
		assertThat(crmApp.verify(crmApp.exchange(crmCode, crmRequest.pkce.verifier()).string("id_token"))
			.getClaim("microsys_sso_role")).isEqualTo("user");
	}

	@Test
	void codeFlowWhenPublicClientThenPkceAloneAuthenticates() {
		SsoClient client = this.provider.fixtures().publicClient((c) -> {
		});
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(client, user, MembershipRole.STAFF);
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), null, TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = app.request();

		String code = app.code(new Browser(), request, user.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = app.exchange(code, request.pkce.verifier());

		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		assertThat(app.verify(tokens.string("id_token")).getClaim("microsys_sso_role")).isEqualTo("staff");
	}

	@Test
	void codeFlowWhenAllowAllAuthenticatedThenUserWithoutMembershipGetsRoleUser() {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> c.getPolicy().setAllowAllAuthenticated(true));
		SsoUser user = this.provider.fixtures().user();
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = app.request();

		String code = app.code(new Browser(), request, user.getEmail().toUpperCase(), TestFixtures.PASSWORD);

		assertThat(app.verify(app.exchange(code, request.pkce.verifier()).string("id_token"))
			.getClaim("microsys_sso_role")).isEqualTo("user");
	}

	@Test
	void loginPageWhenShownThenHasCsrfTokenAndStrictCsp() {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		Browser browser = new Browser();

		var page = browser.followWithin(browser.get(app.request().url()), app.origin());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/accounts/login");
		assertThat(page.body()).contains("name=\"_csrf\"");
		assertThat(page.headers().firstValue("Content-Security-Policy")).get()
			.asString()
			.contains("default-src 'none'", "script-src 'nonce-", "frame-ancestors 'none'");
		assertThat(List.of(page.headers().firstValue("X-Frame-Options").orElse(""))).containsExactly("DENY");
	}

}
