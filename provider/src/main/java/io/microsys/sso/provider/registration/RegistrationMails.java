package io.microsys.sso.provider.registration;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.Superusers;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.Links;

/**
 * The emails that follow a registration's progress: superusers told of an account waiting for
 * them, the person told of the decision. Queued in the outbox before the change commits, so a
 * message goes out if and only if the change is kept.
 */
@Component
class RegistrationMails {

	private final Mailer mailer;

	private final Superusers superusers;

	private final Links pages;

	RegistrationMails(Mailer mailer, Superusers superusers, Links pages) {
		this.mailer = mailer;
		this.superusers = superusers;
		this.pages = pages;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void verified(SignUpVerified event) {
		if (!event.waitsForApproval()) {
			return;
		}
		SsoUser applicant = event.user();
		for (SsoUser superuser : this.superusers.reachable()) {
			Map<String, Object> values = new HashMap<>();
			values.put("name", superuser.getDisplayName());
			values.put("applicant", applicant.getDisplayName());
			values.put("email", applicant.getEmail());
			values.put("link", this.pages.registrationsQueue());
			this.mailer.send(superuser.getEmail(), superuser.getLanguage(), "registration-waiting", values);
		}
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void reviewed(RegistrationReviewed event) {
		SsoUser user = event.user();
		Map<String, Object> values = new HashMap<>();
		values.put("name", user.getDisplayName());
		values.put("reason", (event.reason() != null) ? event.reason() : "");
		values.put("link", this.pages.login());
		this.mailer.send(user.getEmail(), user.getLanguage(),
				event.approved() ? "registration-approved" : "registration-rejected", values);
	}

}
