package io.microsys.sso.provider.api.people;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A person's membership in a connected app ({@code GET /people/{id}/apps}).
 *
 * @param clientId the app's client id
 * @param appName the app's name
 * @param role {@code admin}, {@code staff} or {@code user}
 * @param active whether the membership is active
 * @param appActive whether the app itself is active
 */
@Schema(name = "PersonAppMembership")
public record PersonMembership(String clientId, String appName, String role, boolean active, boolean appActive) {
}
