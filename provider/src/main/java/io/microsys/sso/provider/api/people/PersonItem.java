package io.microsys.sso.provider.api.people;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A person in the list ({@code GET /people}): the fields a list shows; {@code GET /people/{id}}
 * answers the rest (groups, permissions) with the ETag.
 *
 * @param id the person's id (uuid)
 * @param username the sign-in name
 * @param email the address, or null
 * @param firstName the first name, or null
 * @param lastName the last name, or null
 * @param status {@code active}, {@code deactivated}, {@code pending_approval} or {@code unverified}
 * @param scopeId the scope's id, or null
 * @param staff whether they are staff
 * @param superuser whether they are a superuser
 * @param createdAt when the account was created
 * @param lastSignInAt when they last signed in, or null
 */
@Schema(name = "PersonListItem")
public record PersonItem(String id, String username, String email, String firstName, String lastName, String status,
		Long scopeId, boolean staff, boolean superuser, Instant createdAt, Instant lastSignInAt) {
}
