package io.microsys.sso.provider.api.registrations;

import java.time.Instant;
import java.util.Locale;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;

/**
 * A public sign-up as the admin API shows it.
 *
 * @param id the account's uuid (the console's registration id)
 * @param username the login name chosen
 * @param email the address given
 * @param firstName the first name given
 * @param lastName the last name given
 * @param status {@code unverified}, {@code pending}, {@code approved} or {@code rejected}
 * @param scopeId the account's scope, or null
 * @param createdAt when the person signed up
 * @param reviewedAt when an administrator decided, or null
 * @param reviewReason the reason given with the decision, or null
 */
record Registration(String id, String username, String email, String firstName, String lastName, String status,
		Long scopeId, Instant createdAt, Instant reviewedAt, String reviewReason) {

	static Registration of(SsoUser user) {
		return new Registration(user.getUuid(), user.getUsername(), user.getEmail(), user.getFirstName(),
				user.getLastName(), status(user.getStatus()), (user.getScope() != null) ? user.getScope().getId() : null,
				user.getCreatedAt(), user.getReviewedAt(), user.getReviewReason());
	}

	/** The state of a sign-up in the queue's words. */
	static String status(UserStatus status) {
		return switch (status) {
			case PENDING_APPROVAL -> "pending";
			case ACTIVE -> "approved";
			case DEACTIVATED -> "rejected";
			default -> status.name().toLowerCase(Locale.ROOT);
		};
	}

}
