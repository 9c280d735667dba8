package io.microsys.sso.provider.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUserDetails;

/**
 * The security context of {@link SignedInAs}: the same authentication the provider's sign-in
 * stores (a {@link UsernamePasswordAuthenticationToken} without credentials whose principal is an
 * {@link SsoUserDetails}, with {@link FactorGrantedAuthority#PASSWORD_AUTHORITY}, then each second
 * factor's {@link FactorGrantedAuthority}, then {@link SignIn#COMPLETE}), built by
 * {@link SignIn#completedWith} as the login does.
 */
public final class SignedInAsSecurityContextFactory implements WithSecurityContextFactory<SignedInAs> {

	/** Database row of every person signed in by {@link SignedInAs} (nothing is stored). */
	public static final long USER_ID = 1;

	/** The scope of {@link SignedInAs.Kind#SCOPED_STAFF} when the annotation names none. */
	public static final long SCOPE_ID = 7;

	@Override
	public SecurityContext createSecurityContext(SignedInAs person) {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication(person));
		return context;
	}

	/** The signed-in person of {@code person}, as a sign-in leaves them. */
	public static UsernamePasswordAuthenticationToken authentication(SignedInAs person) {
		UsernamePasswordAuthenticationToken signedIn = signIn(person);
		signedIn.setDetails(actor(person.kind(), username(person), person.scope(), person.permissions()));
		return signedIn;
	}

	/**
	 * A complete sign-in (password only) of a person of {@code kind} with these permissions, for
	 * tests that sign in several kinds of person in one method (a permission matrix).
	 */
	public static UsernamePasswordAuthenticationToken authentication(SignedInAs.Kind kind, Permission... permissions) {
		return authentication(kind, kind.name().toLowerCase(Locale.ROOT), permissions);
	}

	/** As {@link #authentication(SignedInAs.Kind, Permission...)}, with this login name. */
	public static UsernamePasswordAuthenticationToken authentication(SignedInAs.Kind kind, String username,
			Permission... permissions) {
		SsoUserDetails principal = SsoUserDetails.restored(uuid(username), USER_ID, username, "en", kind.isStaff(),
				kind.isSuperuser());
		Instant now = Instant.now();
		UsernamePasswordAuthenticationToken password = UsernamePasswordAuthenticationToken.authenticated(principal,
				null, List.of(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
					.issuedAt(now)
					.build()));
		UsernamePasswordAuthenticationToken signedIn = (UsernamePasswordAuthenticationToken) SignIn
			.completedWith(password, null, now);
		signedIn.setDetails(actor(kind, username, 0, permissions));
		return signedIn;
	}

	/** The console's view of the person: their tier, scope and permissions (read by {@link TestActors}). */
	public static Actor actor(SignedInAs.Kind kind, String username, long scope, Permission... permissions) {
		Set<Permission> held = EnumSet.noneOf(Permission.class);
		held.addAll(Arrays.asList(permissions));
		Long scopeId = (scope != 0) ? Long.valueOf(scope) : ((kind == SignedInAs.Kind.SCOPED_STAFF) ? SCOPE_ID : null);
		if (kind == SignedInAs.Kind.GLOBAL_STAFF) {
			held.add(Permission.MANAGE_SCOPES);
		}
		Tier tier = Tier.of(true, kind.isSuperuser(), kind.isStaff(), scopeId, held.contains(Permission.MANAGE_SCOPES));
		return new Actor(USER_ID, uuid(username), username, tier, scopeId, held);
	}

	private static UsernamePasswordAuthenticationToken signIn(SignedInAs person) {
		String username = username(person);
		SsoUserDetails principal = SsoUserDetails.restored(uuid(username), USER_ID, username, person.language(),
				person.kind().isStaff(), person.kind().isSuperuser());
		Instant now = Instant.now();
		List<GrantedAuthority> authorities = List
			.of(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(now).build());
		UsernamePasswordAuthenticationToken password = UsernamePasswordAuthenticationToken.authenticated(principal,
				null, authorities);
		if (!person.complete()) {
			return password;
		}
		if (person.secondFactor().length == 0) {
			return (UsernamePasswordAuthenticationToken) SignIn.completedWith(password, null, now);
		}
		UsernamePasswordAuthenticationToken signedIn = password;
		for (SignIn.Factor factor : person.secondFactor()) {
			signedIn = (UsernamePasswordAuthenticationToken) SignIn.completedWith(signedIn, factor, now);
		}
		return signedIn;
	}

	/** The login name of {@code person}. */
	public static String username(SignedInAs person) {
		return person.username().isEmpty() ? person.kind().name().toLowerCase(Locale.ROOT) : person.username();
	}

	/**
	 * The UUID (authentication name, token {@code sub}) of the person with this login name: derived
	 * from it, so a test can stub a lookup by UUID.
	 */
	public static String uuid(String username) {
		return UUID.nameUUIDFromBytes(("microsys-test:" + username).getBytes(StandardCharsets.UTF_8)).toString();
	}

}
