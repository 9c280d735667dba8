package io.microsys.sso.provider.access;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an administrator proposes to change about a person (or, for a new person, everything set),
 * as {@link AdminPolicy#mayChange} and {@link AdminPolicy#mayCreate} look at it. Plain fields (names,
 * email, phone, language) need only the right to change people; everything here needs more.
 *
 * @param scopeChanged whether the scope changes
 * @param newScopeId the scope afterwards (null: none)
 * @param staffChanged whether the staff flag changes
 * @param newStaff the staff flag afterwards
 * @param superuserChanged whether the superuser flag changes
 * @param newSuperuser the superuser flag afterwards
 * @param deactivating whether the person is deactivated
 * @param reactivating whether the person is reactivated
 * @param groupsChanged whether group memberships change
 * @param permissionsTouched the permissions granted or taken away, directly or through the groups
 * joined or left
 */
public record PersonChange(boolean scopeChanged, Long newScopeId, boolean staffChanged, boolean newStaff,
		boolean superuserChanged, boolean newSuperuser, boolean deactivating, boolean reactivating,
		boolean groupsChanged, Set<Permission> permissionsTouched) {

	public PersonChange {
		Objects.requireNonNull(permissionsTouched, "permissionsTouched");
		permissionsTouched = permissionsTouched.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissionsTouched));
	}

	/** Only plain fields (names, email, phone, language). */
	public static final PersonChange PLAIN = new PersonChange(false, null, false, false, false, false, false, false,
			false, Set.of());

	/** Deactivating the person. */
	public static final PersonChange DEACTIVATE = new PersonChange(false, null, false, false, false, false, true, false,
			false, Set.of());

	/** Reactivating the person. */
	public static final PersonChange REACTIVATE = new PersonChange(false, null, false, false, false, false, false, true,
			false, Set.of());

	/** A new person with this scope, staff and superuser flag, and these permissions and groups' permissions. */
	public static PersonChange newPerson(Long scopeId, boolean staff, boolean superuser, boolean inGroups,
			Set<Permission> permissions) {
		return new PersonChange(scopeId != null, scopeId, staff, staff, superuser, superuser, false, false, inGroups,
				permissions);
	}

	/** Whether anything beyond plain fields changes: what staff may never do to themselves. */
	boolean touchesAuthority() {
		return this.scopeChanged || this.staffChanged || this.superuserChanged || this.deactivating
				|| this.reactivating || this.groupsChanged || !this.permissionsTouched.isEmpty();
	}

	/** Whether a superuser stops being an active superuser. */
	boolean removesSuperuser(TargetPerson target) {
		return target.superuser() && target.active()
				&& ((this.superuserChanged && !this.newSuperuser) || this.deactivating);
	}

}
