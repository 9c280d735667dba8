package io.microsys.sso.provider.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * A connected app talking to the provider the way a real one does: it sends the person's browser
 * to the authorization endpoint and calls the back-channel endpoints with its own credentials.
 */
public final class RelyingParty {

	private final String issuer;

	private final String clientId;

	private final String secret;

	private final String redirectUri;

	private final Browser backChannel = new Browser();

	public RelyingParty(String issuer, String clientId, String secret, String redirectUri) {
		this.issuer = issuer;
		this.clientId = clientId;
		this.secret = secret;
		this.redirectUri = redirectUri;
	}

	/** The authorization request; parameters can be overridden or removed (value null). */
	public final class Request {

		public final String state = UUID.randomUUID().toString();

		public final String nonce = UUID.randomUUID().toString();

		public final Pkce pkce = Pkce.create();

		private final Map<String, String> parameters = new LinkedHashMap<>();

		Request() {
			this.parameters.put("response_type", "code");
			this.parameters.put("client_id", RelyingParty.this.clientId);
			this.parameters.put("redirect_uri", RelyingParty.this.redirectUri);
			this.parameters.put("scope", "openid profile email");
			this.parameters.put("state", this.state);
			this.parameters.put("nonce", this.nonce);
			this.parameters.put("code_challenge", this.pkce.challenge());
			this.parameters.put("code_challenge_method", "S256");
		}

		public Request with(String name, String value) {
			if (value == null) {
				this.parameters.remove(name);
			}
			else {
				this.parameters.put(name, value);
			}
			return this;
		}

		public String url() {
			return RelyingParty.this.issuer + "/authorize?" + Browser.urlEncode(this.parameters);
		}

		/** The request's parameters as they are now (what a pushed request sends). */
		public Map<String, String> parameters() {
			return new LinkedHashMap<>(this.parameters);
		}

		/**
		 * Turns this request into the front-channel half of a pushed request (RFC 9126 §4): only
		 * {@code client_id} and the {@code request_uri}; state, nonce and PKCE stay those pushed.
		 */
		public Request byReference(String requestUri) {
			this.parameters.keySet().retainAll(java.util.Set.of("client_id"));
			this.parameters.put("request_uri", requestUri);
			return this;
		}

	}

	public Request request() {
		return new Request();
	}

	/** The origin of the provider (scheme, host, port). */
	public String origin() {
		URI uri = URI.create(this.issuer);
		return uri.getScheme() + "://" + uri.getAuthority();
	}

	/**
	 * Sends the browser through the authorization request, signing in on the login page when it is
	 * shown. Returns the provider's last response: a redirect to the client, or a page.
	 */
	public HttpResponse<String> authorize(Browser browser, Request request, String username, String password) {
		HttpResponse<String> response = browser.followWithin(browser.get(request.url()), origin());
		if (response.statusCode() == 200 && response.uri().getPath().equals("/accounts/login")) {
			response = browser.submitForm(response, Map.of("username", username, "password", password));
			response = browser.followWithin(response, origin());
		}
		return response;
	}

	/** Signs in and returns the authorization code; fails the test if there is none. */
	public String code(Browser browser, Request request, String username, String password) {
		HttpResponse<String> response = authorize(browser, request, username, password);
		Map<String, String> query = redirectQuery(response);
		if (!query.containsKey("code")) {
			throw new AssertionError("No code: " + response.statusCode() + " " + response.headers().map() + "\n"
					+ response.body());
		}
		if (!request.state.equals(query.get("state"))) {
			throw new AssertionError("state not returned: " + query);
		}
		return query.get("code");
	}

	/** The query parameters of a redirect to this client's redirect URI. */
	public Map<String, String> redirectQuery(HttpResponse<String> response) {
		if (!Browser.isRedirect(response)) {
			throw new AssertionError("Expected a redirect to the client, got " + response.statusCode() + " at "
					+ response.uri() + "\n" + response.body());
		}
		String location = Browser.location(response);
		if (!location.startsWith(this.redirectUri + "?")) {
			throw new AssertionError("Redirect is not to the client's redirect URI: " + location);
		}
		return query(URI.create(location));
	}

