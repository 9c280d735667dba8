package io.microsys.sso.provider.admin.members;

import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A pasted list of usernames or email addresses, one a line (at most {@value AppMembers#MAX_BULK_LINES}),
 * and the role they all get.
 */
record BulkAddForm(@NotBlank(message = "{members.error.lines}") @Size(max = 130_000,
		message = "{members.error.tooMany}") String lines,
		@NotBlank(message = "{members.error.role}") @Pattern(regexp = "ADMIN|STAFF|USER",
				message = "{members.error.role}") String role) {

	static BulkAddForm empty() {
		return new BulkAddForm("", "USER");
	}

	/** The lines as pasted. */
	List<String> lineList() {
		return (this.lines == null) ? List.of() : this.lines.lines().toList();
	}

	@AssertTrue(message = "{members.error.tooMany}")
	boolean isBounded() {
		return lineList().size() <= AppMembers.MAX_BULK_LINES;
	}

}
