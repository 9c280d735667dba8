package io.microsys.sso.provider.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.source.JWKSource;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls of the admin API over real HTTP, as its users make them: tokens obtained at the token
 * endpoint (a service account's client credentials, or a person's authorization code with PKCE
 * signed in through the pages), then JSON requests with {@code Authorization: Bearer}.
 */
public final class AdminApiCalls {

	/** The scope that asks for the admin API. */
	public static final String SCOPE = "microsys.admin";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(10))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final Provider provider;

	public AdminApiCalls(Provider provider) {
		this.provider = provider;
	}

	/**
	 * A new service account: a confidential app using client credentials with the scope
	 * {@code microsys.admin}, granted these permissions, limited to {@code scopeId} (null: none).
	 */
	public ServiceAccount serviceAccount(Long scopeId, Permission... permissions) {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
			c.setGrantTypes(List.of("client_credentials"));
			c.setScopes(List.of(SCOPE));
		});
		grant(client, scopeId, permissions);
		return new ServiceAccount(client, this.provider.relyingParty(client));
	}

	/** Replaces what an app was granted (straight in the database, as the app's page stores it). */
	public void grant(SsoClient client, Long scopeId, Permission... permissions) {
		JdbcClient jdbc = this.provider.context().getBean(JdbcClient.class);
		jdbc.sql("DELETE FROM sso_client_permission WHERE client_id = ?").param(client.getId()).update();
		for (Permission permission : permissions) {
			jdbc.sql("INSERT INTO sso_client_permission (client_id, permission, created_at) VALUES (?, ?, ?)")
				.params(client.getId(), permission.code(), java.sql.Timestamp.from(Instant.now()))
				.update();
		}
		jdbc.sql("UPDATE sso_client SET api_scope_id = ? WHERE id = ?").params(scopeId, client.getId()).update();
	}

	/** A public app (authorization code with PKCE) that may ask for {@code microsys.admin}: a command-line tool. */
	public SsoClient commandLineTool() {
		return this.provider.fixtures().publicClient((c) -> {
			c.setScopes(List.of("openid", SCOPE));
			c.getPolicy().setAllowAllAuthenticated(true);
		});
	}

	/** A person's own token for the API, through {@code tool}: signed in with their password, code with PKCE. */
	public String personalToken(SsoClient tool, SsoUser person) {
		RelyingParty app = new RelyingParty(this.provider.issuer(), tool.getClientId(), null,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = app.request().with("scope", "openid " + SCOPE);
		String code = app.code(new Browser(), request, person.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json token = app.exchange(code, request.pkce.verifier());
		assertThat(token.status()).as(token.raw()).isEqualTo(200);
		return token.string("access_token");
	}

	/**
	 * A copy of {@code issued}, a person's access token of a stored grant, with its claims edited by
	 * {@code change} and signed with the provider's own signing key, put in the grant in place of the
	 * issued token: the grant stays as it was (active, expiring when the issued token does), so
	 * whatever refuses the copy and not the issued token is a check of the copy's claims.
	 */
	@SuppressWarnings("unchecked")
	public String reissued(String issued, Consumer<Map<String, Object>> change) {
		return reissued(issued, change, new NimbusJwtEncoder(this.provider.context().getBean(JWKSource.class)));
	}

	/** {@link #reissued(String, Consumer)}, signed by {@code signer} instead of the provider's key. */
	public String reissued(String issued, Consumer<Map<String, Object>> change, JwtEncoder signer) {
		ApplicationContext context = this.provider.context();
		Map<String, Object> claims = new LinkedHashMap<>(context.getBean(JwtDecoder.class).decode(issued).getClaims());
		change.accept(claims);
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).build();
		String token = signer
			.encode(JwtEncoderParameters.from(header, JwtClaimsSet.builder().claims((all) -> all.putAll(claims)).build()))
			.getTokenValue();
		OAuth2AuthorizationService grants = context.getBean(OAuth2AuthorizationService.class);
		OAuth2Authorization grant = grants.findByToken(issued, OAuth2TokenType.ACCESS_TOKEN);
		assertThat(grant).as("the stored grant of the issued token").isNotNull();
		OAuth2Authorization.Token<OAuth2AccessToken> stored = grant.getAccessToken();
		OAuth2AccessToken original = stored.getToken();
		grants.save(OAuth2Authorization.from(grant)
			.token(new OAuth2AccessToken(original.getTokenType(), token, original.getIssuedAt(),
					original.getExpiresAt(), original.getScopes()), (metadata) -> metadata.putAll(stored.getMetadata()))
			.build());
		return token;
	}

	/** A request to the API ({@code path} below {@code /api/admin/v1}, or absolute from the origin). */
	public Call call(String token, String method, String path) {
		return new Call(token, method, path);
	}

	public Response get(String token, String path) {
		return call(token, "GET", path).send();
	}

	public Response post(String token, String path, Object body) {
		return call(token, "POST", path).json(body).send();
	}

	public Response put(String token, String path, Object body, String ifMatch) {
		return call(token, "PUT", path).json(body).ifMatch(ifMatch).send();
	}

	public Response patch(String token, String path, Object body, String ifMatch) {
		return call(token, "PATCH", path).json(body).ifMatch(ifMatch).send();
	}

	public Response delete(String token, String path, String ifMatch) {
		return call(token, "DELETE", path).ifMatch(ifMatch).send();
	}

	/** Every item of a list, following its {@code next} cursors with {@code limit} per page. */
	public List<JsonNode> all(String token, String path, int limit) {
		List<JsonNode> items = new ArrayList<>();
		String after = null;
		for (int pages = 0; pages < 10_000; pages++) {
			String separator = path.contains("?") ? "&" : "?";
			Response page = get(token, path + separator + "limit=" + limit + ((after != null) ? "&after=" + after : ""));
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			page.json().get("items").forEach(items::add);
			JsonNode next = page.json().get("next");
			if (next == null || next.isNull()) {
				return items;
			}
			after = next.asString();
		}
		throw new AssertionError("more than 10,000 pages");
	}

	/** A service account: its app and the relying party that obtains its tokens. */
	public record ServiceAccount(SsoClient client, RelyingParty app) {

		/** A fresh access token with {@code microsys.admin}. */
		public String token() {
			RelyingParty.Json token = this.app.clientCredentials(SCOPE);
			assertThat(token.status()).as(token.raw()).isEqualTo(200);
			return token.string("access_token");
		}

		public String clientId() {
			return this.client.getClientId();
		}

	}

	/** One request being built. */
	public final class Call {

		private final HttpRequest.Builder builder;

		private String method;

		private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

		Call(String token, String method, String path) {
			String url = path.startsWith("http") ? path
					: AdminApiCalls.this.provider.origin() + (path.startsWith("/api/") || path.startsWith("/scim/")
							? path : "/api/admin/v1" + path);
			this.builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
			this.method = method;
			if (token != null) {
				this.builder.header("Authorization", "Bearer " + token);
			}
			this.builder.header("Accept", "application/json, application/problem+json");
		}

		public Call json(Object value) {
			if (value != null) {
				String text = (value instanceof String raw) ? raw : JSON.writeValueAsString(value);
				this.builder.header("Content-Type", "application/json");
				this.body = HttpRequest.BodyPublishers.ofString(text);
			}
			return this;
		}

		public Call ifMatch(String etag) {
			if (etag != null) {
				this.builder.header("If-Match", etag);
			}
			return this;
		}

		public Call header(String name, String value) {
			this.builder.header(name, value);
			return this;
		}

		public Response send() {
			try {
				HttpResponse<String> response = HTTP.send(this.builder.method(this.method, this.body).build(),
						HttpResponse.BodyHandlers.ofString());
				return new Response(response);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	/** An answer of the API. */
	public record Response(HttpResponse<String> http) {

		public int status() {
			return this.http.statusCode();
		}

		public String body() {
			return this.http.body();
		}

		public Optional<String> header(String name) {
			return this.http.headers().firstValue(name);
		}

		/** The body as JSON (a {@code MissingNode} when empty). */
		public JsonNode json() {
			String text = this.http.body();
			return (text == null || text.isBlank()) ? JSON.missingNode() : JSON.readTree(text);
		}

		public String etag() {
			return header("ETag").orElseThrow(() -> new AssertionError("no ETag: " + this.http.headers().map()));
		}

		/** Asserts a problem answer of this status and type slug ({@code not-found}). */
		public Response isProblem(int status, String slug) {
			assertThat(status()).as(body()).isEqualTo(status);
			assertThat(header("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(json().get("type").asString()).isEqualTo("urn:microsys-sso:problem:" + slug);
			assertThat(json().get("status").asInt()).isEqualTo(status);
			assertThat(body()).doesNotContain("Exception").doesNotContain("\tat ");
			return this;
		}

	}

	/** Encodes a query parameter value for a path. */
	public static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

}
