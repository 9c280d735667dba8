package io.microsys.sso.provider.api.invitations;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.account.EmailAddress;

/**
 * The body of {@code POST /invitations}.
 *
 * @param email the address to invite
 * @param appClientId the app to invite to
 * @param role the role offered there: {@code admin}, {@code staff} or {@code user} (the default)
 * @param language the language of the email: {@code en} (the default) or {@code ar}
 */
record NewInvitation(@EmailAddress @Size(max = 254, message = "must be at most 254 characters") String email,
		@NotBlank(message = "must name an app") @Size(max = 100,
				message = "must be at most 100 characters") String appClientId,
		@Pattern(regexp = "admin|staff|user", message = "must be admin, staff or user") String role,
		@Pattern(regexp = "en|ar", message = "must be en or ar") String language) {
}
