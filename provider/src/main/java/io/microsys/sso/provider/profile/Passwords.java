package io.microsys.sso.provider.profile;

import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.session.ProviderSessionEnd;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

/**
 * Setting a new password, by the person (change) or through a reset link. Either way the new
 * password passes the policy, every trusted browser is forgotten, sessions end (all of them after
 * a reset, all but the current one after a change; their apps are told), and a
 * {@link PasswordChanged} event follows (audited; the person is told by email).
 */
@Service
public class Passwords {

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordPolicy policy;

	private final TrustedBrowsers trustedBrowsers;

	private final ProviderSessionEnd sessionEnd;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	public Passwords(UserRepository users, PasswordEncoder passwordEncoder, PasswordPolicy policy,
			TrustedBrowsers trustedBrowsers, ProviderSessionEnd sessionEnd, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.policy = policy;
		this.trustedBrowsers = trustedBrowsers;
		this.sessionEnd = sessionEnd;
		this.events = events;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/** Why {@code password} cannot be this person's (a {@code password.*} message key suffix), if it cannot. */
	public Optional<String> problem(SsoUser user, String password) {
		return this.policy.problem(password, user.getUsername(), user.getEmail());
	}

	/** Changes the person's password (passed {@link #problem}); every session but {@code keepSessionId} ends. */
	public void change(long userId, String password, String keepSessionId) {
		set(userId, password, Set.of(keepSessionId), false);
	}

	/** Sets the password from a reset link (passed {@link #problem}); every session ends. */
	public void reset(long userId, String password) {
		set(userId, password, Set.of(), true);
	}

	private void set(long userId, String password, Set<String> keep, boolean byReset) {
		String hash = this.passwordEncoder.encode(password);
		SsoUser user = this.transaction.execute((status) -> {
			SsoUser found = this.users.findById(userId).orElseThrow();
			found.setPasswordHash(hash);
			return found;
		});
		int browsers = this.trustedBrowsers.revokeAll(userId);
		int sessions = this.sessionEnd.endAllExcept(user.getUuid(), keep);
		this.events.publishEvent(new PasswordChanged(user, byReset, sessions, browsers));
	}

}
