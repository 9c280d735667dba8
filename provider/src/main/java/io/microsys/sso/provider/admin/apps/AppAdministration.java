package io.microsys.sso.provider.admin.apps;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.client.ClientPolicy;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.ClientRules;
import io.microsys.sso.provider.client.ClientSecrets;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.oidc.claims.SsoClaims;
import io.microsys.sso.provider.oidc.logout.BackchannelLogoutSender;
import io.microsys.sso.provider.settings.RuntimeSettings;

/**
 * What {@code /sys/clients} does: list and search apps, create and change them (checked by
 * {@link ClientRules}, the same rules as the bootstrap file's), generate and rotate secrets, deactivate,
 * activate and delete. Every rule comes from the {@link AdminPolicy} ({@code clients.*}); every change
 * is recorded ({@link AppEvent}), a secret never.
 * <p>
 * A secret is made here (32 random bytes), returned once to be shown, and stored only as the
 * provider's hash. A rotation keeps the previous hash for the chosen overlap, so the token endpoint
 * accepts both until it ends. Changes are conditional: an edit on the row's version, a rotation on
 * the hash it replaces, a deactivation on the state it changes, so a change made meanwhile is
 * reported and never overwritten.
 */
@Service
public class AppAdministration {

	/** Rows a page shows. */
	public static final int PAGE_SIZE = 50;

	/** Longest overlap of a rotation: 30 days. */
	public static final int MAX_OVERLAP_HOURS = 30 * 24;

	/** Entries of the activity log an app's page shows. */
	public static final int RECENT = 20;

	/** The activity log entries an app's page shows: sign-ins, refusals, sign-outs and grants. */
	static final List<String> SIGN_IN_EVENTS = List.of(AuditEventType.AUTHORIZATION_DENIED.name(),
			AuditEventType.LOGOUT.name(), AuditEventType.TOKEN_EXCHANGED.name(),
			AuditEventType.DEVICE_AUTHORIZATION_APPROVED.name(), AuditEventType.DEVICE_AUTHORIZATION_DENIED.name(),
			AuditEventType.CLIENT_AUTHENTICATION_THROTTLED.name(), AuditEventType.REFRESH_TOKEN_REUSE.name(),
			AuditEventType.APP_SIGNED_IN.name());

	private final ClientRepository clients;

	private final JdbcClient jdbc;

	private final PasswordEncoder passwordEncoder;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final ApplicationEventPublisher events;

	private final BackchannelLogoutSender logouts;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final TransactionTemplate readOnly;

