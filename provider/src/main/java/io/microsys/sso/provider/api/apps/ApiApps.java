package io.microsys.sso.provider.api.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.admin.apps.AppAdministration;
import io.microsys.sso.provider.admin.apps.AppChangedMeanwhileException;
import io.microsys.sso.provider.admin.apps.AppForm;
import io.microsys.sso.provider.admin.apps.AppProblemsException;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiProblem;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ItemsPage;
import io.microsys.sso.provider.client.ClientPolicy;
import io.microsys.sso.provider.client.ConnectedApps;
import io.microsys.sso.provider.client.SsoClient;

/**
 * The admin API's apps: the console's {@link AppAdministration} (its access policy, rules, audit
 * entries and conditional changes) behind JSON, plus the keyset list the API pages with. The
 * console's problems come back as 400 with each field by its JSON name, a client id taken as 409.
 */
@Service
class ApiApps {

	/** The grant types a new app gets when none are given (the console's new-app page ticks them). */
	static final List<String> DEFAULT_GRANT_TYPES = List.of("authorization_code", "refresh_token");

	/** The scopes a new app gets when none are given. */
	static final String DEFAULT_SCOPES = "openid profile email";

	/** Client ids a console path could not name (the console refuses them too). */
	private static final Set<String> RESERVED = Set.of("new", ".", "..");

	/** The console form's fields by their names in the API's JSON. */
	private static final Map<String, String> FIELDS = Map.of("type", "confidential", "accessTokenTtl",
			"accessTokenTtlSeconds", "refreshTokenTtl", "refreshTokenTtlSeconds", "allowPar", "policy.allowPar",
			"requirePar", "policy.requirePar", "requireDpop", "policy.requireDpop", "allowDpop", "policy.allowDpop");

	private final AppAdministration apps;

	private final ConnectedApps connected;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final JdbcClient jdbc;

	private final MessageSource messages;

	ApiApps(AppAdministration apps, ConnectedApps connected, AdminPolicy policy, AccessGuard guard, JdbcClient jdbc,
			MessageSource messages) {
		this.apps = apps;
		this.connected = connected;
		this.policy = policy;
		this.guard = guard;
		this.jdbc = jdbc;
		this.messages = messages;
	}

	/**
	 * An app as the API answers it, and the version its {@code ETag} is made from.
	 * @param app the app
	 * @param version its row version
	 */
	record Versioned(App app, long version) {

		static Versioned of(SsoClient client, String secret) {
			return new Versioned(App.of(client, secret), client.getVersion());
		}

	}

