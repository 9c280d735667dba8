package io.microsys.sso.provider.twofactor;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.account.Accounts;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.mail.Mailer;

/**
 * The second step of a sign-in, for the challenge page: checking a code, trusting the browser,
 * emailing a code. Each publishes its event ({@link SecondFactorPassed}, {@link SecondFactorRefused},
 * {@link BrowserTrusted}, {@link EmailCodeSent}).
 */
@Service
class Challenges {

	private final SecondFactors secondFactors;

	private final TrustedBrowsers trustedBrowsers;

	private final EmailCodes emailCodes;

	private final Accounts accounts;

	private final Mailer mailer;

	private final ApplicationEventPublisher events;

	Challenges(SecondFactors secondFactors, TrustedBrowsers trustedBrowsers, EmailCodes emailCodes, Accounts accounts,
			Mailer mailer, ApplicationEventPublisher events) {
		this.secondFactors = secondFactors;
		this.trustedBrowsers = trustedBrowsers;
		this.emailCodes = emailCodes;
		this.accounts = accounts;
		this.mailer = mailer;
		this.events = events;
	}

	/** Checks a code typed at the challenge (email codes included), throttled per person and per address. */
	SecondFactors.Check check(SsoUserDetails person, String code, String address) {
		SecondFactors.Check check = this.secondFactors.check(person.getUsername(), person.getUserId(), code, true,
				address);
		if (check.factor().isPresent()) {
			this.events.publishEvent(
					new SecondFactorPassed(person.getUsername(), person.getLoginName(), check.factor().get()));
		}
		else {
			this.events.publishEvent(
					new SecondFactorRefused(person.getUsername(), person.getLoginName(), check.block().orElse(null)));
		}
		return check;
	}

	/** Lets this browser skip the challenge for a while. */
	void trust(SsoUserDetails person, HttpServletRequest request, HttpServletResponse response) {
		this.trustedBrowsers.trust(person.getUserId(), request, response);
		this.events.publishEvent(new BrowserTrusted(person.getUsername(), person.getLoginName()));
	}

	/** Emails a new sign-in code, unless one was sent too recently (then the issue says when the next may go). */
	EmailCodes.Issued mailCode(SsoUserDetails person) {
		EmailCodes.Issued issued = this.emailCodes.issue(person.getUserId());
		if (issued.code().isPresent()) {
			SsoUser user = this.accounts.of(person);
			this.mailer.send(user.getEmail(), user.getLanguage(), "email-code",
					Map.of("name", user.getDisplayName(), "code", issued.code().get(), "minutes",
							this.emailCodes.ttl().toMinutes()),
					this.emailCodes.ttl());
			this.events.publishEvent(new EmailCodeSent(person.getUsername(), person.getLoginName()));
		}
		return issued;
	}

}
