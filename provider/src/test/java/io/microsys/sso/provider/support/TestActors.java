package io.microsys.sso.provider.support;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.account.SsoUserDetails;

/**
 * The console's actors in slice tests, without a database: the person {@link SignedInAs} (or
 * {@link SignedInAsSecurityContextFactory#authentication(SignedInAs.Kind, io.microsys.sso.provider.access.Permission...)})
 * signed in, with the tier, scope and permissions it gave them; nobody otherwise.
 */
public class TestActors extends Actors {

	public TestActors() {
		super(null, null);
	}

	@Override
	public Actor current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getDetails() instanceof Actor actor) ? actor : nobody();
	}

	@Override
	public Actor of(SsoUserDetails signedIn) {
		return current();
	}

}
