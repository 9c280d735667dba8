package io.microsys.sso.provider.api.people;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.TestFixtures;

/** Scopes and people for the people API's tests, and what the database holds about them. */
final class ApiPeople {

	private final Provider provider;

	final JdbcTemplate jdbc;

	ApiPeople(Provider provider) {
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

	/** A person (not staff) of {@code scope} (null: none) whose username starts with {@code prefix}. */
	SsoUser person(Scope scope, String prefix) {
		return this.provider.fixtures().user((u) -> {
			u.setUsername(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
			u.setEmail(u.getUsername() + "@example.com");
			u.setScope(scope);
		});
	}

	/**
	 * {@code count} people of {@code scope} inserted in one JDBC batch, usernames
	 * {@code <prefix>0000}…; answers their uuids in insertion (row id) order.
	 */
	List<String> bulk(Scope scope, String prefix, int count) {
		List<Object[]> rows = new ArrayList<>();
		List<String> uuids = new ArrayList<>();
		Timestamp now = Timestamp.from(Instant.now());
		for (int i = 0; i < count; i++) {
			String uuid = UUID.randomUUID().toString();
			String username = prefix + String.format("%04d", i);
			uuids.add(uuid);
			rows.add(new Object[] { uuid, username, username, username, scope.getId(), now, now });
		}
		this.jdbc.batchUpdate("INSERT INTO sso_user (uuid, username, username_key, username_lookalike, scope_id, "
				+ "language, is_staff, is_superuser, status, email_verified, origin, created_at, updated_at, version) "
				+ "VALUES (?, ?, ?, ?, ?, 'en', FALSE, FALSE, 'ACTIVE', FALSE, 'ADMIN', ?, ?, 0)", rows);
		return uuids;
	}

	/** How many accounts have this username. */
	long withUsername(String username) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_user WHERE username = ?", Long.class, username);
	}

	/** A column of the person's row as stored now. */
	Object column(SsoUser person, String column) {
		return this.jdbc.queryForObject("SELECT " + column + " FROM sso_user WHERE id = ?", Object.class,
				person.getId());
	}

	/** Entries of {@code type} about the person done by the service account. */
	long audited(String type, String uuid, String clientId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = ? AND user_uuid = ? "
				+ "AND actor_name = ?", Long.class, type, uuid, "service-account-" + clientId);
	}

}
