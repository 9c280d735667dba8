package io.microsys.sso.sample.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.json.JsonParserFactory;

/**
 * Gets an access token for an app the way the app itself would (authorization code with PKCE),
 * in a browser already signed in at the provider, taking the code before the app sees it; for
 * calling the app's API with a real bearer token.
 */
public final class AuthorizationCodeFlow {

	private final String issuer;

	private final String clientId;

	private final String secret;

	private final String redirectUri;

	public AuthorizationCodeFlow(String issuer, String clientId, String secret, String redirectUri) {
		this.issuer = issuer;
		this.clientId = clientId;
		this.secret = secret;
		this.redirectUri = redirectUri;
	}

	/** An access token, or an assertion error naming what the provider answered. */
	public String accessToken(WebBrowser browser) throws Exception {
		Map<String, Object> discovery = get(this.issuer + "/.well-known/openid-configuration");
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		String authorize = discovery.get("authorization_endpoint") + "?" + WebBrowser.encode(Map.of("response_type",
				"code", "client_id", this.clientId, "redirect_uri", this.redirectUri, "scope", "openid", "state",
				UUID.randomUUID().toString(), "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
		String origin = URI.create(this.issuer).resolve("/").toString();
		HttpResponse<String> back = browser.followWithin(browser.get(authorize), origin);
		String location = WebBrowser.location(back);
		if (!location.startsWith(this.redirectUri)) {
			throw new AssertionError("Expected a redirect to " + this.redirectUri + ", got " + location);
		}
		String code = URLDecoder.decode(URI.create(location).getRawQuery().replaceAll("^(?:.*&)?code=([^&]+).*$", "$1"),
				StandardCharsets.UTF_8);
		HttpResponse<String> tokens = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create((String) discovery.get("token_endpoint")))
				.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString((this.clientId + ":" + this.secret).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(WebBrowser.encode(Map.of("grant_type",
						"authorization_code", "code", code, "redirect_uri", this.redirectUri, "code_verifier",
						verifier))))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (tokens.statusCode() != 200) {
			throw new AssertionError("Token endpoint answered " + tokens.statusCode() + ": " + tokens.body());
		}
		return (String) JsonParserFactory.getJsonParser().parseMap(tokens.body()).get("access_token");
	}

	/** Calls {@code url} with the bearer token, as an API client would. */
	public static HttpResponse<String> callApi(String url, String accessToken) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
		if (accessToken != null) {
			request.header("Authorization", "Bearer " + accessToken);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, Object> get(String url) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		return JsonParserFactory.getJsonParser().parseMap(response.body());
	}

	private static String challenge(String verifier) throws NoSuchAlgorithmException {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
	}

}
