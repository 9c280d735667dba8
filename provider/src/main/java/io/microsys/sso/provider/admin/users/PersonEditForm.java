package io.microsys.sso.provider.admin.users;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.PlainText;

/**
 * What the console's form on a person's profile posts: the whole state the actor saw, including
 * the fields they may not change (sent back as they were), and the {@code version} it was read
 * at, so a change made meanwhile by someone else is not overwritten (the admin API passes a null
 * version for {@code If-Match: *}, which overwrites whatever is there). The email may be left empty
 * (a person may have no address); {@code scope} is not read while the scope system is off.
 */
public record PersonEditForm(@OptionalEmail String email,
		@Size(max = 150, message = "{form.error.lastName}") @PlainText String firstName,
		@Size(max = 150, message = "{form.error.lastName}") @PlainText String lastName,
		@Size(max = 32, message = "{person.error.phone}") @PlainText(message = "{person.error.phone}") String phone,
		String language, Long scope, Boolean staff, Boolean superuser, List<Long> groups, List<String> permissions,
		@NotNull(message = "{person.error.version}") Long version) {

	/** The form to show again, clipped. */
	PersonEditForm forDisplay() {
		return new PersonEditForm(Forms.clip(this.email, 254), Forms.clip(this.firstName, 150),
				Forms.clip(this.lastName, 150), Forms.clip(this.phone, 32), Forms.clip(this.language, 10), this.scope,
				this.staff, this.superuser, this.groups, this.permissions, this.version);
	}

	public boolean isStaff() {
		return Boolean.TRUE.equals(this.staff);
	}

	public boolean isSuperuser() {
		return Boolean.TRUE.equals(this.superuser);
	}

	public List<Long> groupIds() {
		return (this.groups != null) ? this.groups : List.of();
	}

	public List<String> permissionCodes() {
		return (this.permissions != null) ? this.permissions : List.of();
	}

}
