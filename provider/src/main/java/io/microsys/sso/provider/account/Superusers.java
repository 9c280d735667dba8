package io.microsys.sso.provider.account;

import java.util.List;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The superuser behind a request to {@code /sys/**}. The URL rule already asked for one (from
 * the session); this reads the account again, so a superuser demoted or deactivated since signing
 * in is refused at once.
 */
@Service
public class Superusers {

	private final UserRepository users;

	public Superusers(UserRepository users) {
		this.users = users;
	}

	/** The signed-in superuser's account; a 403 for anyone else. */
	@Transactional(readOnly = true)
	public SsoUser require(SsoUserDetails signedIn) {
		return (signedIn == null) ? deny()
				: this.users.findById(signedIn.getUserId())
					.filter(AccessPolicy::isSuperuser)
					.orElseGet(Superusers::deny);
	}

	/** Active superusers with an email address (the people told of new registrations), at most 20. */
	@Transactional(readOnly = true)
	public List<SsoUser> reachable() {
		return this.users.findTop20BySuperuserTrueAndStatusAndEmailIsNotNullOrderById(UserStatus.ACTIVE);
	}

	private static SsoUser deny() {
		throw new AccessDeniedException("Superusers only");
	}

}
