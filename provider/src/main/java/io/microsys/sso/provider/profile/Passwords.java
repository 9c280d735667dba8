package io.microsys.sso.provider.profile;

import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.account.PasswordChangeRequirement;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.session.ProviderSessionEnd;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

/**
 * Setting a new password, by the person (change) or through a reset link. Either way the new
 * password passes the policy, every trusted browser is forgotten, sessions end (all of them after
 * a reset, all but the current one after a change; their apps are told), and a
 * {@link PasswordChanged} event follows (audited; the person is told by email). A password the
 * person sets is never a temporary one; staff set those ({@link #setTemporary}).
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

	private final PasswordChangeRequirement requirement;

	public Passwords(UserRepository users, PasswordEncoder passwordEncoder, PasswordPolicy policy,
			TrustedBrowsers trustedBrowsers, ProviderSessionEnd sessionEnd, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager, PasswordChangeRequirement requirement) {
		this.requirement = requirement;
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

	/**
	 * Sets a temporary password chosen by staff (passed {@link #problem}), which the person must
	 * replace at their next sign-in; every session of the person ends. The caller records it.
	 * @return how many sessions ended, or -1 when the account is gone
	 */
	public int setTemporary(SsoUser user, String password) {
		if (!this.requirement.setTemporary(user.getId(), this.passwordEncoder.encode(password))) {
			return -1;
		}
		return this.sessionEnd.endAll(user.getUuid());
	}

	/** Whether {@code password} is the person's password now (a temporary one is not replaced by itself). */
	public boolean isCurrent(SsoUser user, String password) {
		return user.getPasswordHash() != null && this.passwordEncoder.matches(password, user.getPasswordHash());
	}

	private void set(long userId, String password, Set<String> keep, boolean byReset) {
		String hash = this.passwordEncoder.encode(password);
		SsoUser user = this.transaction.execute((status) -> {
			SsoUser found = this.users.findById(userId).orElseThrow();
			found.setPasswordHash(hash);
			return found;
		});
		// A password the person chose themselves: no longer a temporary one.
		this.requirement.clear(userId);
		int browsers = this.trustedBrowsers.revokeAll(userId);
		int sessions = this.sessionEnd.endAllExcept(user.getUuid(), keep);
		this.events.publishEvent(new PasswordChanged(user, byReset, sessions, browsers));
	}

}
