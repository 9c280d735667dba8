package io.microsys.sso.provider.twofactor;

import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.account.SsoUserDetails;

/**
 * The person's own changes to their two-step verification, from the profile. Each publishes its
 * event ({@link SecondFactorEnabled}, {@link BackupCodesGenerated}, {@link SecondFactorsRemoved},
 * {@link TrustedBrowsersForgotten}).
 */
@Service
class TwoFactorChanges {

	private final TotpStore totp;

	private final EmailCodes emailCodes;

	private final BackupCodes backupCodes;

	private final SecondFactors secondFactors;

	private final TrustedBrowsers trustedBrowsers;

	private final ApplicationEventPublisher events;

	TwoFactorChanges(TotpStore totp, EmailCodes emailCodes, BackupCodes backupCodes, SecondFactors secondFactors,
			TrustedBrowsers trustedBrowsers, ApplicationEventPublisher events) {
		this.totp = totp;
		this.emailCodes = emailCodes;
		this.backupCodes = backupCodes;
		this.secondFactors = secondFactors;
		this.trustedBrowsers = trustedBrowsers;
		this.events = events;
	}

	/** Turns the pending authenticator app on if {@code digits} is its current code. */
	boolean confirmAuthenticator(SsoUserDetails person, String digits) {
		if (!this.totp.confirm(person.getUserId(), digits)) {
			return false;
		}
		this.events.publishEvent(new SecondFactorEnabled(person.getUsername(), person.getLoginName(), "totp"));
		return true;
	}

	/** Turns email codes on. */
	void enableEmailCodes(SsoUserDetails person) {
		this.emailCodes.enable(person.getUserId());
		this.events.publishEvent(new SecondFactorEnabled(person.getUsername(), person.getLoginName(), "email_code"));
	}

	/** New backup codes, replacing the old ones. */
	List<String> newBackupCodes(SsoUserDetails person) {
		List<String> codes = this.backupCodes.regenerate(person.getUserId());
		this.events.publishEvent(new BackupCodesGenerated(person.getUsername(), person.getLoginName()));
		return codes;
	}

	/** Turns two-step verification off: every factor, backup code and trusted browser goes. */
	void disable(SsoUserDetails person) {
		this.secondFactors.removeAll(person.getUserId());
		this.events.publishEvent(new SecondFactorsRemoved(person.getUsername(), person.getLoginName()));
	}

	/** Forgets every trusted browser of the person; how many there were. */
	int forgetBrowsers(SsoUserDetails person) {
		int forgotten = this.trustedBrowsers.revokeAll(person.getUserId());
		this.events.publishEvent(new TrustedBrowsersForgotten(person.getUsername(), person.getLoginName(), forgotten));
		return forgotten;
	}

}
