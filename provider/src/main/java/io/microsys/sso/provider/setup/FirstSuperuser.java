package io.microsys.sso.provider.setup;

import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.support.NameKeys;

/**
 * Creates the first superuser, from the setup page or from {@code MICROSYS_SSO_ADMIN_USERNAME} and
 * {@code MICROSYS_SSO_ADMIN_PASSWORD}. Does nothing once a superuser exists. Creating it clears the
 * one-time setup codes.
 */
@Service
public class FirstSuperuser {

	/** Allowed usernames ({@link NameKeys#usernameProblem} says why one is not). */
	public static final String USERNAME_PATTERN = NameKeys.USERNAME_PATTERN;

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordPolicy passwordPolicy;

	private final ApplicationEventPublisher events;

	private final SetupCode setupCode;

	public FirstSuperuser(UserRepository users, PasswordEncoder passwordEncoder, PasswordPolicy passwordPolicy,
			ApplicationEventPublisher events, SetupCode setupCode) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.passwordPolicy = passwordPolicy;
		this.events = events;
		this.setupCode = setupCode;
	}

	/** Whether the provider still needs its first superuser. */
	@Transactional(readOnly = true)
	public boolean needed() {
		return !this.users.existsBySuperuserTrue();
	}

	/**
	 * Why {@code username} cannot be the superuser's, as a message key, if it cannot: not allowed
	 * ({@link NameKeys#usernameProblem}), or looking like another account's name or address (the
	 * account with this very name is the one made superuser).
	 */
	@Transactional(readOnly = true)
	public Optional<String> usernameProblem(String username) {
		Optional<String> problem = NameKeys.usernameProblem(username);
		if (problem.isPresent()) {
			return problem;
		}
		Long self = this.users.findByUsername(username).map(SsoUser::getId).orElse(null);
		return this.users.usernameTakenByOther(username, self) ? Optional.of("register.error.username-taken")
				: Optional.empty();
	}

	/**
	 * Creates the superuser unless one exists. Returns the password problem code if the password is
	 * not acceptable; throws {@link IllegalStateException} when a superuser already exists or, from
	 * the setup page, when the setup code was used meanwhile. Clears the setup codes.
	 */
	@Transactional
	public Optional<String> create(String username, String email, String password, boolean fromEnvironment) {
		if (this.users.existsBySuperuserTrue()) {
			throw new IllegalStateException("A superuser already exists");
		}
		Optional<String> problem = this.passwordPolicy.problem(password, username, email);
		if (problem.isPresent()) {
			return problem;
		}
		// Deleting the setup codes is the claim: of two pages sent with the code at once, one wins.
		if (this.setupCode.clear() == 0 && !fromEnvironment) {
			throw new IllegalStateException("The setup code was used meanwhile");
		}
		SsoUser user = this.users.findByUsername(username).orElseGet(() -> new SsoUser(username, AccountOrigin.SETUP));
		user.setEmail(email);
		user.setStaff(true);
		user.setSuperuser(true);
		user.setEmailVerified(true);
		user.activate();
		user.setPasswordHash(this.passwordEncoder.encode(password));
		this.users.save(user);
		this.events.publishEvent(new FirstSuperuserCreated(user.getUuid(), user.getUsername(), fromEnvironment));
		return Optional.empty();
	}

}
