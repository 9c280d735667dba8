package io.microsys.sso.provider.account;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The superusers the provider tells about work waiting for them (new registrations). Who may act
 * in the console is the console's policy ({@code access.AdminPolicy}), not this class.
 */
@Service
public class Superusers {

	private final UserRepository users;

	public Superusers(UserRepository users) {
		this.users = users;
	}

	/** Active superusers with an email address (the people told of new registrations), at most 20. */
	@Transactional(readOnly = true)
	public List<SsoUser> reachable() {
		return this.users.findTop20BySuperuserTrueAndStatusAndEmailIsNotNullOrderById(UserStatus.ACTIVE);
	}

}
