package io.microsys.sso.provider.admin.members;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One person added to an app: their username or email address, and the role. */
record AddMemberForm(@NotBlank(message = "{members.error.who}") @Size(max = 254, message = "{members.error.who}") String who,
		@NotBlank(message = "{members.error.role}") @Pattern(regexp = "ADMIN|STAFF|USER",
				message = "{members.error.role}") String role) {

	static AddMemberForm empty() {
		return new AddMemberForm("", "USER");
	}

}
