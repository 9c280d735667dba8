package io.microsys.sso.provider.account;

import java.util.Collection;
import java.util.Locale;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
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

	/**
	 * Accounts of one origin in the given states, newest first, whose username, email or names
	 * contain {@code search} (ignoring case; blank matches all).
	 */
	public Page<SsoUser> search(AccountOrigin origin, Collection<UserStatus> statuses, String search,
			Pageable page) {
		return this.users.findByOrigin(origin, statuses, containing(search), page);
	}

	/** A LIKE pattern for text containing {@code search}, its wildcards escaped with {@code !}. */
	private static String containing(String search) {
		if (search == null || search.isBlank()) {
			return null;
		}
		String plain = search.trim()
			.toLowerCase(Locale.ROOT)
			.replace("!", "!!")
			.replace("%", "!%")
			.replace("_", "!_");
		return "%" + plain + "%";
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
