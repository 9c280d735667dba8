package io.microsys.sso.provider.account;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Reads people's accounts for pages and features above this package, so that controllers never
 * hold the repository. Each read is one indexed lookup, or one bounded page.
 */
@Service
@Transactional(readOnly = true)
public class Accounts {

	private final UserRepository users;

	Accounts(UserRepository users) {
		this.users = users;
	}

	/**
	 * The account of the signed-in person.
	 * @throws AccountGoneException when it no longer exists
	 */
	public SsoUser of(SsoUserDetails person) {
		return this.users.findByUuid(person.getUsername()).orElseThrow(AccountGoneException::new);
	}

	/** The signed-in person's account was deleted while they were signed in: 410 Gone, not a 500. */
	@ResponseStatus(HttpStatus.GONE)
	public static final class AccountGoneException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		AccountGoneException() {
			super("The signed-in account no longer exists");
		}

	}

}
