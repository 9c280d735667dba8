package io.microsys.sso.provider.api.scopes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.admin.scopes.ScopeAdministration;
import io.microsys.sso.provider.support.PlainText;

/**
 * A scope as the caller writes it (creating one, or replacing its writable fields).
 *
 * @param name unique in any case, at most 150 characters
 * @param description at most 500 characters; null or blank for none
 */
@Schema(name = "ScopeRequest", description = "A scope's writable fields")
@JsonIgnoreProperties({ "id", "people", "createdAt", "updatedAt" })
record ScopeRequest(
		@Schema(description = "Unique in any case", example = "Finance", maxLength = ScopeAdministration.NAME_MAX,
				requiredMode = Schema.RequiredMode.REQUIRED)
		@NotBlank(message = "is required")
		@Size(max = ScopeAdministration.NAME_MAX, message = "must be at most " + ScopeAdministration.NAME_MAX + " characters")
		@PlainText(message = "must not contain control characters")
		String name,

		@Schema(description = "None when null or blank", example = "The finance department", maxLength = 500,
				nullable = true)
		@Size(max = 500, message = "must be at most 500 characters")
		@PlainText(message = "must not contain control characters")
		String description) {

	String trimmedDescription() {
		return (this.description == null || this.description.isBlank()) ? null : this.description.trim();
	}

}
