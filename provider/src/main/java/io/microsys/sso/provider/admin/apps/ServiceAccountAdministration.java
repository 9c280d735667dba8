package io.microsys.sso.provider.admin.apps;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.ClientRules;
import io.microsys.sso.provider.client.ServiceAccounts;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.oidc.claims.SsoClaims;

/**
 * An app's service account, on the app's page and in the admin API: the console permissions a
 * confidential app holds when it calls the admin API for itself (client credentials), and the
 * scope it is limited to. Who may change them is the {@link AdminPolicy}'s
 * {@code mayGrantServiceAccount}; a change replaces the grants and the scope under the app row's
 * lock, moves the app's version (its ETag) and is recorded as {@code CLIENT_CHANGED} with the
 * grants before → after.
 */
@Service
public class ServiceAccountAdministration {

	private static final String CLIENT_CREDENTIALS = "client_credentials";

	private final ClientRepository clients;

	private final ServiceAccounts serviceAccounts;

	private final JdbcClient jdbc;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final TransactionTemplate readOnly;

	ServiceAccountAdministration(ClientRepository clients, ServiceAccounts serviceAccounts, JdbcClient jdbc,
			AdminPolicy policy, AccessGuard guard, ApplicationEventPublisher events, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.clients = clients;
		this.serviceAccounts = serviceAccounts;
		this.jdbc = jdbc;
		this.policy = policy;
		this.guard = guard;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * An app's service account as stored now.
	 *
	 * @param clientId the app's client id
	 * @param confidential whether the app has a secret (a public app cannot have a service account)
	 * @param missing what the app lacks to obtain a token for the admin API for itself, in the order
	 * to fix it: {@code confidential}, {@code client_credentials} (grant type), {@code microsys.admin}
	 * (scope), {@code active}; empty when it can
	 * @param scopeId the one scope it is limited to, or null (it acts as global staff)
	 * @param scopeName that scope's name, or null
	 * @param permissions the permissions granted
	 * @param version the app's version (moves with every change of the app, these grants included)
	 */
	public record ServiceAccount(String clientId, boolean confidential, List<String> missing, Long scopeId,
			String scopeName, Set<Permission> permissions, long version) {

		public ServiceAccount {
			missing = List.copyOf(missing);
			permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
		}

		/** Whether the app can obtain a token for the admin API for itself now. */
		public boolean usable() {
			return this.missing.isEmpty();
		}

		/** The permission codes, in the order of {@link Permission}. */
		public List<String> codes() {
			return this.permissions.stream().sorted().map(Permission::code).toList();
		}

	}

	/**
	 * A scope a service account may be limited to.
	 * @param id the scope's id
	 * @param name its name
	 */
	public record ScopeChoice(long id, String name) {
	}

	/** The service account of the app with this client id; anyone who may see the app may see it. */
	public ServiceAccount find(Actor actor, String clientId) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.VIEW), "client:" + clientId);
		return this.readOnly.execute((status) -> {
			SsoClient app = load(clientId);
			ServiceAccounts.Grants grants = this.serviceAccounts.find(clientId)
				.orElseThrow(() -> new NotFoundException("client"));
			return describe(app, grants.scopeId(), grants.permissions(), app.getVersion());
		});
	}

	/** Whether the actor may change this service account at all (limited to {@code scopeId} now). */
	public boolean mayChange(Actor actor, Long scopeId) {
		return this.policy.mayGrantServiceAccount(actor, Set.of(), scopeId, scopeId).isAllowed();
	}

	/** The permissions the actor may tick or untick on a service account limited to {@code scopeId}. */
	public Set<Permission> grantable(Actor actor, Long scopeId) {
		Set<Permission> grantable = EnumSet.noneOf(Permission.class);
		for (Permission permission : Permission.values()) {
			if (this.policy.mayGrantServiceAccount(actor, Set.of(permission), scopeId, scopeId).isAllowed()) {
				grantable.add(permission);
			}
		}
		return grantable;
	}

	/** The scopes the actor may limit a service account to, by name. */
	public List<ScopeChoice> scopes(Actor actor) {
		AdminPolicy.AssignableScopes assignable = this.policy.assignableScopes(actor);
		if (!assignable.any() && assignable.only() == null) {
			return List.of();
		}
		return this.jdbc
			.sql("SELECT id, name FROM sso_scope" + (assignable.any() ? "" : " WHERE id = :only") + " ORDER BY name_key")
			.params(assignable.any() ? java.util.Map.of() : java.util.Map.of("only", assignable.only()))
			.query((rs, n) -> new ScopeChoice(rs.getLong(1), rs.getString(2)))
			.list();
	}

	/**
	 * Replaces what the app's service account may do: these permissions, limited to {@code scopeId}
	 * (null: none). Under the app row's lock: the version is compared, the policy is asked about the
	 * permissions added or removed and the scope before and after, then the rows are replaced and the
	 * app's version moves on (nothing is written, nor recorded, when nothing changes).
	 *
	 * @param expected the app's version the change was made on (empty: whatever it is now)
	 * @throws NotFoundException when there is no such app
	 * @throws AppChangedMeanwhileException when the app is no longer at {@code expected}
	 * @throws ServiceAccountProblemException when the app is public or the scope does not exist
	 */
	public ServiceAccount replace(Actor actor, String clientId, OptionalLong expected, Long scopeId,
			Set<Permission> permissions) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.CHANGE), "client:" + clientId);
		Set<Permission> after = EnumSet.noneOf(Permission.class);
		after.addAll(permissions);
		return this.transaction.execute((status) -> {
			if (!ClientRules.isClientId(clientId)) {
				throw new NotFoundException("client");
			}
			// The app's row first: changes of one app take turns, and the version compared is the last committed.
			long[] locked = this.jdbc.sql("SELECT id, version FROM sso_client WHERE client_id = :client FOR UPDATE")
				.param("client", clientId)
				.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) })
				.optional()
				.orElseThrow(() -> new NotFoundException("client"));
			if (expected.isPresent() && expected.getAsLong() != locked[1]) {
				throw new AppChangedMeanwhileException();
			}
			SsoClient app = load(clientId);
			ServiceAccounts.Grants before = this.serviceAccounts.find(clientId)
				.orElseThrow(() -> new NotFoundException("client"));
			Set<Permission> added = EnumSet.noneOf(Permission.class);
			added.addAll(after);
			added.removeAll(before.permissions());
			Set<Permission> removed = EnumSet.noneOf(Permission.class);
			removed.addAll(before.permissions());
			removed.removeAll(after);
			Set<Permission> touched = EnumSet.noneOf(Permission.class);
			touched.addAll(added);
			touched.addAll(removed);
			this.guard.require(actor,
					this.policy.mayGrantServiceAccount(actor, touched, before.scopeId(), scopeId), "client:" + clientId);
			if (app.isPublicClient()) {
				throw problem("permissions", "clients.serviceAccount.error.public");
			}
			// The scope's row locked until the update commits: a delete of the scope (which locks it
			// too, then counts the service accounts limited to it) either ends first, and the scope is
			// gone here, or waits and then sees this service account.
			if (scopeId != null && !Objects.equals(scopeId, before.scopeId()) && this.jdbc
				.sql("SELECT id FROM sso_scope WHERE id = :id FOR UPDATE")
				.param("id", scopeId)
				.query(Long.class)
				.optional()
				.isEmpty()) {
				throw problem("scopeId", "clients.serviceAccount.error.scope");
			}
			if (touched.isEmpty() && Objects.equals(scopeId, before.scopeId())) {
				return describe(app, before.scopeId(), before.permissions(), locked[1]);
			}
			Timestamp now = Timestamp.from(this.clock.instant());
			for (Permission permission : removed) {
				this.jdbc.sql("DELETE FROM sso_client_permission WHERE client_id = :id AND permission = :permission")
					.param("id", locked[0])
					.param("permission", permission.code())
					.update();
			}
			for (Permission permission : added) {
				this.jdbc
					.sql("INSERT INTO sso_client_permission (client_id, permission, created_at) "
							+ "VALUES (:id, :permission, :now)")
					.param("id", locked[0])
					.param("permission", permission.code())
					.param("now", now)
					.update();
			}
			this.jdbc
				.sql("UPDATE sso_client SET api_scope_id = :scope, updated_at = :now, version = version + 1 "
						+ "WHERE id = :id")
				.param("scope", scopeId)
				.param("now", now)
				.param("id", locked[0])
				.update();
			this.events.publishEvent(new AppEvent(AuditEventType.CLIENT_CHANGED, AuditAction.UPDATE, actor, clientId,
					app.getName(),
					Changes.none()
						.field("service_account_permissions", codes(before.permissions()), codes(after))
						.field("service_account_scope", before.scopeId(), scopeId),
					null));
			return describe(app, scopeId, after, locked[1] + 1);
		});
	}

	private SsoClient load(String clientId) {
		if (!ClientRules.isClientId(clientId)) {
			throw new NotFoundException("client");
		}
		return this.clients.findByClientId(clientId).orElseThrow(() -> new NotFoundException("client"));
	}

	private ServiceAccount describe(SsoClient app, Long scopeId, Set<Permission> permissions, long version) {
		List<String> missing = new ArrayList<>();
		if (app.isPublicClient()) {
			missing.add("confidential");
		}
		if (!app.getGrantTypes().contains(CLIENT_CREDENTIALS)) {
			missing.add(CLIENT_CREDENTIALS);
		}
		if (!app.getScopes().contains(SsoClaims.ADMIN_API_SCOPE)) {
			missing.add(SsoClaims.ADMIN_API_SCOPE);
		}
		if (!app.getPolicy().isActive()) {
			missing.add("active");
		}
		String scopeName = (scopeId != null) ? this.jdbc.sql("SELECT name FROM sso_scope WHERE id = :id")
			.param("id", scopeId)
			.query(String.class)
			.optional()
			.orElse(null) : null;
		return new ServiceAccount(app.getClientId(), !app.isPublicClient(), missing, scopeId, scopeName, permissions,
				version);
	}

	private static String codes(Set<Permission> permissions) {
		return permissions.stream().sorted().map(Permission::code).collect(Collectors.joining(" "));
	}

	private static ServiceAccountProblemException problem(String field, String messageKey) {
		return new ServiceAccountProblemException(field, messageKey);
	}

}
