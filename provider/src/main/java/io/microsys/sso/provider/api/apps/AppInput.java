package io.microsys.sso.provider.api.apps;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.client.ClientRules;
import io.microsys.sso.provider.support.PlainText;

/**
 * An app as created ({@code POST /apps}) or replaced ({@code PUT /apps/{clientId}}): the fields
 * and rules of the console's app form ({@link ClientRules}). A missing optional field takes the
 * value a new app gets, on a replacement too.
 */
@Schema(name = "AppInput", description = "An app to create, or the new settings of one (PUT replaces them all; "
		+ "a missing optional field takes a new app's default).")
@JsonIgnoreProperties({ "secretUpdatedAt", "previousSecretExpiresAt", "createdAt", "updatedAt" })
record AppInput(
		@Schema(description = "1 to 100 letters, digits or . _ ~ -; when creating, a UUID is chosen when none is "
				+ "given; when replacing, it may only repeat the app's own.", example = "billing")
		@Size(max = 100, message = "must be 1 to 100 letters, digits or . _ ~ -") String clientId,
		@Schema(description = "The name people see.", example = "Billing", requiredMode = Schema.RequiredMode.REQUIRED)
		@NotBlank(message = "is required") @Size(max = ClientRules.NAME_MAX, message = "must be at most 200 characters")
		@PlainText(message = "must not contain control characters") String name,
		@Schema(description = "A description people see (at most 1000 characters).")
		@Size(max = ClientRules.DESCRIPTION_MAX, message = "must be at most 1000 characters")
		@PlainText(message = "must not contain control characters") String description,
		@Schema(description = "An https address of the app's logo (at most 500 characters).")
		@Size(max = 500, message = "must be at most 500 characters") String logoUrl,
		@Schema(description = "Whether the app has a secret (a server-side app); a public app (a browser or "
				+ "native app) uses PKCE only.", requiredMode = Schema.RequiredMode.REQUIRED)
		@NotNull(message = "is required (true or false)") Boolean confidential,
		@Schema(description = "The redirect URIs, matched exactly.", example = "[\"https://billing.example.com/login/oauth2/code/microsys\"]")
		@Size(max = 100, message = "must have at most 100 addresses") List<@NotNull(message = "must not be null")
		@Pattern(regexp = "\\S{1,4000}", message = "must be an address without spaces") String> redirectUris,
		@Schema(description = "Where the app may send people after signing out.")
		@Size(max = 100, message = "must have at most 100 addresses") List<@NotNull(message = "must not be null")
		@Pattern(regexp = "\\S{1,4000}", message = "must be an address without spaces") String> postLogoutRedirectUris,
		@Schema(description = "Where logout tokens are sent (OpenID back-channel logout), or null.")
		@Size(max = ClientRules.BACKCHANNEL_URI_MAX, message = "must be at most 1000 characters") String backchannelLogoutUri,
		@Schema(description = "authorization_code, refresh_token, client_credentials, "
				+ "urn:ietf:params:oauth:grant-type:device_code, urn:ietf:params:oauth:grant-type:token-exchange "
				+ "(default: authorization_code and refresh_token).")
		@Size(max = 10, message = "must have at most 10 grant types") List<@NotNull(message = "must not be null")
		@Size(max = 100, message = "is not a grant type") String> grantTypes,
		@Schema(description = "The scopes the app may ask for (default: openid, profile, email).")
		@Size(max = 100, message = "must have at most 100 scopes") List<@NotNull(message = "must not be null")
		@Pattern(regexp = "\\S{1,100}", message = "must be a scope without spaces") String> scopes,
		@Schema(description = "Access and ID token lifetime in seconds, 60 to 86400 (default 300).")
		Integer accessTokenTtlSeconds,
		@Schema(description = "Refresh token lifetime in seconds, 300 to 7776000 (default 28800).")
		Integer refreshTokenTtlSeconds,
		@Schema(description = "The app's policy (missing flags take their defaults).") @Valid AppPolicy policy) {

}
