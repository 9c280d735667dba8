package io.microsys.sso.provider.access;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The person acting in the console, as their account is stored now (read for each request by
 * {@link Actors}, so a demotion or deactivation takes effect at once).
 *
 * @param userId the account's row id
 * @param uuid the account's stable identifier
 * @param username the login name, for the activity log
 * @param tier the tier the account has now
 * @param scopeId the account's scope, or null
 * @param permissions the permissions granted directly and through groups
 * @param serviceAccount the client id of the app acting for itself through the admin API (a
 * service account), or null for a person
 */
public record Actor(long userId, String uuid, String username, Tier tier, Long scopeId, Set<Permission> permissions,
		String serviceAccount) {

	/** The name a service account acts under in the activity log, after Keycloak's convention. */
	public static final String SERVICE_ACCOUNT_PREFIX = "service-account-";

	public Actor {
		Objects.requireNonNull(tier, "tier");
		permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
	}

	/** A person as an actor. */
	public Actor(long userId, String uuid, String username, Tier tier, Long scopeId, Set<Permission> permissions) {
		this(userId, uuid, username, tier, scopeId, permissions, null);
	}

	/**
	 * An app acting for itself (client credentials) with the permissions granted to it on its page:
	 * limited to one scope it acts as scoped staff, otherwise as global staff; never as a superuser,
	 * and never holding {@link Permission#MANAGE_SCOPES} or {@link Permission#MANAGE_STAFF}. It is
	 * no account ({@code userId} -1, no uuid), so it is never "oneself" and never an app's admin.
	 */
	public static Actor serviceAccount(String clientId, Long scopeId, Set<Permission> granted) {
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		granted.stream().filter((permission) -> !permission.onlySuperusersGrant()).forEach(permissions::add);
		Tier tier = (scopeId != null) ? Tier.SCOPED_STAFF : Tier.GLOBAL_STAFF;
		return new Actor(-1, null, SERVICE_ACCOUNT_PREFIX + clientId, tier, scopeId, permissions, clientId);
	}

	/** Whether this is an app acting for itself through the admin API. */
	public boolean isServiceAccount() {
		return this.serviceAccount != null;
	}

	/**
	 * Whether the actor holds {@code permission}: a superuser holds every one; staff hold what they
	 * were granted; anyone else holds none, whatever was granted to them.
	 */
	public boolean holds(Permission permission) {
		return switch (this.tier) {
			case SUPERUSER -> true;
			case PERSON -> false;
			default -> this.permissions.contains(permission);
		};
	}

	/** Whether the actor is this account. */
	public boolean is(long otherUserId) {
		return this.userId == otherUserId;
	}

}