	AppAdministration(ClientRepository clients, JdbcClient jdbc, PasswordEncoder passwordEncoder, AdminPolicy policy,
			AccessGuard guard, ApplicationEventPublisher events, BackchannelLogoutSender logouts, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.clients = clients;
		this.jdbc = jdbc;
		this.passwordEncoder = passwordEncoder;
		this.policy = policy;
		this.guard = guard;
		this.events = events;
		this.logouts = logouts;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * One row of the list.
	 * @param clientId the client id
	 * @param name the name
	 * @param confidential whether it has a secret
	 * @param active whether its policy lets anyone in
	 * @param members how many people hold a role in it
	 */
	public record AppRow(String clientId, String name, boolean confidential, boolean active, long members) {
	}

	/**
	 * One entry of an app's recent activity.
	 * @param id the entry's id (its page in the activity log)
	 * @param at when
	 * @param type the event type
	 * @param username who, when known
	 * @param reason why (a refusal's reason code), or null
	 */
	public record Activity(long id, Instant at, String type, String username, String reason) {
	}

	/**
	 * What a save gives back.
	 * @param clientId the app's client id
	 * @param secret a secret made by this save, to show once, or null
	 */
	public record Saved(String clientId, String secret) {
	}

	/** One page of apps whose client id or name contains {@code search}, by name. */
	public Page<AppRow> list(Actor actor, String search, int page) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.VIEW), null);
		String pattern = "%" + search.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_")
				+ "%";
		String where = " WHERE LOWER(c.client_id) LIKE :pattern ESCAPE '!' OR LOWER(c.name) LIKE :pattern ESCAPE '!'";
		return this.readOnly.execute((status) -> {
			long total = this.jdbc.sql("SELECT COUNT(*) FROM sso_client c" + where)
				.param("pattern", pattern)
				.query(Long.class)
				.single();
			List<AppRow> rows = this.jdbc
				.sql("SELECT c.client_id, c.name, c.secret_hash, c.policy_active, "
						+ "(SELECT COUNT(*) FROM sso_membership m WHERE m.client_id = c.id) FROM sso_client c" + where
						+ " ORDER BY c.name, c.client_id LIMIT :limit OFFSET :offset")
				.param("pattern", pattern)
				.param("limit", PAGE_SIZE)
				.param("offset", (long) page * PAGE_SIZE)
				.query((rs, n) -> new AppRow(rs.getString(1), rs.getString(2), rs.getString(3) != null, rs.getBoolean(4),
						rs.getLong(5)))
				.list();
			return new PageImpl<>(rows, PageRequest.of(page, PAGE_SIZE), total);
		});
	}

	/** The app, as stored now. */
	public SsoClient find(Actor actor, String clientId) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.VIEW), "client:" + clientId);
		return load(clientId);
	}

	/** The app's latest sign-ins and refusals the actor may read (the activity log's rule), newest first. */
	public List<Activity> recent(Actor actor, String clientId) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.VIEW), "client:" + clientId);
		Visibility visibility = this.policy.visibleLogs(actor);
		// Walks ix_sso_audit_client (client_id, id) backwards and stops after a page.
		return this.jdbc
			.sql("SELECT e.id, e.created_at, e.event_type, e.username, e.reason FROM sso_audit_event e "
					+ "WHERE e.client_id = :clientId AND e.event_type IN (:types) AND "
					+ visibility.sql("e.scope_id", "e.about_superuser") + " ORDER BY e.id DESC LIMIT :limit")
			.param("clientId", clientId)
			.param("types", SIGN_IN_EVENTS)
			.params(visibility.parameters())
			.param("limit", RECENT)
			.query((rs, n) -> new Activity(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
					rs.getString(4), rs.getString(5)))
			.list();
	}

	/**
	 * Creates an app; a confidential one gets a new secret, returned to be shown once.
	 * @throws AppProblemsException when the form breaks a rule or the client id is taken
	 */
	public Saved create(Actor actor, AppForm form) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.ADD), null);
		List<AppProblemsException.Problem> problems = new ArrayList<>();
		String clientId = (form.clientId() != null) ? form.clientId().trim() : "";
		if (!ClientRules.isClientId(clientId)) {
			problems.add(new AppProblemsException.Problem("clientId", "clients.error.clientId", null));
		}
		problems.addAll(check(form));
		if (form.scopeSet().contains(SsoClaims.ADMIN_API_SCOPE)) {
			this.guard.require(actor, this.policy.mayGiveAdminApiScope(actor, Action.ADD), "client:" + clientId);
		}
		if (problems.isEmpty() && this.clients.findByClientId(clientId).isPresent()) {
			problems.add(new AppProblemsException.Problem("clientId", "clients.error.clientIdTaken", null));
		}
		if (!problems.isEmpty()) {
			throw new AppProblemsException(problems);
		}
		String secret = form.confidential() ? ClientSecrets.generate() : null;
		try {
			this.transaction.executeWithoutResult((status) -> {
				SsoClient app = new SsoClient(clientId, form.name().trim());
				copy(form, app);
				if (secret != null) {
					app.setSecretHash(this.passwordEncoder.encode(secret));
				}
				this.clients.saveAndFlush(app);
				this.events.publishEvent(new AppEvent(AuditEventType.CLIENT_CREATED, AuditAction.CREATE, actor, clientId,
						app.getName(), describe(null, app), null));
				if (secret != null) {
					this.events.publishEvent(new AppEvent(AuditEventType.CLIENT_SECRET_GENERATED, AuditAction.UPDATE,
							actor, clientId, app.getName(), Changes.none().secret("secret"), null));
				}
			});
		}
		catch (DataIntegrityViolationException ex) {
			// The unique client id: created by someone else meanwhile.
			throw new AppProblemsException(
					List.of(new AppProblemsException.Problem("clientId", "clients.error.clientIdTaken", null)));
		}
		return new Saved(clientId, secret);
	}

	/**
	 * Changes an app, if it is still at the form's version. Making it public removes its secrets;
	 * making it confidential gives it a new secret, returned to be shown once.
	 * @throws AppProblemsException when the form breaks a rule
	 * @throws AppChangedMeanwhileException when the app changed since the form was built
	 */
	public Saved change(Actor actor, String clientId, AppForm form) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.CHANGE), "client:" + clientId);
		List<AppProblemsException.Problem> problems = check(form);
		if (form.version() == null) {
			problems.add(new AppProblemsException.Problem("version", "clients.error.version", null));
		}
		if (!problems.isEmpty()) {
			throw new AppProblemsException(problems);
		}
		long version = Long.parseLong(form.version());
		String[] secret = new String[1];
		try {
			this.transaction.executeWithoutResult((status) -> {
				SsoClient app = load(clientId);
				if (app.getVersion() != version) {
					throw new AppChangedMeanwhileException();
				}
				SsoClient before = snapshot(app);
				if (form.scopeSet().contains(SsoClaims.ADMIN_API_SCOPE)
						&& !app.getScopes().contains(SsoClaims.ADMIN_API_SCOPE)) {
					this.guard.require(actor, this.policy.mayGiveAdminApiScope(actor, Action.CHANGE), "client:" + clientId);
				}
				boolean wasPublic = app.isPublicClient();
				app.setName(form.name().trim());
				copy(form, app);
				if (!form.confidential() && !wasPublic) {
					app.setSecretHash(null);
					app.setPreviousSecret(null, null);
				}
				else if (form.confidential() && wasPublic) {
					secret[0] = ClientSecrets.generate();
					app.setSecretHash(this.passwordEncoder.encode(secret[0]));
				}
				// The entity's version makes the UPDATE conditional: a change committed meanwhile fails it.
				this.clients.saveAndFlush(app);
				this.events.publishEvent(new AppEvent(AuditEventType.CLIENT_CHANGED, AuditAction.UPDATE, actor, clientId,
						app.getName(), describe(before, app), null));
				if (secret[0] != null) {
					this.events.publishEvent(new AppEvent(AuditEventType.CLIENT_SECRET_GENERATED, AuditAction.UPDATE,
							actor, clientId, app.getName(), Changes.none().secret("secret"), null));
				}
			});
		}
		catch (OptimisticLockingFailureException ex) {
			throw new AppChangedMeanwhileException();
		}
		return new Saved(clientId, secret[0]);
	}

	/**
	 * Gives a confidential app a new secret, returned to be shown once; the previous one keeps
	 * working for {@code overlapHours} (0: it stops at once). A previous secret still in its overlap
	 * is dropped: an app holds at most two.
	 * @throws AppProblemsException when the overlap is out of bounds or the app is public
	 * @throws AppChangedMeanwhileException when its secret changed meanwhile
	 */
	public String rotateSecret(Actor actor, String clientId, int overlapHours) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.CHANGE), "client:" + clientId);
		if (overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
			throw new AppProblemsException(List.of(new AppProblemsException.Problem("overlapHours",
					"clients.error.overlap", null)));
		}
		SsoClient app = load(clientId);
		if (app.isPublicClient()) {
			throw new AppProblemsException(
					List.of(new AppProblemsException.Problem("overlapHours", "clients.error.publicSecret", null)));
		}
		String secret = ClientSecrets.generate();
		String hash = this.passwordEncoder.encode(secret);
		Instant now = this.clock.instant();
		Timestamp until = (overlapHours > 0) ? Timestamp.from(now.plus(Duration.ofHours(overlapHours))) : null;
		this.transaction.executeWithoutResult((status) -> {
			int updated = this.jdbc
				.sql("UPDATE sso_client SET previous_secret_hash = " + ((until != null) ? "secret_hash" : "NULL")
						+ ", previous_secret_expires_at = :until, secret_hash = :hash, secret_updated_at = :now, "
						+ "updated_at = :now, version = version + 1 WHERE id = :id AND secret_hash = :oldHash")
				.param("until", until)
				.param("hash", hash)
				.param("now", Timestamp.from(now))
				.param("id", app.getId())
				.param("oldHash", app.getSecretHash())
				.update();
			if (updated != 1) {
				throw new AppChangedMeanwhileException();
			}
			this.events.publishEvent(new AppEvent(AuditEventType.CLIENT_SECRET_ROTATED, AuditAction.UPDATE, actor,
					clientId, app.getName(), Changes.none().secret("secret"),
					"previous secret valid for " + overlapHours + " h"));
		});
		return secret;
	}

	/**
	 * Deactivates or activates the app. A deactivated app is refused at once: new sign-ins and every
	 * token request (its grants are kept, so activating it again lets its people back in).
	 * @return false when it was in that state already
	 */
	public boolean setActive(Actor actor, String clientId, boolean active) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.DELETE), "client:" + clientId);
		SsoClient app = load(clientId);
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			int updated = this.jdbc
				.sql("UPDATE sso_client SET policy_active = :active, updated_at = :now, version = version + 1 "
						+ "WHERE id = :id AND policy_active = :before")
				.param("active", active)
				.param("now", Timestamp.from(this.clock.instant()))
				.param("id", app.getId())
				.param("before", !active)
				.update();
			if (updated == 1) {
				this.events.publishEvent(new AppEvent(active ? AuditEventType.CLIENT_ACTIVATED
						: AuditEventType.CLIENT_DEACTIVATED, AuditAction.UPDATE, actor, clientId, app.getName(),
						Changes.none().field("active", !active, active), null));
			}
			return updated == 1;
		}));
	}

	/**
	 * Deletes the app with its grants (tokens), consents, memberships and invitations in one
	 * transaction; once it committed, each session signed into the app is sent a back-channel logout
	 * (when the app has a logout URI).
	 * @throws AppProblemsException when the confirmation is not the client id
	 */
	public void delete(Actor actor, String clientId, String confirmation) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.DELETE), "client:" + clientId);
		if (!clientId.equals((confirmation != null) ? confirmation.trim() : null)) {
			throw new AppProblemsException(List.of(new AppProblemsException.Problem("confirm", "clients.error.confirm", null)));
		}
		remove(actor, clientId, null);
	}

	/**
	 * Deletes the app as {@link #delete} does, if it is still at {@code version} (null: whatever its
	 * version): the admin API's {@code If-Match} stands for the console's typed confirmation.
	 * @throws AppChangedMeanwhileException when the app is at another version
	 */
	public void deleteAtVersion(Actor actor, String clientId, Long version) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.CLIENTS, Action.DELETE), "client:" + clientId);
		remove(actor, clientId, version);
	}

	private void remove(Actor actor, String clientId, Long version) {
		this.transaction.executeWithoutResult((status) -> {
			SsoClient app = load(clientId);
			if (version != null && app.getVersion() != version) {
				throw new AppChangedMeanwhileException();
			}
			String pk = String.valueOf(app.getId());
			List<String[]> sessions = this.jdbc
				.sql("SELECT session_id_hash, user_uuid FROM sso_session_client WHERE client_id = :id")
				.param("id", app.getId())
				.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
				.list();
			int grants = this.jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = :pk")
				.param("pk", pk)
				.update();
			this.jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = :pk").param("pk", pk).update();
			int members = this.jdbc.sql("DELETE FROM sso_membership WHERE client_id = :id").param("id", app.getId()).update();
			int invitations = this.jdbc.sql("DELETE FROM sso_invitation WHERE client_id = :id")
				.param("id", app.getId())
				.update();
			this.jdbc.sql("DELETE FROM sso_session_client WHERE client_id = :id").param("id", app.getId()).update();
			if (this.jdbc.sql("DELETE FROM sso_client WHERE id = :id AND version = :version")
				.param("id", app.getId())
				.param("version", app.getVersion())
				.update() != 1) {
				throw new AppChangedMeanwhileException();
			}
			this.events.publishEvent(new AppEvent(AuditEventType.CLIENT_DELETED, AuditAction.DELETE, actor, clientId,
					app.getName(), describe(app, null), grants + " grant(s) revoked, " + members + " membership(s) and "
							+ invitations + " invitation(s) removed, " + sessions.size() + " session(s) told"));
			String logoutUri = app.getBackchannelLogoutUri();
			if (logoutUri != null && !logoutUri.isBlank() && !sessions.isEmpty()) {
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCommit() {
						for (String[] session : sessions) {
							AppAdministration.this.logouts.send(clientId, logoutUri, session[1], session[0]);
						}
					}
				});
			}
		});
	}

	private SsoClient load(String clientId) {
		if (!ClientRules.isClientId(clientId)) {
			throw new NotFoundException("client");
		}
		return this.clients.findByClientId(clientId).orElseThrow(() -> new NotFoundException("client"));
	}

	/** The form's problems: its own fields, then the app rules shared with the bootstrap file. */
	private static List<AppProblemsException.Problem> check(AppForm form) {
		List<AppProblemsException.Problem> problems = new ArrayList<>();
		String logo = form.logoUrl();
		if (logo != null && !logo.isBlank() && !RuntimeSettings.Branding.isLogoUrl(logo.trim())) {
			problems.add(new AppProblemsException.Problem("logoUrl", "clients.error.logoUrl", null));
		}
		if (form.grantTypeSet().isEmpty()) {
			problems.add(new AppProblemsException.Problem("grantTypes", "clients.error.grantRequired", null));
		}
		int access = Integer.parseInt(form.accessTokenTtl());
		if (access < ClientRules.ACCESS_TTL_MIN || access > ClientRules.ACCESS_TTL_MAX) {
			problems.add(new AppProblemsException.Problem("accessTokenTtl", "clients.error.accessTtl", null));
		}
		int refresh = Integer.parseInt(form.refreshTokenTtl());
		if (refresh < ClientRules.REFRESH_TTL_MIN || refresh > ClientRules.REFRESH_TTL_MAX) {
			problems.add(new AppProblemsException.Problem("refreshTokenTtl", "clients.error.refreshTtl", null));
		}
		String backchannel = blankToNull(form.backchannelLogoutUri());
		ClientRules.App app = new ClientRules.App(form.confidential(), form.grantTypeSet(), form.redirectUriSet(),
				form.postLogoutRedirectUriSet(), backchannel, form.scopeSet(), form.policy());
		for (ClientRules.Problem problem : ClientRules.problems(app)) {
			problems.add(new AppProblemsException.Problem(problem.field(), problem.messageKey(), problem.subject()));
		}
		return problems;
	}

	private static void copy(AppForm form, SsoClient app) {
		app.setDescription(blankToNull(form.description()));
		app.setLogoUrl(blankToNull(form.logoUrl()));
		app.setRedirectUris(form.redirectUriSet());
		app.setPostLogoutRedirectUris(form.postLogoutRedirectUriSet());
		app.setBackchannelLogoutUri(blankToNull(form.backchannelLogoutUri()));
		app.setGrantTypes(form.grantTypeSet());
		app.setScopes(form.scopeSet());
		app.setAccessTokenTtlSeconds(Integer.parseInt(form.accessTokenTtl()));
		app.setRefreshTokenTtlSeconds(Integer.parseInt(form.refreshTokenTtl()));
		ClientPolicy target = app.getPolicy();
		ClientPolicy typed = form.policy();
		target.setActive(typed.isActive());
		target.setAllowAllAuthenticated(typed.isAllowAllAuthenticated());
		target.setRequirePkce(typed.isRequirePkce());
		target.setRequireHttpsRedirects(typed.isRequireHttpsRedirects());
		target.setAllowLocalhostRedirects(typed.isAllowLocalhostRedirects());
		target.setRequireConsent(typed.isRequireConsent());
		target.setRequire2fa(typed.isRequire2fa());
		target.setAllowPar(typed.isAllowPar());
		target.setRequirePar(typed.isRequirePar());
		target.setAllowDpop(typed.isAllowDpop());
		target.setRequireDpop(typed.isRequireDpop());
		target.setAppAdminsAppointAdmins(typed.isAppAdminsAppointAdmins());
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	/** A detached copy of what {@link #describe} reads, taken before a change. */
	private static SsoClient snapshot(SsoClient app) {
		SsoClient copy = new SsoClient(app.getClientId(), app.getName());
		copy.setDescription(app.getDescription());
		copy.setLogoUrl(app.getLogoUrl());
		copy.setRedirectUris(app.getRedirectUris());
		copy.setPostLogoutRedirectUris(app.getPostLogoutRedirectUris());
		copy.setBackchannelLogoutUri(app.getBackchannelLogoutUri());
		copy.setGrantTypes(app.getGrantTypes());
		copy.setScopes(app.getScopes());
		copy.setAccessTokenTtlSeconds(app.getAccessTokenTtlSeconds());
		copy.setRefreshTokenTtlSeconds(app.getRefreshTokenTtlSeconds());
		copy.setSecretHash(app.getSecretHash());
		ClientPolicy from = app.getPolicy();
		ClientPolicy to = copy.getPolicy();
		to.setActive(from.isActive());
		to.setAllowAllAuthenticated(from.isAllowAllAuthenticated());
		to.setRequirePkce(from.isRequirePkce());
		to.setRequireHttpsRedirects(from.isRequireHttpsRedirects());
		to.setAllowLocalhostRedirects(from.isAllowLocalhostRedirects());
		to.setRequireConsent(from.isRequireConsent());
		to.setRequire2fa(from.isRequire2fa());
		to.setAllowPar(from.isAllowPar());
		to.setRequirePar(from.isRequirePar());
		to.setAllowDpop(from.isAllowDpop());
		to.setRequireDpop(from.isRequireDpop());
		to.setAppAdminsAppointAdmins(from.isAppAdminsAppointAdmins());
		return copy;
	}

	/** The app's fields before → after (null: none), for the activity log; secrets never. */
	private static Changes describe(SsoClient before, SsoClient after) {
		Changes changes = Changes.none();
		field(changes, "name", before, after, SsoClient::getName);
		field(changes, "description", before, after, SsoClient::getDescription);
		field(changes, "logo_url", before, after, SsoClient::getLogoUrl);
		field(changes, "type", before, after, (a) -> a.isPublicClient() ? "public" : "confidential");
		field(changes, "redirect_uris", before, after, (a) -> String.join(" ", a.getRedirectUris()));
		field(changes, "post_logout_redirect_uris", before, after, (a) -> String.join(" ", a.getPostLogoutRedirectUris()));
		field(changes, "backchannel_logout_uri", before, after, SsoClient::getBackchannelLogoutUri);
		field(changes, "grant_types", before, after, (a) -> String.join(" ", a.getGrantTypes()));
		field(changes, "scopes", before, after, (a) -> String.join(" ", a.getScopes()));
		field(changes, "access_token_ttl_seconds", before, after, SsoClient::getAccessTokenTtlSeconds);
		field(changes, "refresh_token_ttl_seconds", before, after, SsoClient::getRefreshTokenTtlSeconds);
		field(changes, "policy", before, after, (a) -> flags(a.getPolicy()));
		return changes;
	}

	private static void field(Changes changes, String name, SsoClient before, SsoClient after,
			java.util.function.Function<SsoClient, Object> value) {
		Object was = (before != null) ? value.apply(before) : null;
		Object is = (after != null) ? value.apply(after) : null;
		if (!Objects.equals(was, is)) {
			changes.field(name, was, is);
		}
	}

	/** The policy flags that are on, by their bootstrap names. */
	static String flags(ClientPolicy p) {
		List<String> on = new ArrayList<>();
		add(on, p.isActive(), "active");
		add(on, p.isAllowAllAuthenticated(), "allow_all_authenticated");
		add(on, p.isRequirePkce(), "require_pkce");
		add(on, p.isRequireHttpsRedirects(), "require_https_redirects");
		add(on, p.isAllowLocalhostRedirects(), "allow_localhost_redirects");
		add(on, p.isRequireConsent(), "require_consent");
		add(on, p.isRequire2fa(), "require_2fa");
		add(on, p.isAllowPar(), "allow_par");
		add(on, p.isRequirePar(), "require_par");
		add(on, p.isAllowDpop(), "allow_dpop");
		add(on, p.isRequireDpop(), "require_dpop");
		add(on, p.isAppAdminsAppointAdmins(), "app_admins_appoint_admins");
		return String.join(" ", on);
	}

	private static void add(List<String> on, boolean flag, String name) {
		if (flag) {
			on.add(name);
		}
	}

	/** The grant types an app may be given, in the order the page lists them. */
	static Set<String> grantTypes() {
		return ClientRules.GRANT_TYPES;
	}

}
