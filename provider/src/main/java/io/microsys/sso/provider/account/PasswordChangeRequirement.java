package io.microsys.sso.provider.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The "must choose a new password at the next sign-in" mark of a temporary password. Set and
 * cleared by targeted statements (never by saving a loaded account), each bumping the account's
 * version so that a save of an older copy fails instead of writing back the old password.
 */
@Component
public class PasswordChangeRequirement {

	private final JdbcTemplate jdbc;

	PasswordChangeRequirement(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Sets a temporary password (its hash) that the person must replace; false when there is no such account. */
	public boolean setTemporary(long userId, String passwordHash) {
		return this.jdbc.update("UPDATE sso_user SET password_hash = ?, password_change_required = TRUE, "
				+ "version = version + 1 WHERE id = ?", passwordHash, userId) == 1;
	}

	/** The person chose their own password: the mark goes. */
	public void clear(long userId) {
		this.jdbc.update("UPDATE sso_user SET password_change_required = FALSE, version = version + 1 "
				+ "WHERE id = ? AND password_change_required = TRUE", userId);
	}

}
