package io.microsys.sso.provider.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.microsys.sso.provider.account.AccessPolicy.Rule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sign-in with a temporary password owes a new one: it reaches nothing but the page where the
 * person chooses it (not even a superuser's console), and only once every factor is given.
 */
class NewPasswordOwedTests {

	private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

	private static Authentication signIn(boolean complete, boolean owesNewPassword) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(NOW).build());
		if (complete) {
			authorities.add(new SimpleGrantedAuthority(SignIn.COMPLETE));
		}
		SsoUserDetails person = SsoUserDetails.restored("uuid", 1, "root", "en", true, true);
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(person, null, authorities);
		return owesNewPassword ? SignIn.owingNewPassword(authentication) : authentication;
	}

	@Test
	void allowsWhenNewPasswordOwedThenOnlyTheNewPasswordPage() {
		Authentication owing = signIn(true, true);
		assertThat(SignIn.isComplete(owing)).isFalse();
		assertThat(SignIn.awaitsSecondFactor(owing)).isFalse();
		assertThat(SignIn.awaitsNewPassword(owing)).isTrue();
		assertThat(AccessPolicy.allows(Rule.COMPLETE_SIGN_IN, owing)).isFalse();
		assertThat(AccessPolicy.allows(Rule.SUPERUSER, owing)).isFalse();
		assertThat(AccessPolicy.allows(Rule.CONSOLE, owing)).isFalse();
		assertThat(AccessPolicy.allows(Rule.NEW_PASSWORD_OWED, owing)).isTrue();
	}

	@Test
	void allowsWhenSecondFactorStillOwedThenNotEvenTheNewPasswordPage() {
		Authentication partly = signIn(false, true);
		assertThat(SignIn.awaitsSecondFactor(partly)).isTrue();
		assertThat(AccessPolicy.allows(Rule.NEW_PASSWORD_OWED, partly)).isFalse();
	}

	@Test
	void withNewPasswordWhenChosenThenComplete() {
		Authentication chosen = SignIn.withNewPassword(signIn(true, true));
		assertThat(SignIn.isComplete(chosen)).isTrue();
		assertThat(AccessPolicy.allows(Rule.CONSOLE, chosen)).isTrue();
		assertThat(AccessPolicy.allows(Rule.NEW_PASSWORD_OWED, chosen)).isFalse();
		assertThat(AccessPolicy.allows(Rule.NEW_PASSWORD_OWED, signIn(true, false))).isFalse();
	}

}
