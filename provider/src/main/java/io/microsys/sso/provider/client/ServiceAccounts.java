package io.microsys.sso.provider.client;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.access.Permission;

/**
 * Service accounts: confidential apps using client credentials, to which an administrator granted
 * console permissions on the app's page ({@code sso_client_permission}), optionally limited to one
 * scope ({@code sso_client.api_scope_id}). The grants, read on every admin API call, decide what
 * the app may do; nothing in its token does.
 */
@Service
@Transactional(readOnly = true)
public class ServiceAccounts {

	private final JdbcClient jdbc;

	public ServiceAccounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * What an app was granted.
	 *
	 * @param clientPk the app's row id
	 * @param scopeId the one scope it is limited to, or null
	 * @param permissions the permissions granted (area.action codes only)
	 */
	public record Grants(long clientPk, Long scopeId, Set<Permission> permissions) {

		public Grants {
			permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
		}

	}

	/** The grants of the app with this client id; empty when there is no such app. */
	public Optional<Grants> find(String clientId) {
		if (clientId == null || clientId.isEmpty() || clientId.length() > 100) {
			return Optional.empty();
		}
		return this.jdbc.sql("SELECT id, api_scope_id FROM sso_client WHERE client_id = :client")
			.param("client", clientId)
			.query((rs, row) -> {
				long pk = rs.getLong(1);
				long scope = rs.getLong(2);
				return new long[] { pk, rs.wasNull() ? -1 : scope };
			})
			.optional()
			.map((row) -> new Grants(row[0], (row[1] < 0) ? null : row[1], permissionsOf(row[0])));
	}

	/** The permissions granted to the app with this row id (unknown codes are skipped). */
	public Set<Permission> permissionsOf(long clientPk) {
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		this.jdbc.sql("SELECT permission FROM sso_client_permission WHERE client_id = :client")
			.param("client", clientPk)
			.query(String.class)
			.list()
			.forEach((code) -> Permission.ofCode(code)
				.filter((permission) -> !permission.onlySuperusersGrant())
				.ifPresent(permissions::add));
		return permissions;
	}

}
