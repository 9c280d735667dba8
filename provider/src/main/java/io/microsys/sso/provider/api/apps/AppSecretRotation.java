package io.microsys.sso.provider.api.apps;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.microsys.sso.provider.admin.apps.AppAdministration;

/**
 * A secret rotation: how many hours the previous secret keeps working (0 to 720; 24 when not
 * given), so the app can roll its secret without downtime.
 */
@Schema(name = "AppSecretRotation", description = "How long the previous secret keeps working.")
record AppSecretRotation(@Schema(description = "Hours the previous secret keeps working, 0 (it stops at once) to 720; "
		+ "default 24.", example = "24") @Min(value = 0, message = "must be from 0 to 720")
		@Max(value = AppAdministration.MAX_OVERLAP_HOURS, message = "must be from 0 to 720") Integer overlapHours) {

	/** The overlap when none is given. */
	static final int DEFAULT_HOURS = 24;

	int hours() {
		return (this.overlapHours != null) ? this.overlapHours : DEFAULT_HOURS;
	}

}
