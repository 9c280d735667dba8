package io.microsys.sso.provider.twofactor;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.login.SignIn;

/**
 * A person's second factors together: whether they have one, and checking the single code the
 * challenge page takes, which may be an authenticator code, an emailed code or a backup code.
 */
@Service
public class SecondFactors {

	private final TotpStore totp;

	private final EmailCodes emailCodes;

	private final BackupCodes backupCodes;

	private final TrustedBrowsers trustedBrowsers;

	public SecondFactors(TotpStore totp, EmailCodes emailCodes, BackupCodes backupCodes,
			TrustedBrowsers trustedBrowsers) {
		this.totp = totp;
		this.emailCodes = emailCodes;
		this.backupCodes = backupCodes;
		this.trustedBrowsers = trustedBrowsers;
	}

	/** Whether the person signs in with a second factor (authenticator app or email codes). */
	public boolean isEnrolled(long userId) {
		return this.totp.isEnrolled(userId) || this.emailCodes.isEnabled(userId);
	}

	/** Which factor, if any, {@code code} is for this person; a matching code is used up. */
	public Optional<SignIn.Factor> verify(long userId, String code) {
		if (code == null || code.isBlank() || code.length() > 64) {
			return Optional.empty();
		}
		String digits = code.replaceAll("[\\s-]", "");
		if (digits.matches("\\d{6,8}")) {
			if (this.totp.isEnrolled(userId) && this.totp.verify(userId, digits)) {
				return Optional.of(SignIn.Factor.TOTP);
			}
			if (this.emailCodes.verify(userId, digits)) {
				return Optional.of(SignIn.Factor.EMAIL_CODE);
			}
			return Optional.empty();
		}
		return this.backupCodes.use(userId, code) ? Optional.of(SignIn.Factor.BACKUP_CODE) : Optional.empty();
	}

	/** Turns two-factor sign-in off for the person: every factor, backup code and trusted browser. */
	@Transactional
	public void removeAll(long userId) {
		this.totp.remove(userId);
		this.emailCodes.disable(userId);
		this.backupCodes.removeAll(userId);
		this.trustedBrowsers.revokeAll(userId);
	}

}
