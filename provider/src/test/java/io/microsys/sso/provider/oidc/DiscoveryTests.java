package io.microsys.sso.provider.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

@ProviderIntegrationTest
class DiscoveryTests {

	final Provider provider;

	DiscoveryTests(Provider provider) {
		this.provider = provider;
	}

	HttpResponse<String> get(String url) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/openid-configuration", "/.well-known/openid-configuration/" })
	void discoveryWhenRequestedThenNamesIssuerAndEndpointsUnderIt(String path) throws Exception {
		HttpResponse<String> response = get(this.provider.issuer() + path);

		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> metadata = JSONObjectUtils.parse(response.body());
		assertThat(metadata).containsEntry("issuer", this.provider.issuer())
			.containsEntry("authorization_endpoint", this.provider.issuer() + "/authorize")
			.containsEntry("token_endpoint", this.provider.issuer() + "/token")
			.containsEntry("userinfo_endpoint", this.provider.issuer() + "/userinfo")
			.containsEntry("revocation_endpoint", this.provider.issuer() + "/revoke")
			.containsEntry("introspection_endpoint", this.provider.issuer() + "/introspect")
			.containsEntry("end_session_endpoint", this.provider.issuer() + "/logout")
			.containsEntry("jwks_uri", this.provider.issuer() + "/.well-known/jwks.json")
			.containsEntry("backchannel_logout_supported", true)
			.containsEntry("backchannel_logout_session_supported", true);
		assertThat(metadata.get("token_endpoint_auth_methods_supported"))
			.isEqualTo(List.of("client_secret_basic", "client_secret_post", "none"));
		assertThat(metadata.get("code_challenge_methods_supported")).isEqualTo(List.of("S256"));
		assertThat(metadata.get("grant_types_supported"))
			.isEqualTo(List.of("authorization_code", "refresh_token", "client_credentials",
					"urn:ietf:params:oauth:grant-type:token-exchange",
					"urn:ietf:params:oauth:grant-type:device_code"));
		assertThat(metadata).containsEntry("device_authorization_endpoint",
				this.provider.issuer() + "/device_authorization");
		assertThat(metadata.get("claims_supported")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.contains("microsys_sso_role", "microsys_sso");
	}

	@Test
	void discoveryWhenPublicClientsAreRefusedAtRevocationAndIntrospectionThenNoneIsNotOfferedThere() throws Exception {
		TestFixtures fixtures = this.provider.fixtures();
		SsoClient client = fixtures.publicClient((c) -> {
		});
		SsoUser user = fixtures.user();
		fixtures.membership(client, user, MembershipRole.USER);
		RelyingParty app = new RelyingParty(this.provider.issuer(), client.getClientId(), null, TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = app.request();
		String accessToken = app
			.exchange(app.code(new Browser(), request, user.getUsername(), TestFixtures.PASSWORD), request.pkce.verifier())
			.string("access_token");

		Map<String, Object> metadata = JSONObjectUtils.parse(get(this.provider.issuer() + "/.well-known/openid-configuration").body());

		assertThat(metadata.get("revocation_endpoint_auth_methods_supported"))
			.isEqualTo(List.of("client_secret_basic", "client_secret_post"));
		assertThat(metadata.get("introspection_endpoint_auth_methods_supported"))
			.isEqualTo(List.of("client_secret_basic", "client_secret_post"));
		for (RelyingParty.Json answer : List.of(app.revoke(accessToken), app.introspect(accessToken))) {
			assertThat(answer.status()).as(answer.raw()).isEqualTo(401);
			assertThat(answer.string("error")).isEqualTo("invalid_client");
		}
		assertThat(app.userinfo(accessToken).status()).as("the token still works").isEqualTo(200);
	}

	@Test
	void discoveryWhenRequestedThenAdvertisesPushedRequestsAndDpop() throws Exception {
		Map<String, Object> metadata = JSONObjectUtils.parse(get(this.provider.issuer() + "/.well-known/openid-configuration").body());

		assertThat(metadata).containsEntry("pushed_authorization_request_endpoint", this.provider.issuer() + "/par")
			.containsEntry("require_pushed_authorization_requests", false);
		assertThat(metadata.get("dpop_signing_alg_values_supported")).isEqualTo(
				List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"));
	}

	@Test
	void jwksWhenRequestedThenOnlyPublicRsaSigningKeys() throws Exception {
		JWKSet jwks = JWKSet.parse(get(this.provider.issuer() + "/.well-known/jwks.json").body());

		assertThat(jwks.getKeys()).isNotEmpty().allSatisfy((key) -> {
			assertThat(key.isPrivate()).isFalse();
			assertThat(key.getKeyType().getValue()).isEqualTo("RSA");
			assertThat(key.toRSAKey().size()).isGreaterThanOrEqualTo(2048);
			assertThat(key.getKeyID()).isNotBlank();
			assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
		});
	}

	@Test
	void healthWhenUpThenReadyIncludingDatabase() throws Exception {
		String base = this.provider.origin();

		assertThat(get(base + "/health").body()).contains("\"status\":\"UP\"");
		assertThat(get(base + "/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get(base + "/health/liveness").statusCode()).isEqualTo(200);
	}

}
