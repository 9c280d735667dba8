package io.microsys.sso.provider.api.apps;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A new secret, answered once: the provider keeps only its hash.
 * @param clientId the app
 * @param clientSecret the new secret
 * @param previousSecretExpiresAt until when the previous secret still works, or null when it stopped at once
 */
@Schema(name = "AppSecret", description = "A new client secret: shown once, never again.")
record AppSecret(String clientId, String clientSecret, Instant previousSecretExpiresAt) {
}
