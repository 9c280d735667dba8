package io.microsys.sso.provider.api.apps;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.microsys.sso.provider.client.MembershipRole;

/** The role a person is to hold in an app. */
@Schema(name = "AppMemberRole", description = "The role to hold in the app.")
record AppMemberRole(@Schema(allowableValues = { "admin", "staff", "user" }, requiredMode = Schema.RequiredMode.REQUIRED)
		@NotNull(message = "is required: admin, staff or user") @Pattern(regexp = "admin|staff|user",
				message = "must be admin, staff or user") String role) {

	MembershipRole value() {
		return MembershipRole.fromClaimValue(this.role);
	}

}
