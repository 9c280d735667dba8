package io.microsys.sso.provider.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the authorization endpoint answers, and what discovery and the key set say about it: the
 * issuer in every answer (RFC 9207), request objects refused (Core 6), malformed OpenID Connect
 * parameters refused at the app, and a key set clients may cache.
 */
@ProviderIntegrationTest
class AuthorizationResponseTests {

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	SsoClient client;

	RelyingParty app;

	AuthorizationResponseTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.client = this.provider.fixtures().confidentialClient((c) -> {
		});
		this.app = this.provider.relyingParty(this.client);
	}

	private Browser signedIn() {
		SsoUser user = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.client, user, MembershipRole.USER);
		Browser browser = new Browser();
		this.app.code(browser, this.app.request(), user.getUsername(), TestFixtures.PASSWORD);
		return browser;
	}

	private long grants() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization", Long.class);
	}

	@Test
	void authorizeWhenCodeIssuedThenTheIssuerIsInTheAnswer() {
		Browser browser = signedIn();
		RelyingParty.Request request = this.app.request().with("state", "a b&c=d");

		Map<String, String> query = this.app.redirectQuery(browser.get(request.url()));

		assertThat(query).containsKey("code")
			.containsEntry("state", "a b&c=d")
			.containsEntry("iss", this.provider.issuer());
	}

	@Test
	void authorizeWhenDeniedThenTheIssuerIsInTheErrorToo() {
		SsoUser outsider = this.provider.fixtures().user();
		RelyingParty.Request request = this.app.request();

		HttpResponse<String> answer = this.app.authorize(new Browser(), request, outsider.getUsername(),
				TestFixtures.PASSWORD);

		assertThat(this.app.redirectQuery(answer)).containsEntry("error", "access_denied")
			.containsEntry("state", request.state)
			.containsEntry("iss", this.provider.issuer());
	}

	@Test
	void authorizeWhenARequestObjectIsSentThenRequestNotSupportedAndNoCode() {
		Browser browser = signedIn();
		long before = grants();
		RelyingParty.Request request = this.app.request()
			.with("request", "eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9wZW5pZCBhZG1pbiJ9.");

		Map<String, String> query = this.app.redirectQuery(browser.get(request.url()));

		assertThat(query).containsEntry("error", "request_not_supported")
			.containsEntry("state", request.state)
			.containsEntry("iss", this.provider.issuer())
			.doesNotContainKey("code");
		assertThat(grants()).isEqualTo(before);
	}

	@Test
	void authorizeWhenTheRequestObjectCarriesResponseTypeThenStillRequestNotSupportedAtTheApp() {
		Browser browser = signedIn();
		RelyingParty.Request request = this.app.request()
			.with("response_type", null)
			.with("request", "eyJhbGciOiJub25lIn0.eyJyZXNwb25zZV90eXBlIjoiY29kZSJ9.");

		Map<String, String> query = this.app.redirectQuery(browser.get(request.url()));

		assertThat(query).containsEntry("error", "request_not_supported").containsEntry("iss", this.provider.issuer());
	}

	@Test
	void authorizeWhenRequestUriIsAnAddressThenRequestUriNotSupported() {
		Browser browser = signedIn();
		RelyingParty.Request request = this.app.request().with("request_uri", "https://attacker.example/request.jwt");

		Map<String, String> query = this.app.redirectQuery(browser.get(request.url()));

		assertThat(query).containsEntry("error", "request_uri_not_supported")
			.containsEntry("state", request.state)
			.containsEntry("iss", this.provider.issuer());
	}

	@Test
	void authorizeWhenRequestUriComesWithAnUnregisteredRedirectUriThenErrorPageNotRedirect() {
		RelyingParty.Request request = this.app.request()
			.with("request_uri", "https://attacker.example/request.jwt")
			.with("redirect_uri", "https://attacker.example/cb");

		HttpResponse<String> answer = new Browser().get(request.url());

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.headers().firstValue("Location")).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "prompt, sometimes", "prompt, none login", "max_age, -1", "max_age, soon", "max_age, 1.5",
			"id_token_hint, not-a-token" })
	void authorizeWhenAnOpenIdParameterIsMalformedThenInvalidRequestAtTheApp(String name, String value) {
		Browser browser = signedIn();
		long before = grants();
		RelyingParty.Request request = this.app.request().with(name, value);

		Map<String, String> query = this.app.redirectQuery(browser.get(request.url()));

		assertThat(query).containsEntry("error", "invalid_request")
			.containsEntry("state", request.state)
			.containsEntry("iss", this.provider.issuer())
			.doesNotContainKey("code");
		assertThat(grants()).isEqualTo(before);
	}

	@Test
	void authorizeWhenPromptIsUnknownAndNobodyIsSignedInThenInvalidRequestBeforeTheSignInPage() {
		RelyingParty.Request request = this.app.request().with("prompt", "create-account");

		Map<String, String> query = this.app.redirectQuery(new Browser().get(request.url()));

		assertThat(query).containsEntry("error", "invalid_request").containsEntry("iss", this.provider.issuer());
	}

	@Test
	@SuppressWarnings("unchecked")
	void discoveryWhenReadThenItDescribesTheOpenIdConnectFeatures() throws Exception {
		Map<String, Object> metadata = JSONObjectUtils.parse(get(this.provider.issuer()
				+ "/.well-known/openid-configuration").body());

		assertThat(metadata).containsEntry("authorization_response_iss_parameter_supported", true)
			.containsEntry("request_parameter_supported", false)
			.containsEntry("request_uri_parameter_supported", false)
			.containsEntry("claims_parameter_supported", false);
		assertThat((List<Object>) metadata.get("claims_supported")).contains("sub", "microsys_sso_role",
				"microsys_sso_client_id", "microsys_sso", "amr", "acr", "auth_time", "sid");
		assertThat((List<Object>) metadata.get("prompt_values_supported")).containsExactlyInAnyOrder("none", "login",
				"consent", "select_account");
		assertThat((List<Object>) metadata.get("ui_locales_supported")).containsExactlyInAnyOrder("en", "ar");
		assertThat((List<Object>) metadata.get("acr_values_supported")).containsExactly("urn:microsys:acr:pwd",
				"urn:microsys:acr:mfa");
	}

	@Test
	void jwksWhenFetchedThenCacheableWithAnETagAndNotModifiedWhenUnchanged() throws Exception {
		String jwks = this.provider.issuer() + "/.well-known/jwks.json";

		HttpResponse<String> first = get(jwks);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
		assertThat(first.headers().allValues("Pragma")).isEmpty();
		String etag = first.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> again = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(jwks)).header("If-None-Match", etag).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
		assertThat(get(this.provider.issuer() + "/.well-known/openid-configuration").headers()
			.firstValue("Cache-Control")).isNotEqualTo(first.headers().firstValue("Cache-Control"));
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
