package io.microsys.sso.provider.admin.scopes;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.support.PlainText;

/** A scope's name (unique in any case, at most 150 characters) and description (at most 500). */
record ScopeForm(@NotBlank(message = "{form.error.scopeName}") @Size(max = ScopeAdministration.NAME_MAX, message = "{form.error.scopeName}")
		@PlainText String name,
		@Size(max = 500, message = "{form.error.description}") @PlainText String description) {

	static final ScopeForm EMPTY = new ScopeForm("", "");

	String trimmedDescription() {
		return (this.description == null || this.description.isBlank()) ? null : this.description.trim();
	}

}