	public static Map<String, String> query(URI uri) {
		Map<String, String> result = new LinkedHashMap<>();
		if (uri.getRawQuery() != null) {
			for (String pair : uri.getRawQuery().split("&")) {
				int eq = pair.indexOf('=');
				result.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return result;
	}

	/** Exchanges a code at the token endpoint. */
	public Json exchange(String code, String verifier) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", this.redirectUri);
		if (verifier != null) {
			form.put("code_verifier", verifier);
		}
		return callEndpoint("/token", form);
	}

	public Json refresh(String refreshToken) {
		return callEndpoint("/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
	}

	public Json clientCredentials(String scope) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		if (scope != null) {
			form.put("scope", scope);
		}
		return callEndpoint("/token", form);
	}

	public Json revoke(String token) {
		return callEndpoint("/revoke", Map.of("token", token));
	}

	public Json introspect(String token) {
		return callEndpoint("/introspect", Map.of("token", token));
	}

	public Json userinfo(String accessToken) {
		return Json.of(this.backChannel.send(HttpRequest.newBuilder(URI.create(this.issuer + "/userinfo"))
			.header("Authorization", "Bearer " + accessToken)
			.GET()
			.build()));
	}

	/** Pushes the request's parameters to the pushed authorization request endpoint (RFC 9126). */
	public Json push(Request request) {
		return callEndpoint("/par", request.parameters());
	}

	/** Exchanges a code at the token endpoint with extra headers (such as {@code DPoP}). */
	public Json exchange(String code, String verifier, Map<String, String> headers) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", this.redirectUri);
		form.put("code_verifier", verifier);
		return callEndpoint("/token", form, headers);
	}

	/** POSTs a form to an endpoint under the issuer, authenticating as this client. */
	public Json callEndpoint(String path, Map<String, String> form) {
		return callEndpoint(path, form, Map.of());
	}

	/** POSTs a form to an endpoint under the issuer with extra headers, authenticating as this client. */
	public Json callEndpoint(String path, Map<String, String> form, Map<String, String> headers) {
		Map<String, String> body = new LinkedHashMap<>(form);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Content-Type", "application/x-www-form-urlencoded");
		headers.forEach(request::header);
		if (this.secret != null) {
			String basic = Base64.getEncoder()
				.encodeToString((this.clientId + ":" + this.secret).getBytes(StandardCharsets.UTF_8));
			request.header("Authorization", "Basic " + basic);
		}
		else {
			body.put("client_id", this.clientId);
		}
		return Json.of(this.backChannel
			.send(request.POST(HttpRequest.BodyPublishers.ofString(Browser.urlEncode(body))).build()));
	}

	/** Verifies a JWT's signature with the provider's JWKS, and returns its claims. */
	public JWTClaimsSet verify(String jwt) {
		try {
			HttpResponse<String> jwks = this.backChannel.get(this.issuer + "/.well-known/jwks.json");
			DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
			processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
					new ImmutableJWKSet<>(JWKSet.parse(jwks.body()))));
			processor.setJWSTypeVerifier((type, context) -> {
			});
			return processor.process(jwt, null);
		}
		catch (Exception ex) {
			throw new AssertionError("JWT does not verify: " + ex.getMessage(), ex);
		}
	}

	public String clientId() {
		return this.clientId;
	}

	public String issuer() {
		return this.issuer;
	}

	/** An HTTP response with its JSON body parsed (empty map when it is not JSON). */
	public record Json(int status, Map<String, Object> body, String raw) {

		public static Json of(HttpResponse<String> response) {
			Map<String, Object> parsed;
			try {
				parsed = JSONObjectUtils.parse(response.body());
			}
			catch (ParseException ex) {
				parsed = Map.of();
			}
			return new Json(response.statusCode(), parsed, response.body());
		}

		public String string(String name) {
			Object value = this.body.get(name);
			return (value != null) ? value.toString() : null;
		}

	}

}
