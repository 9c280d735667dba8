package io.microsys.sso.provider.api.docs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.ServerBaseUrlCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiProblem;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.oidc.claims.SsoClaims;
import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * The parts of the admin API's OpenAPI 3.1 document ({@value AdminApi#OPENAPI}) that are the same
 * for every operation: what the API is and its conventions, the issuer's origin as the server, how
 * to get a token (OAuth 2.0 authorization code with PKCE, client credentials, or a bearer token
 * pasted as is), the problem details schema, and the answers and headers every operation shares
 * ({@link ApiConventions}). The controllers document only what is theirs.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiDocument {

	/** The security scheme of OAuth 2.0 flows. */
	public static final String OAUTH2 = "oauth2";

	/** The security scheme of a bearer token obtained elsewhere (the Swagger UI's "paste a token"). */
	public static final String BEARER = "bearer";

	/** The shared problem details schema. */
	public static final String PROBLEM = "Problem";

	static final String DESCRIPTION = """
			Automate Microsys SSO: people, scopes, groups, apps and their policies, memberships, \
			registrations, invitations, sessions, the activity log and the settings. The API calls the \
			same services and the same access policy as the admin console, so a rule never differs \
			between a page and the API.

			**Who may call it.** Send `Authorization: Bearer <access token>` issued by this provider with \
			the scope `microsys.admin`: a service account's token (client credentials; what it may do is \
			what an administrator granted its app) or a person's own token (authorization code with PKCE, \
			for a command-line tool; it acts with exactly that person's tier and permissions). Each \
			operation says which permission it needs (`x-permissions`). Every call is in the activity log.

			**Errors** are problem details (RFC 9457, `application/problem+json`) with a stable `type` \
			(`urn:microsys-sso:problem:<kind>`): `invalid-request` (400, `errors` lists the fields), \
			`invalid-cursor` (400), `unauthorized` (401, with `WWW-Authenticate`), `forbidden` (403, with \
			`reason` and `permission`), `not-found` (404: missing or hidden from the caller, the same \
			answer), `conflict` (409), `changed-meanwhile` (412), `if-match-required` (428), \
			`rate-limited` (429, with `Retry-After`), `internal-error` (500).

			**Lists** answer `{"items": [...], "next": "<cursor>"}`: pass `next` back as `after` for the \
			following page (also in `Link: <...>; rel="next"`); `limit` is 1 to 500 (50 by default). \
			Cursors are opaque and stay right while rows are added or removed.

			**Optimistic locking.** Every resource answers an `ETag`; `PUT`, `PATCH` and `DELETE` need \
			`If-Match` with the ETag read last (or `*`): 428 without it, 412 when the resource changed \
			meanwhile. A creation answers 201 with `Location` and `ETag`.

			**Rate limits** per caller (a service account or a person): beyond them 429 with \
			`Retry-After` in seconds.

			**Data.** JSON in camelCase; a person's `id` is their UUID, apps are named by `clientId`; \
			dates are RFC 3339 in UTC (`2026-12-03T10:15:30Z`); enumerated values are lower case.""";

	static {
		// The caller is resolved from the token (ActorArgumentResolver), never sent as a parameter.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
	}

	@Bean
	OpenAPI adminApiDocument(ProviderProperties provider) {
		String issuer = provider.getIssuer();
		Scopes scopes = new Scopes().addString(SsoClaims.ADMIN_API_SCOPE, "Call the admin API");
		SecurityScheme oauth2 = new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
			.description("Tokens of this provider with the scope `microsys.admin`. People (command-line "
					+ "tools): authorization code with PKCE (S256) by a public app. Service accounts: client "
					+ "credentials of a confidential app the administrators granted permissions to.")
			.flows(new OAuthFlows()
				.authorizationCode(new OAuthFlow().authorizationUrl(issuer + "/authorize")
					.tokenUrl(issuer + "/token")
					.refreshUrl(issuer + "/token")
					.scopes(scopes))
				.clientCredentials(new OAuthFlow().tokenUrl(issuer + "/token")
					.scopes(new Scopes().addString(SsoClaims.ADMIN_API_SCOPE, "Call the admin API"))));
		SecurityScheme bearer = new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("bearer")
			.bearerFormat("JWT")
			.description("An access token of this provider with the scope `microsys.admin`, obtained "
					+ "elsewhere (a command-line tool, a script) and sent as is.");
		Components components = new Components().addSecuritySchemes(OAUTH2, oauth2)
			.addSecuritySchemes(BEARER, bearer)
			.addSchemas(PROBLEM, problemSchema());
		ApiConventions.SHARED_RESPONSES.forEach((status, name) -> components.addResponses(name, problemResponse(status)));
		return new OpenAPI().info(new Info().title("Microsys SSO admin API")
			.version("v1")
			.description(DESCRIPTION))
			.components(components)
			.security(List.of(new SecurityRequirement().addList(OAUTH2, SsoClaims.ADMIN_API_SCOPE),
					new SecurityRequirement().addList(BEARER)));
	}

	/** The server is the issuer's origin, whatever address the document was read at. */
	@Bean
	ServerBaseUrlCustomizer adminApiServer(ProviderProperties provider) {
		return (generated, request) -> provider.baseUrl();
	}

	@Bean
	OperationCustomizer adminApiOperations() {
		return ApiConventions::operation;
	}

	@Bean
	OpenApiCustomizer adminApiConventions() {
		return ApiConventions::document;
	}

	private static Schema<?> problemSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type", string("A stable URI of the kind of error: `" + ApiProblem.TYPE_PREFIX
				+ "<kind>`; switch on it, not on the title.").format("uri"));
		properties.put("title", string("The kind of error, for people."));
		properties.put("status", new JsonSchema().types(Set.of("integer"))
			.format("int32")
			.description("The HTTP status."));
		properties.put("detail", string("What went wrong this time, for people."));
		properties.put("instance", string("The path of the request.").format("uri-reference"));
		Map<String, Schema> fieldError = new LinkedHashMap<>();
		fieldError.put("field", string("The JSON member or query parameter."));
		fieldError.put("message", string("What is wrong with it."));
		properties.put("errors", new JsonSchema().types(Set.of("array"))
			.description("The invalid fields (`invalid-request`).")
			.items(new JsonSchema().types(Set.of("object")).properties(fieldError).required(List.of("field", "message"))));
		properties.put("reason", string("Why the access policy refused (`forbidden`), such as `no_permission`."));
		properties.put("permission", string("The permission the action needs (`forbidden`), such as `users.view`."));
		return new JsonSchema().types(Set.of("object"))
			.description("Problem details (RFC 9457).")
			.properties(properties)
			.required(List.of("type", "title", "status"));
	}

	private static Schema<?> string(String description) {
		return new JsonSchema().types(Set.of("string")).description(description);
	}

	/** A problem answer of this status, with its headers, as a shared component. */
	static ApiResponse problemResponse(int status) {
		ApiProblem problem = ApiProblem.ofStatus(status);
		String description = switch (status) {
			case 403 -> "Not allowed: the caller lacks what the operation needs (its `x-permissions`, the \"Needs\" "
					+ "sentence of its description) or the access policy refuses for another reason; the problem's "
					+ "`reason` and `permission` say which";
			case 404 -> "No such resource, or one the caller may not see: both are answered the same";
			case 412 -> "The resource changed since the ETag sent in `If-Match` was read: nothing changed; read it "
					+ "again and redo the change";
			case 428 -> "No `If-Match`: send the ETag of the resource as read last";
			default -> problem.title();
		};
		ApiResponse response = new ApiResponse().description(description).content(problemContent());
		if (status == 401) {
			response.addHeaderObject("WWW-Authenticate", new Header()
				.description("`Bearer` with `error=\"invalid_token\"` and why, for a token that was refused.")
				.schema(new JsonSchema().types(Set.of("string"))));
		}
		if (status == 429) {
			response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before calling again.")
				.schema(new JsonSchema().types(Set.of("integer")).minimum(java.math.BigDecimal.ZERO)));
		}
		return response;
	}

	/** {@code application/problem+json} with the {@value #PROBLEM} schema. */
	static Content problemContent() {
		return new Content().addMediaType(AdminApi.PROBLEM_JSON,
				new MediaType().schema(new JsonSchema().$ref("#/components/schemas/" + PROBLEM)));
	}

	/** For {@link ApiConventions}: the page size's bounds. */
	static int maxLimit() {
		return Cursor.MAX_LIMIT;
	}

}
