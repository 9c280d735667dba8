package io.microsys.sso.provider.api.apps;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.microsys.sso.provider.account.EmailAddress;
import io.microsys.sso.provider.client.MembershipRole;

/** An invitation to an app: the address, the role it will give, and the language of its email. */
@Schema(name = "AppInvitationInput", description = "An invitation to send.")
record AppInvitationInput(
		@Schema(example = "someone@example.com", requiredMode = Schema.RequiredMode.REQUIRED)
		@EmailAddress(message = "must be a valid email address") String email,
		@Schema(allowableValues = { "admin", "staff", "user" }, requiredMode = Schema.RequiredMode.REQUIRED)
		@NotNull(message = "is required: admin, staff or user") @Pattern(regexp = "admin|staff|user",
				message = "must be admin, staff or user") String role,
		@Schema(description = "The language of the email: en or ar (default en).", allowableValues = { "en", "ar" })
		@Pattern(regexp = "en|ar", message = "must be en or ar") String language) {

	MembershipRole roleValue() {
		return MembershipRole.fromClaimValue(this.role);
	}

}
