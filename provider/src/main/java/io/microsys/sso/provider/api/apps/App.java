package io.microsys.sso.provider.api.apps;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import io.microsys.sso.provider.client.SsoClient;

/**
 * A connected app as the admin API answers it: its settings and policy, never a secret's hash. A
 * secret is in {@code clientSecret} only in the answer to the request that made it.
 */
@Schema(name = "App", description = "A connected app (an OpenID Connect client) with its policy.")
record App(@Schema(description = "The client id: the app's id in the API.") String clientId, String name,
		String description, String logoUrl,
		@Schema(description = "Whether the app has a secret.") boolean confidential, List<String> redirectUris,
		List<String> postLogoutRedirectUris, String backchannelLogoutUri, List<String> grantTypes, List<String> scopes,
		int accessTokenTtlSeconds, int refreshTokenTtlSeconds, AppPolicy policy,
		@Schema(description = "When the current secret was made (null for a public app).") Instant secretUpdatedAt,
		@Schema(description = "Until when the previous secret still works after a rotation, or null.") Instant previousSecretExpiresAt,
		Instant createdAt, Instant updatedAt,
		@Schema(description = "A secret this request made: shown once, never again (only in the answer that made it).")
		@JsonInclude(JsonInclude.Include.NON_NULL) String clientSecret) {

	/** The app as stored; {@code secret} a secret just made, or null. */
	static App of(SsoClient app, String secret) {
		return new App(app.getClientId(), app.getName(), app.getDescription(), app.getLogoUrl(), !app.isPublicClient(),
				List.copyOf(app.getRedirectUris()), List.copyOf(app.getPostLogoutRedirectUris()),
				app.getBackchannelLogoutUri(), List.copyOf(app.getGrantTypes()), List.copyOf(app.getScopes()),
				app.getAccessTokenTtlSeconds(), app.getRefreshTokenTtlSeconds(), AppPolicy.of(app.getPolicy()),
				app.getSecretUpdatedAt(), app.getPreviousSecretExpiresAt(), app.getCreatedAt(), app.getUpdatedAt(),
				secret);
	}

}
