package io.microsys.sso.provider.login;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.account.SsoUserDetailsService;
import io.microsys.sso.provider.throttle.LoginThrottle;
import io.microsys.sso.provider.twofactor.SecondFactors;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

/**
 * Password sign-in. The account's state (deactivated, pending, locked, unverified) is checked only
 * after the password matched, so a wrong guess never learns whether an account exists or is
 * disabled.
 */
@Configuration(proxyBeanMethods = false)
class LoginConfiguration {

	/** The password sign-in, behind the guessing protection. */
	@Bean
	ThrottledPasswordAuthentication passwordAuthentication(SsoUserDetailsService users,
			PasswordEncoder passwordEncoder, LoginThrottle throttle, ApplicationEventPublisher events, SecondFactors secondFactors,
			TrustedBrowsers trustedBrowsers, Clock clock) {
		return new ThrottledPasswordAuthentication(passwordCheck(users, passwordEncoder), throttle, events,
				secondFactors, trustedBrowsers, clock, users);
	}

	private static DaoAuthenticationProvider passwordCheck(SsoUserDetailsService users,
			PasswordEncoder passwordEncoder) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(passwordEncoder);
		provider.setUserDetailsPasswordService(users);
		provider.setPreAuthenticationChecks((user) -> {
		});
		provider.setPostAuthenticationChecks((user) -> {
			if (user instanceof SsoUserDetails details && details.getSignInProblem() != null) {
				throw new AccountStateException(details);
			}
		});
		return provider;
	}

	/** The password was right but the account may not sign in now. */
	static final class AccountStateException extends DisabledException {

		private final transient SsoUserDetails user;

		AccountStateException(SsoUserDetails user) {
			super(user.getSignInProblem());
			this.user = user;
		}

		SsoUserDetails getUser() {
			return this.user;
		}

	}

}
