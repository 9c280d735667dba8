package io.microsys.sso.provider.access;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;

/**
 * Reads the {@link Actor} behind a console request from the database, every time: the session
 * remembers who signed in, the account says what they may do now, so a demotion, a deactivation
 * or a permission taken away applies to the very next request on every node. Two indexed reads:
 * the account, and its permissions direct and through groups. An admin API call's actor is read the
 * same way when its bearer token is accepted, and is the authentication's principal.
 */
@Service
@Transactional(readOnly = true)
public class Actors {

	private static final String ATTRIBUTE = Actors.class.getName() + ".actor";

	private final UserRepository users;

	private final JdbcClient jdbc;

	public Actors(UserRepository users, JdbcClient jdbc) {
		this.users = users;
		this.jdbc = jdbc;
	}

	/**
	 * The actor of the current request: the signed-in person as stored now, read once per request
	 * (the console's check and the handler share it); nobody outside a request or signed out.
	 */
	public Actor current() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		Object known = (request != null) ? request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) : null;
		if (known instanceof Actor actor) {
			return actor;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Actor actor;
		if (authentication != null && authentication.getPrincipal() instanceof SsoUserDetails signedIn) {
			actor = of(signedIn);
		}
		else if (authentication != null && authentication.getPrincipal() instanceof Actor caller) {
			// An admin API caller, read from the database when its token was accepted.
			actor = caller;
		}
		else {
			actor = nobody();
		}
		if (request != null) {
			request.setAttribute(ATTRIBUTE, actor, RequestAttributes.SCOPE_REQUEST);
		}
		return actor;
	}

	/** The signed-in person as an actor; one whose account is gone or not active acts as nobody. */
	public Actor of(SsoUserDetails signedIn) {
		if (signedIn == null) {
			return nobody();
		}
		return this.users.findById(signedIn.getUserId()).map(this::of).orElseGet(Actors::nobody);
	}

	/** The account as an actor. */
	public Actor of(SsoUser user) {
		Set<Permission> permissions = permissionsOf(user.getId());
		Long scopeId = (user.getScope() != null) ? user.getScope().getId() : null;
		Tier tier = Tier.of(user.getStatus() == UserStatus.ACTIVE, user.isSuperuser(), user.isStaff(), scopeId,
				permissions.contains(Permission.MANAGE_SCOPES));
		return new Actor(user.getId(), user.getUuid(), user.getUsername(), tier, scopeId, permissions);
	}

	/** The permissions granted to a person directly and through their groups (unknown codes are skipped). */
	public Set<Permission> permissionsOf(long userId) {
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		this.jdbc
			.sql("SELECT permission FROM sso_user_permission WHERE user_id = :user UNION "
					+ "SELECT gp.permission FROM sso_group_member gm JOIN sso_group_permission gp "
					+ "ON gp.group_id = gm.group_id WHERE gm.user_id = :user")
			.param("user", userId)
			.query(String.class)
			.list()
			.forEach((code) -> Permission.ofCode(code).ifPresent(permissions::add));
		return permissions;
	}

	/** Someone who may do nothing in the console. */
	public static Actor nobody() {
		return new Actor(-1, null, null, Tier.PERSON, null, Set.of());
	}

}
