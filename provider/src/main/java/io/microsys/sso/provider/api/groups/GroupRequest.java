package io.microsys.sso.provider.api.groups;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.admin.groups.GroupAdministration;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.support.PlainText;

/**
 * A group as the caller writes it (creating one, or replacing its writable fields).
 *
 * @param name unique in any case, at most 150 characters
 * @param description at most 500 characters; null or blank for none
 * @param permissions the codes of the permissions its members get ({@code GET /permissions})
 */
@Schema(name = "GroupRequest", description = "A group's writable fields")
@JsonIgnoreProperties({ "id", "members", "createdAt", "updatedAt" })
record GroupRequest(
		@Schema(description = "Unique in any case", example = "Helpdesk", maxLength = GroupAdministration.NAME_MAX,
				requiredMode = Schema.RequiredMode.REQUIRED)
		@NotBlank(message = "is required")
		@Size(max = GroupAdministration.NAME_MAX, message = "must be at most " + GroupAdministration.NAME_MAX + " characters")
		@PlainText(message = "must not contain control characters")
		String name,

		@Schema(description = "None when null or blank", example = "First line support", maxLength = 500,
				nullable = true)
		@Size(max = 500, message = "must be at most 500 characters")
		@PlainText(message = "must not contain control characters")
		String description,

		@ArraySchema(arraySchema = @Schema(description = "The codes of the permissions its members get "
				+ "(GET /permissions); required when replacing a group, empty for none"),
				schema = @Schema(example = "users.view"), maxItems = 40)
		@Size(max = 40, message = "must hold at most 40 codes")
		List<@NotNull(message = "must not hold null") String> permissions) {

	String trimmedDescription() {
		return (this.description == null || this.description.isBlank()) ? null : this.description.trim();
	}

	/**
	 * The permissions named.
	 * @param required whether the list must be there (replacing a group) or may be left out (none)
	 * @throws ApiException 400 for a code that is not a permission, or a missing list when required
	 */
	Set<Permission> chosen(boolean required) {
		if (this.permissions == null) {
			if (required) {
				throw ApiException.invalid("permissions", "is required (an empty list for none)");
			}
			return Set.of();
		}
		Set<Permission> chosen = EnumSet.noneOf(Permission.class);
		for (String code : this.permissions) {
			chosen.add(Permission.ofCode(code)
				.orElseThrow(() -> ApiException.invalid("permissions", "holds a code that is not a permission")));
		}
		return chosen;
	}

}
