package io.microsys.sso.provider.login;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.account.UserRepository;

/** Records password sign-ins, successful or not, and the time of the last sign-in. */
@Component
class LoginAuditListener {

	private final ApplicationEventPublisher events;

	private final UserRepository users;

	private final Clock clock;

	LoginAuditListener(ApplicationEventPublisher events, UserRepository users, Clock clock) {
		this.events = events;
		this.users = users;
		this.clock = clock;
	}

	/** The time is one statement committed on its own: no lock on the person is held while auditing. */
	@EventListener
	public void onSuccess(AuthenticationSuccessEvent event) {
		if (event.getAuthentication().getPrincipal() instanceof SsoUserDetails user) {
			this.users.recordSignIn(user.getUsername(), this.clock.instant());
			this.events.publishEvent(
					new SignInSucceeded(user.getUsername(), user.getLoginName(), reason(event.getAuthentication())));
		}
	}

	@EventListener
	public void onFailure(AbstractAuthenticationFailureEvent event) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt
				&& !(event.getException() instanceof LoginConfiguration.AccountStateException)
				&& !(event.getException() instanceof ThrottledPasswordAuthentication.SignInsThrottledException)) {
			this.events.publishEvent(new SignInFailed(null, String.valueOf(attempt.getName()), "bad_credentials"));
		}
	}

	/** How the password step ended: complete, on a trusted browser, or with a second factor owed. */
	private static String reason(org.springframework.security.core.Authentication authentication) {
		if (SignIn.awaitsSecondFactor(authentication)) {
			return "second_factor_required";
		}
		return SignIn.hasSecondFactor(authentication) ? "trusted_browser" : null;
	}

}
