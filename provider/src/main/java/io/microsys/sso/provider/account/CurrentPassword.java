package io.microsys.sso.provider.account;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.support.ClientAddress;
import io.microsys.sso.provider.throttle.LoginThrottle;

/**
 * The current-password guard in front of sensitive changes (turning two-factor sign-in off, new
 * backup codes, ending sessions, changing the password): someone at an unattended, signed-in
 * browser cannot make them. Wrong passwords count against the person like wrong codes, so the
 * guard cannot be used to guess the password.
 */
@Service
public class CurrentPassword {

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final LoginThrottle throttle;

	private final ApplicationEventPublisher events;

	public CurrentPassword(UserRepository users, PasswordEncoder passwordEncoder, LoginThrottle throttle,
			ApplicationEventPublisher events) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.throttle = throttle;
		this.events = events;
	}

	/** The outcome of a check. */
	public enum Check {

		/** Right password. */
		OK,
		/** Wrong (or missing) password. */
		WRONG,
		/** Too many wrong tries lately; not checked. */
		BLOCKED;

		/** The code of a refusal in a page's {@code error} parameter. */
		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** Checks the person's current password before {@code action} (named in the audit trail). */
	public Check check(SsoUserDetails person, String typed, String action, HttpServletRequest request) {
		return check(person.getUsername(), person.getLoginName(), typed, action, request);
	}

	/**
	 * Checks the current password of the person with this UUID and login name (a staff member
	 * acting in the console) before {@code action}.
	 */
	public Check check(String userUuid, String loginName, String typed, String action, HttpServletRequest request) {
		String ip = ClientAddress.of(request);
		LoginThrottle.Attempt attempt = this.throttle.secondFactor(userUuid, ip);
		if (attempt.refused().isPresent()) {
			return Check.BLOCKED;
		}
		String hash = this.users.findByUuid(userUuid).map(SsoUser::getPasswordHash).orElse(null);
		if (typed != null && !typed.isEmpty() && typed.length() <= 256 && hash != null
				&& this.passwordEncoder.matches(typed, hash)) {
			this.throttle.uncounted(attempt);
			return Check.OK;
		}
		this.throttle.failed(attempt);
		this.events.publishEvent(new ReauthenticationFailed(userUuid, loginName, action));
		return Check.WRONG;
	}

}
