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
 */
public record Actor(long userId, String uuid, String username, Tier tier, Long scopeId, Set<Permission> permissions) {

	public Actor {
		Objects.requireNonNull(tier, "tier");
		permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
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
