package io.microsys.sso.provider.profile;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.session.ProviderSessionEnd;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

/**
 * Setting a new password, by the person (change) or through a reset link. Either way the new
 * password passes the policy, every trusted browser is forgotten, sessions end (all of them after
 * a reset, all but the current one after a change; their apps are told), and the person is told
 * by email.
 */
@Service
public class Passwords {

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordPolicy policy;

	private final TrustedBrowsers trustedBrowsers;

	private final ProviderSessionEnd sessionEnd;

	private final Mailer mailer;

	private final AuditService audit;

	private final TransactionTemplate transaction;

	public Passwords(UserRepository users, PasswordEncoder passwordEncoder, PasswordPolicy policy,
			TrustedBrowsers trustedBrowsers, ProviderSessionEnd sessionEnd, Mailer mailer, AuditService audit,
			PlatformTransactionManager transactionManager) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.policy = policy;
		this.trustedBrowsers = trustedBrowsers;
		this.sessionEnd = sessionEnd;
		this.mailer = mailer;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/** Why {@code password} cannot be this person's (a {@code password.*} message key suffix), if it cannot. */
	public Optional<String> problem(SsoUser user, String password) {
		return this.policy.problem(password, user.getUsername(), user.getEmail());
	}

	/**
	 * Sets the new password, which must have passed {@link #problem}.
	 * @param keepSessionId the session that stays signed in, or null to end every session
	 * @param event {@link AuditEventType#PASSWORD_CHANGED} or {@link AuditEventType#PASSWORD_RESET_COMPLETED}
	 */
	public void set(long userId, String password, String keepSessionId, AuditEventType event) {
		String hash = this.passwordEncoder.encode(password);
		SsoUser user = this.transaction.execute((status) -> {
			SsoUser found = this.users.findById(userId).orElseThrow();
			found.setPasswordHash(hash);
			return found;
		});
		int browsers = this.trustedBrowsers.revokeAll(userId);
		int sessions = this.sessionEnd.endAllExcept(user.getUuid(),
				(keepSessionId != null) ? Set.of(keepSessionId) : Set.of());
		this.audit.event(event)
			.user(user.getUuid(), user.getUsername())
			.detail(sessions + " other session(s) ended, " + browsers + " trusted browser(s) forgotten")
			.record();
		this.mailer.send(user.getEmail(), user.getLanguage(), "password-changed", Map.of("name", user.getDisplayName()));
	}

}
