package io.microsys.sso.provider.profile;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.session.SignedInDevices;
import io.microsys.sso.provider.twofactor.EmailCodes;
import io.microsys.sso.provider.twofactor.SecondFactors;

/**
 * Which of the profile's sensitive actions a person can confirm now: the same conditions as the
 * profile page uses to offer them. Nothing here changes anything; the action's POST checks the
 * password and acts.
 */
@Service
class Confirmations {

	/** A handle as the profile lists it (the same rule as {@link EndSessionForm}). */
	private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_-]{8,128}");

	private final SecondFactors secondFactors;

	private final EmailCodes emailCodes;

	private final Mailer mailer;

	private final SignedInDevices devices;

	Confirmations(SecondFactors secondFactors, EmailCodes emailCodes, Mailer mailer, SignedInDevices devices) {
		this.secondFactors = secondFactors;
		this.emailCodes = emailCodes;
		this.mailer = mailer;
		this.devices = devices;
	}

	/** Turning on email codes, when offered and not on yet. */
	Optional<Confirmation> enableEmailCodes(SsoUserDetails person) {
		boolean offered = this.emailCodes.isOffered() && this.mailer.isAvailable()
				&& !this.emailCodes.isEnabled(person.getUserId());
		return offered ? Optional.of(Confirmation.enableEmailCodes()) : Optional.empty();
	}

	/** New backup codes, when two-step verification is on. */
	Optional<Confirmation> newBackupCodes(SsoUserDetails person) {
		return this.secondFactors.isEnrolled(person.getUserId()) ? Optional.of(Confirmation.newBackupCodes())
				: Optional.empty();
	}

	/** Turning two-step verification off, when it is on. */
	Optional<Confirmation> disableTwoFactor(SsoUserDetails person) {
		return this.secondFactors.isEnrolled(person.getUserId()) ? Optional.of(Confirmation.disableTwoFactor())
				: Optional.empty();
	}

	/**
	 * Ending one of the person's other live sessions, named by its handle; empty for anything
	 * else (malformed, ended, expired, this session, or not theirs), which is all one answer.
	 */
	Optional<Confirmation> endSession(SsoUserDetails person, String handle, String currentSessionId) {
		if (handle == null || !HANDLE.matcher(handle).matches()) {
			return Optional.empty();
		}
		return others(person, currentSessionId).stream()
			.filter((device) -> device.handle().equals(handle))
			.findFirst()
			.map(Confirmation::endSession);
	}

	/** Ending all the person's other sessions, when there is one. */
	Optional<Confirmation> endOtherSessions(SsoUserDetails person, String currentSessionId) {
		List<SignedInDevices.View> others = others(person, currentSessionId);
		return others.isEmpty() ? Optional.empty() : Optional.of(Confirmation.endOtherSessions(others));
	}

	private List<SignedInDevices.View> others(SsoUserDetails person, String currentSessionId) {
		return this.devices.list(person.getUsername(), currentSessionId)
			.stream()
			.filter((device) -> !device.current())
			.toList();
	}

}
