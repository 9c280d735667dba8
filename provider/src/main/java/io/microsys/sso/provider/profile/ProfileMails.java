package io.microsys.sso.provider.profile;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.mail.Mailer;

/**
 * The emails that follow a change to a person's credentials: a new password, a new address (told
 * to the old one). Queued in the outbox before the change commits, so the message is sent if and
 * only if the change is kept.
 */
@Component
class ProfileMails {

	private final Mailer mailer;

	ProfileMails(Mailer mailer) {
		this.mailer = mailer;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void passwordChanged(PasswordChanged event) {
		SsoUser user = event.user();
		this.mailer.send(user.getEmail(), user.getLanguage(), "password-changed", Map.of("name", user.getDisplayName()));
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void emailChanged(EmailChanged event) {
		SsoUser user = event.user();
		if (event.oldEmail() != null) {
			this.mailer.send(event.oldEmail(), user.getLanguage(), "email-changed",
					Map.of("name", user.getDisplayName(), "email", user.getEmail()));
		}
	}

}
