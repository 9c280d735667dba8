package io.microsys.sso.provider.support;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;

/**
 * Staff members for console tests: a stored person made staff (with a scope or none) holding
 * permissions granted directly, as the console's policy reads them.
 */
public final class TestStaff {

	private final Provider provider;

	public TestStaff(Provider provider) {
		this.provider = provider;
	}

	/** An active staff member without a scope holding {@code permissions} (global staff with {@code manage_scopes}). */
	public SsoUser unscoped(Permission... permissions) {
		SsoUser staff = this.provider.fixtures().user((u) -> u.setStaff(true));
		grant(staff, permissions);
		return staff;
	}

	/** An active superuser. */
	public SsoUser superuser() {
		return this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setSuperuser(true);
		});
	}

	/** Grants the person these permissions directly. */
	public void grant(SsoUser person, Permission... permissions) {
		JdbcClient jdbc = this.provider.context().getBean(JdbcClient.class);
		for (Permission permission : permissions) {
			jdbc.sql("INSERT INTO sso_user_permission (user_id, permission, created_at) VALUES (:user, :permission, :now)")
				.param("user", person.getId())
				.param("permission", permission.code())
				.param("now", Timestamp.from(Instant.now()))
				.update();
		}
	}

}