	/** One page of apps by row id, those whose client id or name contains {@code q} when given. */
	ItemsPage<AppListItem> list(Actor actor, String q, Cursor cursor) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.VIEW), null);
		String search = (q != null) ? q.trim().toLowerCase(Locale.ROOT) : "";
		StringBuilder sql = new StringBuilder("SELECT c.id, c.client_id, c.name, "
				+ "CASE WHEN c.secret_hash IS NULL THEN 0 ELSE 1 END, c.policy_active FROM sso_client c WHERE c.id > :last");
		if (!search.isEmpty()) {
			sql.append(" AND (LOWER(c.client_id) LIKE :pattern ESCAPE '!' OR LOWER(c.name) LIKE :pattern ESCAPE '!')");
		}
		sql.append(" ORDER BY c.id LIMIT :fetch");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString())
			.param("last", cursor.first() ? 0L : cursor.lastId())
			.param("fetch", cursor.fetchSize());
		if (!search.isEmpty()) {
			statement = statement.param("pattern",
					"%" + search.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
		}
		List<Row> rows = statement
			.query((rs, n) -> new Row(rs.getLong(1),
					new AppListItem(rs.getString(2), rs.getString(3), rs.getInt(4) == 1, rs.getBoolean(5))))
			.list();
		return ItemsPage.of(rows, cursor, (row) -> Cursor.after(row.id()), Row::item);
	}

	private record Row(long id, AppListItem item) {
	}

	/** The app (404 when there is none). */
	Versioned find(Actor actor, String clientId) {
		return Versioned.of(this.apps.find(actor, clientId), null);
	}

	/** Creates an app; a confidential one's new secret is in the answer, once. */
	Versioned create(Actor actor, AppInput input) {
		String clientId = (input.clientId() != null && !input.clientId().isBlank()) ? input.clientId().trim()
				: UUID.randomUUID().toString();
		if (RESERVED.contains(clientId)) {
			throw ApiException.invalid("clientId", message("clients.error.clientIdReserved", null));
		}
		AppAdministration.Saved saved;
		try {
			saved = this.apps.create(actor, form(input, clientId, null));
		}
		catch (AppProblemsException ex) {
			throw problems(ex);
		}
		return Versioned.of(reread(saved.clientId()), saved.secret());
	}

	/**
	 * Replaces the app's settings if it is still at {@code expected} (empty: whatever its version);
	 * a secret made because it became confidential is in the answer, once.
	 */
	Versioned change(Actor actor, String clientId, AppInput input, OptionalLong expected) {
		if (input.clientId() != null && !input.clientId().trim().equals(clientId)) {
			throw ApiException.invalid("clientId", "cannot be changed: leave it out or repeat the app's own");
		}
		long version = expected.isPresent() ? expected.getAsLong() : this.apps.find(actor, clientId).getVersion();
		AppAdministration.Saved saved;
		try {
			saved = this.apps.change(actor, clientId, form(input, clientId, version));
		}
		catch (AppProblemsException ex) {
			throw problems(ex);
		}
		return Versioned.of(reread(clientId), saved.secret());
	}

	/** A new secret for a confidential app; the previous one works for {@code overlapHours} more. */
	AppSecret rotate(Actor actor, String clientId, int overlapHours) {
		String secret;
		try {
			secret = this.apps.rotateSecret(actor, clientId, overlapHours);
		}
		catch (AppProblemsException ex) {
			throw problems(ex);
		}
		catch (AppChangedMeanwhileException ex) {
			throw ApiException.conflict("The app's secret was changed by someone else meanwhile: try again.");
		}
		return new AppSecret(clientId, secret, reread(clientId).getPreviousSecretExpiresAt());
	}

	/** Activates or deactivates the app (already so: nothing changes). */
	Versioned setActive(Actor actor, String clientId, boolean active) {
		this.apps.setActive(actor, clientId, active);
		return Versioned.of(reread(clientId), null);
	}

	/** Deletes the app if it is still at {@code expected} (empty: whatever its version). */
	void delete(Actor actor, String clientId, OptionalLong expected) {
		this.apps.deleteAtVersion(actor, clientId, expected.isPresent() ? expected.getAsLong() : null);
	}

	/** The app as stored after a change the caller was allowed to make. */
	private SsoClient reread(String clientId) {
		return this.connected.byClientId(clientId).orElseThrow(() -> new NotFoundException("client"));
	}

	/** The console's form with what the request gives, a new app's defaults for what it leaves out. */
	private static AppForm form(AppInput input, String clientId, Long version) {
		AppPolicy p = (input.policy() != null) ? input.policy() : AppPolicy.DEFAULTS;
		ClientPolicy defaults = new ClientPolicy();
		return new AppForm(clientId, input.name(), input.description(), input.logoUrl(),
				Boolean.TRUE.equals(input.confidential()) ? "confidential" : "public", lines(input.redirectUris()),
				lines(input.postLogoutRedirectUris()), input.backchannelLogoutUri(),
				(input.grantTypes() != null) ? input.grantTypes() : DEFAULT_GRANT_TYPES,
				(input.scopes() != null) ? String.join(" ", input.scopes()) : DEFAULT_SCOPES,
				String.valueOf((input.accessTokenTtlSeconds() != null) ? input.accessTokenTtlSeconds()
						: SsoClient.DEFAULT_ACCESS_TOKEN_TTL),
				String.valueOf((input.refreshTokenTtlSeconds() != null) ? input.refreshTokenTtlSeconds()
						: SsoClient.DEFAULT_REFRESH_TOKEN_TTL),
				or(p.active(), defaults.isActive()), or(p.allowAllAuthenticated(), defaults.isAllowAllAuthenticated()),
				or(p.requirePkce(), defaults.isRequirePkce()),
				or(p.requireHttpsRedirects(), defaults.isRequireHttpsRedirects()),
				or(p.allowLocalhostRedirects(), defaults.isAllowLocalhostRedirects()),
				or(p.requireConsent(), defaults.isRequireConsent()), or(p.requireSecondFactor(), defaults.isRequire2fa()),
				or(p.allowPar(), defaults.isAllowPar()), or(p.requirePar(), defaults.isRequirePar()),
				or(p.allowDpop(), defaults.isAllowDpop()), or(p.requireDpop(), defaults.isRequireDpop()),
				or(p.appAdminsAppointAdmins(), defaults.isAppAdminsAppointAdmins()),
				(version != null) ? String.valueOf(version) : null);
	}

	private static Boolean or(Boolean given, boolean otherwise) {
		return (given != null) ? given : otherwise;
	}

	private static String lines(List<String> values) {
		return (values != null) ? String.join("\n", values) : "";
	}

	/** The console's problems as the API's: a client id taken is a 409, the rest a 400 by field. */
	private ApiException problems(AppProblemsException ex) {
		List<ApiException.FieldError> errors = new ArrayList<>();
		for (AppProblemsException.Problem problem : ex.problems()) {
			String text = message(problem.messageKey(), problem.argument());
			if ("clients.error.clientIdTaken".equals(problem.messageKey())) {
				return ApiException.conflict(text);
			}
			if ("clients.error.publicSecret".equals(problem.messageKey())) {
				return ApiException.conflict("A public app has no secret to rotate.");
			}
			errors.add(new ApiException.FieldError(FIELDS.getOrDefault(problem.field(), problem.field()), text));
		}
		return new ApiException(ApiProblem.INVALID_REQUEST, "Some fields are not valid.").with("errors", errors);
	}

	private String message(String key, String argument) {
		Object[] arguments = (argument != null) ? new Object[] { argument } : null;
		return this.messages.getMessage(key, arguments, key, Locale.ENGLISH);
	}

}
