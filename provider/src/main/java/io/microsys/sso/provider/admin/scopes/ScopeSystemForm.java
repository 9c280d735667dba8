package io.microsys.sso.provider.admin.scopes;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Turning the scope system on or off. */
record ScopeSystemForm(@NotNull(message = "{form.error.onOff}") @Pattern(regexp = "on|off",
		message = "{form.error.onOff}") String state) {

	boolean on() {
		return "on".equals(this.state);
	}

}
