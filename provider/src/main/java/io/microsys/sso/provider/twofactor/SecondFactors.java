package io.microsys.sso.provider.twofactor;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.throttle.LoginThrottle;

/**
 * A person's second factors together: whether they have one, and checking the single code the
 * challenge page (and the reset form) takes, which may be an authenticator code, an emailed code
 * or a backup code, behind the same guessing protection as passwords.
 */
@Service
public class SecondFactors {

	/**
	 * The authenticator set-up page; a person without a second factor is sent to it by an app that
	 * requires one.
	 */
	public static final String ENROLMENT_PATH = "/accounts/profile/two-factor/authenticator";

	private final TotpStore totp;

	private final EmailCodes emailCodes;

	private final BackupCodes backupCodes;

	private final TrustedBrowsers trustedBrowsers;

	private final LoginThrottle throttle;

	public SecondFactors(TotpStore totp, EmailCodes emailCodes, BackupCodes backupCodes,
			TrustedBrowsers trustedBrowsers, LoginThrottle throttle) {
		this.throttle = throttle;
		this.totp = totp;
		this.emailCodes = emailCodes;
		this.backupCodes = backupCodes;
		this.trustedBrowsers = trustedBrowsers;
	}

	/** Whether the person signs in with a second factor (authenticator app or email codes). */
	public boolean isEnrolled(long userId) {
		return this.totp.isEnrolled(userId) || this.emailCodes.isEnabled(userId);
	}

	/**
	 * Checks a typed code (authenticator, emailed when {@code emailCodes}, or backup code) behind
	 * the guessing protection: counted against the person and the address before it is checked,
	 * refused unchecked while either is blocked; a wrong one stays counted, a right one (used up)
	 * clears the person's count.
	 */
	public Check check(String userUuid, long userId, String code, boolean emailCodes, String ip) {
		LoginThrottle.Attempt attempt = this.throttle.secondFactor(userUuid, ip);
		if (attempt.refused().isPresent()) {
			return new Check(Optional.empty(), attempt.refused());
		}
		Optional<SignIn.Factor> factor = verify(userId, code, emailCodes);
		if (factor.isPresent()) {
			this.throttle.succeeded(attempt);
		}
		else {
			this.throttle.failed(attempt);
		}
		return new Check(factor, Optional.empty());
	}

	private Optional<SignIn.Factor> verify(long userId, String code, boolean emailCodes) {
		if (code == null || code.isBlank() || code.length() > 64) {
			return Optional.empty();
		}
		String digits = code.replaceAll("[\\s-]", "");
		if (digits.matches("\\d{6,8}")) {
			if (this.totp.verify(userId, digits)) {
				return Optional.of(SignIn.Factor.TOTP);
			}
			return (emailCodes && this.emailCodes.verify(userId, digits)) ? Optional.of(SignIn.Factor.EMAIL_CODE)
					: Optional.empty();
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

	/**
	 * What a typed code turned out to be: the factor it was for, or empty; {@code block} when it
	 * was not checked at all.
	 */
	public record Check(Optional<SignIn.Factor> factor, Optional<LoginThrottle.Block> block) {
	}

}
