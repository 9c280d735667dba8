package io.microsys.sso.provider.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.microsys.sso.provider.account.AccessPolicy.Rule;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTests {

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	@Test
	void allowsWhenAnonymousThenNothing() {
		Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymous",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		assertThat(AccessPolicy.allows(Rule.COMPLETE_SIGN_IN, anonymous)).isFalse();
		assertThat(AccessPolicy.allows(Rule.SUPERUSER, anonymous)).isFalse();
	}

	@Test
	void allowsWhenASecondFactorIsStillOwedThenNothingEvenForASuperuser() {
		Authentication partly = signedIn(true, false);
		assertThat(AccessPolicy.allows(Rule.COMPLETE_SIGN_IN, partly)).isFalse();
		assertThat(AccessPolicy.allows(Rule.SUPERUSER, partly)).isFalse();
	}

	@Test
	void allowsWhenCompleteThenPagesAndOnlySuperusersAdministration() {
		assertThat(AccessPolicy.allows(Rule.COMPLETE_SIGN_IN, signedIn(false, true))).isTrue();
		assertThat(AccessPolicy.allows(Rule.SUPERUSER, signedIn(false, true))).isFalse();
		assertThat(AccessPolicy.allows(Rule.SUPERUSER, signedIn(true, true))).isTrue();
	}

	@Test
	void isSuperuserWhenDeactivatedSinceSigningInThenNot() {
		SsoUser user = new SsoUser();
		user.setSuperuser(true);
		user.setStatus(UserStatus.ACTIVE);
		assertThat(AccessPolicy.isSuperuser(user)).isTrue();
		user.setStatus(UserStatus.DEACTIVATED);
		assertThat(AccessPolicy.isSuperuser(user)).isFalse();
		user.setStatus(UserStatus.ACTIVE);
		user.setSuperuser(false);
		assertThat(AccessPolicy.isSuperuser(user)).isFalse();
	}

	private static Authentication signedIn(boolean superuser, boolean complete) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(NOW).build());
		if (complete) {
			authorities.add(new SimpleGrantedAuthority(SignIn.COMPLETE));
		}
		SsoUserDetails person = SsoUserDetails.restored("uuid", 1, "alice", "en", superuser, superuser);
		return UsernamePasswordAuthenticationToken.authenticated(person, null, authorities);
	}

}
