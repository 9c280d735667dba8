package io.microsys.sso.provider.api.people;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.admin.users.OptionalEmail;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiProblem;
import io.microsys.sso.provider.support.PlainText;
import io.microsys.sso.provider.support.Username;

/**
 * The fields of a person a request writes ({@code POST /people}, {@code PUT} and {@code PATCH
 * /people/{id}}), read from the JSON body by hand: a field the person does not have, or a value of
 * the wrong type, is a 400 naming the field (never silently dropped), and the rest is checked as
 * the console's forms check it. The read-only fields of a {@link PersonResource} ({@code id},
 * {@code status}, {@code createdAt}…) may be sent back as read and are ignored, so a person read
 * can be changed and sent back whole.
 *
 * @param username the sign-in name (creating only)
 * @param email the address, or null
 * @param firstName the first name, or null
 * @param lastName the last name, or null
 * @param phone the phone number, or null
 * @param language {@code en} or {@code ar}
 * @param scopeId the scope's id, or null
 * @param staff whether they are staff
 * @param superuser whether they are a superuser
 * @param groups the ids of their groups
 * @param permissions the permissions granted to them directly
 */
record PersonFields(@Username(groups = Creating.class) String username, @OptionalEmail String email,
		@Size(max = 150, message = "{form.error.lastName}") @PlainText String firstName,
		@Size(max = 150, message = "{form.error.lastName}") @PlainText String lastName,
		@Size(max = 32, message = "{person.error.phone}") @PlainText(message = "{person.error.phone}") String phone,
		@NotBlank(message = "{person.error.language}") String language, Long scopeId, boolean staff,
		boolean superuser, List<Long> groups, List<String> permissions) {

	/** The validation group of the checks only a new person gets (the username). */
	interface Creating {
	}

	/** The fields a request may write. */
	static final Set<String> WRITABLE = Set.of("username", "email", "firstName", "lastName", "phone", "language",
			"scopeId", "staff", "superuser", "groups", "permissions");

	/** The fields of {@link PersonResource} that are only read (sent back, they are ignored). */
	static final Set<String> READ_ONLY = Set.of("id", "emailVerified", "status", "scopeName", "tier",
			"effectivePermissions", "origin", "createdAt", "lastSignInAt", "deactivatedAt");

	/** The fields of a new person, or of a whole replacement, before the body is read. */
	static PersonFields empty(String language) {
		return new PersonFields(null, null, null, null, null, language, null, false, false, List.of(), List.of());
	}

	/** The person as read now, as the base of a merge patch. */
	static PersonFields of(PersonResource person) {
		return new PersonFields(person.username(), person.email(), person.firstName(), person.lastName(),
				person.phone(), person.language(), person.scopeId(), person.staff(), person.superuser(),
				person.groups().stream().map(PersonResource.GroupRef::id).toList(), person.permissions());
	}

	/**
	 * These fields with those the body names set to its values ({@code null} clears a field; the
	 * flags and lists become false and empty); {@code username} is read only when {@code creating}.
	 * @throws ApiException 400 listing every unknown field and wrong type
	 */
	PersonFields with(JsonNode body, boolean creating) {
		if (body == null || !body.isObject()) {
			throw new ApiException(ApiProblem.INVALID_REQUEST, "The body must be a JSON object.").with("errors",
					List.of(new ApiException.FieldError("body", "must be a JSON object")));
		}
		List<ApiException.FieldError> errors = new ArrayList<>();
		String[] text = { this.username, this.email, this.firstName, this.lastName, this.phone, this.language };
		Long[] scope = { this.scopeId };
		boolean[] flags = { this.staff, this.superuser };
		List<Long> groupIds = this.groups;
		List<String> codes = this.permissions;
		for (Map.Entry<String, JsonNode> field : body.properties()) {
			String name = field.getKey();
			JsonNode value = field.getValue();
			if (READ_ONLY.contains(name) || (name.equals("username") && !creating)) {
				continue;
			}
			if (!WRITABLE.contains(name)) {
				errors.add(new ApiException.FieldError(name, "is not a field of a person"));
				continue;
			}
			switch (name) {
				case "scopeId" -> {
					if (value.isNull()) {
						scope[0] = null;
					}
					else if (value.isIntegralNumber() && value.canConvertToLong()) {
						scope[0] = value.longValue();
					}
					else {
						errors.add(new ApiException.FieldError(name, "must be a scope's id (a number) or null"));
					}
				}
				case "staff", "superuser" -> {
					if (value.isBoolean()) {
						flags[name.equals("staff") ? 0 : 1] = value.booleanValue();
					}
					else {
						errors.add(new ApiException.FieldError(name, "must be true or false"));
					}
				}
				case "groups" -> {
					List<Long> ids = groupIds(value);
					if (ids == null) {
						errors.add(new ApiException.FieldError(name,
								"must be a list of group ids (numbers, or objects with an id)"));
					}
					else {
						groupIds = ids;
					}
				}
				case "permissions" -> {
					List<String> read = texts(value);
					if (read == null) {
						errors.add(new ApiException.FieldError(name, "must be a list of permission codes"));
					}
					else {
						codes = read;
					}
				}
				default -> {
					if (value.isNull() || value.isString()) {
						text[index(name)] = value.isNull() ? null : value.asString();
					}
					else {
						errors.add(new ApiException.FieldError(name, "must be a string or null"));
					}
				}
			}
		}
		if (!errors.isEmpty()) {
			throw new ApiException(ApiProblem.INVALID_REQUEST, "Some fields are not valid.").with("errors", errors);
		}
		return new PersonFields(text[0], text[1], text[2], text[3], text[4], text[5], scope[0], flags[0], flags[1],
				groupIds, codes);
	}

	private static int index(String name) {
		return switch (name) {
			case "username" -> 0;
			case "email" -> 1;
			case "firstName" -> 2;
			case "lastName" -> 3;
			case "phone" -> 4;
			default -> 5;
		};
	}

	private static List<Long> groupIds(JsonNode value) {
		if (value.isNull()) {
			return List.of();
		}
		if (!value.isArray()) {
			return null;
		}
		List<Long> ids = new ArrayList<>();
		for (JsonNode item : value) {
			JsonNode id = item.isObject() ? item.get("id") : item;
			if (id == null || !id.isIntegralNumber() || !id.canConvertToLong()) {
				return null;
			}
			ids.add(id.longValue());
		}
		return ids;
	}

	private static List<String> texts(JsonNode value) {
		if (value.isNull()) {
			return List.of();
		}
		if (!value.isArray()) {
			return null;
		}
		List<String> codes = new ArrayList<>();
		for (JsonNode item : value) {
			if (!item.isString()) {
				return null;
			}
			codes.add(item.asString());
		}
		return codes;
	}

}
