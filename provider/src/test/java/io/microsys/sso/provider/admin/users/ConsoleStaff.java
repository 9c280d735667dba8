package io.microsys.sso.provider.admin.users;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.TestFixtures;

/** Staff members and scopes for the full-HTTP tests of a person's console tabs. */
final class ConsoleStaff {

	private final Provider provider;

	private final JdbcTemplate jdbc;

	ConsoleStaff(Provider provider) {
		this.provider = provider;
		this.jdbc = provider.context().getBean(JdbcTemplate.class);
	}

	/** A new scope. */
	Scope scope() {
		TransactionTemplate transaction = new TransactionTemplate(
				this.provider.context().getBean(PlatformTransactionManager.class));
		return transaction.execute((status) -> this.provider.context()
			.getBean(ScopeRepository.class)
			.save(new Scope(TestFixtures.unique("scope"))));
	}

	/** A staff member of {@code scope} (null: central staff) holding these permissions directly. */
	SsoUser staff(Scope scope, Permission... permissions) {
		SsoUser staff = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setScope(scope);
		});
		for (Permission permission : permissions) {
			this.jdbc.update("INSERT INTO sso_user_permission (user_id, permission, created_at) VALUES (?, ?, ?)",
					staff.getId(), permission.code(), Timestamp.from(Instant.now()));
		}
		return staff;
	}

	/** A person (not staff) of {@code scope}, or without one. */
	SsoUser person(Scope scope) {
		return this.provider.fixtures().user((u) -> u.setScope(scope));
	}

}
