package io.microsys.sso.provider.admin.apps;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A secret rotation: how many hours the previous secret keeps working (0 to
 * {@value AppAdministration#MAX_OVERLAP_HOURS}; default 24).
 */
record SecretForm(@NotBlank(message = "{clients.error.overlap}") @Pattern(regexp = "\\d{1,4}",
		message = "{clients.error.overlap}") String overlapHours) {

	static final SecretForm DEFAULT = new SecretForm("24");

	int hours() {
		return Integer.parseInt(this.overlapHours);
	}

}
