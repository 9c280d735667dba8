package io.microsys.sso.provider.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@ProviderIntegrationTest
class DiscoveryTests {

	@Value("${microsys.sso.issuer}")
	String issuer;

	@Test
	void discoveryWhenRequestedThenNamesIssuerAndEndpointsUnderIt() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.issuer + "/.well-known/openid-configuration")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"issuer\":\"" + this.issuer + "\"")
			.contains("\"authorization_endpoint\":\"" + this.issuer + "/authorize\"");
	}

}
