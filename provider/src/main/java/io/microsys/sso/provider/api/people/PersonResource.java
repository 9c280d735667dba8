package io.microsys.sso.provider.api.people;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A person as the admin API answers them ({@code GET /people/{id}}); their {@code ETag} is the
 * account's version, which every change of their fields, groups or permissions moves.
 *
 * @param id the person's stable id (uuid)
 * @param username the sign-in name (not changed through the API)
 * @param email the address, or null
 * @param emailVerified whether the address was confirmed
 * @param firstName the first name, or null
 * @param lastName the last name, or null
 * @param phone the phone number, or null
 * @param language the language of pages and mails ({@code en}, {@code ar})
 * @param status {@code active}, {@code deactivated}, {@code pending_approval} or {@code unverified}
 * @param scopeId the scope's id, or null
 * @param scopeName the scope's name, or null
 * @param staff whether they are staff
 * @param superuser whether they are a superuser
 * @param tier what they are to the console now: {@code superuser}, {@code global_staff},
 * {@code central_staff}, {@code scoped_staff} or {@code person}
 * @param groups the groups they belong to
 * @param permissions the permissions granted to them directly
 * @param effectivePermissions the permissions they hold, directly and through groups
 * @param origin how the account came to be ({@code admin}, {@code signup}…)
 * @param createdAt when the account was created
 * @param lastSignInAt when they last signed in, or null
 * @param deactivatedAt when they were deactivated, or null
 */
@Schema(name = "Person")
public record PersonResource(String id, String username, String email, boolean emailVerified, String firstName,
		String lastName, String phone, String language, String status, Long scopeId, String scopeName, boolean staff,
		boolean superuser, String tier, List<GroupRef> groups, List<String> permissions,
		List<String> effectivePermissions, String origin, Instant createdAt, Instant lastSignInAt,
		Instant deactivatedAt) {

	/** A group a person belongs to. */
	@Schema(name = "PersonGroup")
	public record GroupRef(long id, String name) {
	}

}
