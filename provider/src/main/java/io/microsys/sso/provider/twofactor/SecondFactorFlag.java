package io.microsys.sso.provider.twofactor;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps {@code sso_user.two_step} (whether the person has a confirmed authenticator app or email
 * codes) equal to their factors: each store calls it in the transaction that adds or removes one.
 * The flag is recomputed from the factor tables, not flipped, so two changes at once cannot leave it
 * wrong once both are done. The console's people list filters on it.
 */
final class SecondFactorFlag {

	private SecondFactorFlag() {
	}

	static void refresh(JdbcTemplate jdbc, long userId) {
		// Correlated with the row, not given the id again: H2 reuses an uncorrelated subquery's earlier answer
		// within a transaction that changed its table.
		jdbc.update("UPDATE sso_user u SET two_step = CASE WHEN EXISTS (SELECT 1 FROM sso_user_totp t "
				+ "WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM sso_email_factor f "
				+ "WHERE f.user_id = u.id) THEN TRUE ELSE FALSE END WHERE u.id = ?", userId);
	}

}
