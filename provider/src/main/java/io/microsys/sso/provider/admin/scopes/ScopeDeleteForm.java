package io.microsys.sso.provider.admin.scopes;

import jakarta.validation.constraints.Pattern;

/** Deleting a scope: the scope to move its people to (an id), or none when it is empty. */
record ScopeDeleteForm(@Pattern(regexp = "\\d{1,18}|", message = "{form.error.moveTo}") String moveTo) {

	Long target() {
		return (this.moveTo != null && !this.moveTo.isEmpty()) ? Long.valueOf(this.moveTo) : null;
	}

}
