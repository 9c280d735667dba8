package io.microsys.sso.provider.registration;

import java.security.SecureRandom;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.support.DrbgRandom;
import io.microsys.sso.provider.support.NameKeys;

/** Usernames for people who sign up or accept an invitation without choosing one. */
@Component
class Usernames {

	private static final SecureRandom random = DrbgRandom.create();

	private final UserRepository users;

	Usernames(UserRepository users) {
		this.users = users;
	}

	/**
	 * A free username made from the address's local part (letters, digits, dots, dashes and
	 * underscores), with a random number added while it is taken or looks like a taken one.
	 */
	String free(String email) {
		String local = email.substring(0, email.indexOf('@')).replaceAll("[^\\p{L}\\p{N}._-]", "");
		if (local.length() > 140) {
			local = local.substring(0, 140);
		}
		if (local.length() < 3) {
			local = "user" + local;
		}
		if (NameKeys.usernameProblem(local).isPresent()) {
			local = "user";
		}
		String candidate = local;
		for (int attempt = 0; this.users.usernameTaken(candidate); attempt++) {
			candidate = local + "-" + ((attempt < 10) ? 1000 + random.nextInt(9000) : random.nextInt(1_000_000_000));
		}
		return candidate;
	}

}
