package io.microsys.sso.provider.api.people;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.groups.Default;

import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.admin.users.ChangedMeanwhileException;
import io.microsys.sso.provider.admin.users.FieldProblem;
import io.microsys.sso.provider.admin.users.Outcome;
import io.microsys.sso.provider.admin.users.PeopleAdministration;
import io.microsys.sso.provider.admin.users.PersonApps;
import io.microsys.sso.provider.admin.users.PersonEditForm;
import io.microsys.sso.provider.admin.users.PersonForm;
import io.microsys.sso.provider.admin.users.PersonSecurity;
import io.microsys.sso.provider.admin.users.TargetPeople;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiProblem;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ETags;
import io.microsys.sso.provider.api.ItemsPage;
import io.microsys.sso.provider.persistence.Database;
import io.microsys.sso.provider.support.Language;
import io.microsys.sso.provider.support.NameKeys;

/**
 * The people of the admin API. Reads and lists are its own queries; every change is made by the
 * console's services ({@link PeopleAdministration}, {@link PersonSecurity}), so the rules, the
 * checks under the row's lock and the activity log are the console's. Who may see whom is the
 * {@link AdminPolicy}'s: lists put its {@link Visibility} into their SQL, one person is found
 * through {@link TargetPeople} (a person the caller may not see is the same 404 as none).
 * <p>
 * The list is a keyset on the row id: each page is one range read, in id order, of the primary
 * key or of an index whose entries end with the id (the staff flag's for {@code staff=true}, else
 * the scope's for a scoped caller or a scope filter, the status's for that filter), whatever its
 * depth ({@link #walkIndex}). On MySQL and MariaDB that index is named in the query: left alone,
 * their optimizer reads a low-cardinality index such as the superuser flag's from its first entry
 * and skips every entry before the cursor, which grows with the depth (350 ms at 900,000 people).
 * <p>
 * A search ({@code q}) is a prefix of the username, email, first or last name, as in the console,
 * a UNION of one lookup per column, each cut at the page's size. A lookup whose prefix is rare
 * (fewer than {@link #COMMON} entries of its index start with it, counted in the index alone)
 * reads those entries and sorts them by id; a common one walks the page's index in id order and
 * keeps the matches, which are then dense.
 */
@Service
public class PeopleApi {

	private static final String COLUMNS = "u.id, u.uuid, u.username, u.email, u.first_name, u.last_name, u.scope_id, "
			+ "u.status, u.is_staff, u.is_superuser, u.created_at, u.last_login_at";

	private static final String[] SEARCHED = { "username_key", "email_key", "first_name_key", "last_name_key" };

	/** The index of each searched column, in the order of {@link #SEARCHED}. */
	private static final String[] SEARCHED_INDEXES = { "uk_sso_user_username", "uk_sso_user_email",
			"ix_sso_user_first_name_key", "ix_sso_user_last_name_key" };

	/**
	 * Entries of a searched index starting with a prefix from which the prefix is common: below,
	 * a lookup sorts at most this many matches; from it, a walk in id order finds a match at least
	 * every 200 people (at a million).
	 */
	static final int COMMON = 5_000;

	private final PeopleAdministration administration;

	private final PersonSecurity security;

	private final PersonApps apps;

	private final TargetPeople targets;

	private final UserRepository users;

	private final Actors actors;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final JdbcClient jdbc;

	private final Validator validator;

	private final MessageSource messages;

	private final TransactionTemplate readOnly;

	private final Database database;

	PeopleApi(PeopleAdministration administration, PersonSecurity security, PersonApps apps, TargetPeople targets,
			UserRepository users, Actors actors, AdminPolicy policy, AccessGuard guard, JdbcClient jdbc,
			Validator validator, MessageSource messages, PlatformTransactionManager transactionManager,
			Database database) {
		this.database = database;
		this.administration = administration;
		this.security = security;
		this.apps = apps;
		this.targets = targets;
		this.users = users;
		this.actors = actors;
		this.policy = policy;
		this.guard = guard;
		this.jdbc = jdbc;
		this.validator = validator;
		this.messages = messages;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/** The filters of the list; each null when not given. */
	record Filters(String q, String status, String scopeId, String staff) {
	}

	/**
	 * A page of the people the actor may see that match the filters, by row id.
	 * @throws ApiException 400 for a filter, limit or cursor that is not valid
	 */
	public ItemsPage<PersonItem> list(Actor actor, Filters filters, String after, Integer limit) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.USERS, Action.VIEW), null);
		Cursor cursor = Cursor.of(after, limit, 1);
		long last = cursor.first() ? 0 : cursor.lastId();
		Visibility visible = this.policy.visiblePeople(actor);
		StringJoiner where = new StringJoiner(" AND ");
		where.add(visible.sql("u.scope_id", "u.is_superuser"));
		Map<String, Object> parameters = new HashMap<>(visible.parameters());
		// One scope's people, or those without one (central staff, ?scopeId=none), lie together in
		// the scope index in id order: a page is one range of it, however few they are.
		boolean scoped = visible.kind() == Visibility.Kind.ONE_SCOPE || visible.kind() == Visibility.Kind.NO_SCOPE;
		boolean byStatus = false;
		boolean staffOnly = false;
		if (filters.status() != null && !filters.status().isEmpty()) {
			UserStatus status = java.util.Arrays.stream(UserStatus.values())
				.filter((value) -> value.name().toLowerCase(Locale.ROOT).equals(filters.status()))
				.findFirst()
				.orElseThrow(() -> ApiException.invalid("status",
						"must be one of active, deactivated, pending_approval, unverified"));
			where.add("u.status = :status");
			byStatus = true;
			parameters.put("status", status.name());
		}
		if (filters.scopeId() != null && !filters.scopeId().isEmpty()) {
			if (filters.scopeId().equals("none")) {
				where.add("u.scope_id IS NULL");
				scoped = true;
			}
			else if (filters.scopeId().matches("[1-9][0-9]{0,17}")) {
				where.add("u.scope_id = :scopeId");
				parameters.put("scopeId", Long.parseLong(filters.scopeId()));
				scoped = true;
			}
			else {
				throw ApiException.invalid("scopeId", "must be a scope's id or none");
			}
		}
		if (filters.staff() != null && !filters.staff().isEmpty()) {
			if (!filters.staff().equals("true") && !filters.staff().equals("false")) {
				throw ApiException.invalid("staff", "must be true or false");
			}
			where.add("u.is_staff = " + filters.staff().toUpperCase(Locale.ROOT));
			staffOnly = filters.staff().equals("true");
		}
		String prefix = null;
		if (filters.q() != null && !filters.q().isBlank()) {
			if (filters.q().length() > 150) {
				throw ApiException.invalid("q", "must have at most 150 characters");
			}
			prefix = escapeLike(NameKeys.key(filters.q())) + "%";
			parameters.put("prefix", prefix);
		}
		parameters.put("last", last);
		parameters.put("fetch", cursor.fetchSize());
		String walk = hint(walkIndex(scoped, byStatus, staffOnly));
		String sql = (prefix == null) ? page(where.toString(), null, walk) : search(where.toString(), lookups(prefix, walk));
		List<Row> rows = this.jdbc.sql(sql).params(parameters).query(PeopleApi::row).list();
		return ItemsPage.of(rows, cursor, (row) -> Cursor.after(row.id()), Row::item);
	}

	/**
	 * The index a page walks in id order (every one ends with the id): the staff flag's when only
	 * staff are asked for, as staff are few (at a million, 1 in 200: 5,000 entries, where a scope
	 * has 35,000 and a status up to 900,000, so a rare combination such as a scope's staff or
	 * deactivated staff reads at most the staff's entries); else the scope's (with the status when
	 * filtered by both), the status's, or the primary key.
	 */
	static String walkIndex(boolean scoped, boolean byStatus, boolean staffOnly) {
		if (staffOnly) {
			return "ix_sso_user_staff";
		}
		if (scoped) {
			return byStatus ? "ix_sso_user_scope_status" : "ix_sso_user_scope";
		}
		return byStatus ? "ix_sso_user_status_id" : "PRIMARY";
	}

	/**
	 * The SQL of a page: the matches after the cursor by id, one more than the page, read through
	 * {@code hint} (empty, or the index MySQL and MariaDB must read).
	 */
	static String page(String where, String column, String hint) {
		String search = (column != null) ? " AND u." + column + " LIKE :prefix ESCAPE '!'" : "";
		return "SELECT " + COLUMNS + " FROM sso_user u" + hint + " WHERE " + where + search
				+ " AND u.id > :last ORDER BY u.id LIMIT :fetch";
	}

	/** A search: each searched column's lookup (through its hint) cut at the page's size, merged by id. */
	static String search(String where, String[] hints) {
		StringJoiner union = new StringJoiner(" UNION ");
		for (int i = 0; i < SEARCHED.length; i++) {
			union.add("(" + page(where, SEARCHED[i], hints[i]) + ")");
		}
		return "SELECT p.* FROM (" + union + ") p ORDER BY p.id LIMIT :fetch";
	}

	/** The hint of each lookup of a search: its column's index when the prefix is rare there, else {@code walk}. */
	private String[] lookups(String prefix, String walk) {
		String[] hints = new String[SEARCHED.length];
		if (!this.database.isMySqlFamily()) {
			java.util.Arrays.fill(hints, "");
			return hints;
		}
		StringJoiner counts = new StringJoiner(", ", "SELECT ", "");
		for (String column : SEARCHED) {
			counts.add("(SELECT COUNT(*) FROM (SELECT u.id FROM sso_user u WHERE u." + column
					+ " LIKE :prefix ESCAPE '!' LIMIT :many) m_" + column + ")");
		}
		this.jdbc.sql(counts.toString()).param("prefix", prefix).param("many", COMMON).query((rs) -> {
			for (int i = 0; i < SEARCHED.length; i++) {
				hints[i] = (rs.getInt(i + 1) < COMMON) ? hint(SEARCHED_INDEXES[i]) : walk;
			}
		});
		return hints;
	}

	/** MySQL's and MariaDB's hint to read {@code index}; nothing elsewhere. */
	private String hint(String index) {
		return this.database.isMySqlFamily() ? " FORCE INDEX (" + index + ")" : "";
	}

	private static String escapeLike(String value) {
		return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

	private static Row row(ResultSet rs, int row) throws SQLException {
		long scope = rs.getLong("scope_id");
		Long scopeId = rs.wasNull() ? null : scope;
		return new Row(rs.getLong("id"), new PersonItem(rs.getString("uuid"), rs.getString("username"),
				rs.getString("email"), rs.getString("first_name"), rs.getString("last_name"),
				rs.getString("status").toLowerCase(Locale.ROOT), scopeId, rs.getBoolean("is_staff"),
				rs.getBoolean("is_superuser"), utc(rs, "created_at"), utc(rs, "last_login_at")));
	}

	/** A listed person and their row id (the cursor's key). */
	private record Row(long id, PersonItem item) {
	}

	private static Instant utc(ResultSet rs, String column) throws SQLException {
		LocalDateTime time = rs.getObject(column, LocalDateTime.class);
		return (time != null) ? time.toInstant(ZoneOffset.UTC) : null;
	}

	/**
	 * The person with this id, when the actor may see them.
	 * @throws io.microsys.sso.provider.access.NotFoundException when there is none, or hidden
	 */
	public Versioned read(Actor actor, String uuid) {
		return this.readOnly.execute((status) -> representation(this.targets.require(actor, Action.VIEW, uuid)));
	}

	/**
	 * Creates a person as the console's "add a person" form does with "email them a link": the
	 * person gets the mail with the link to choose a password, so an address is needed.
	 * @throws ApiException 400 for a value refused, 409 for a username or address taken
	 */
	public Versioned create(Actor actor, JsonNode body) {
		PersonFields fields = PersonFields.empty(Language.ENGLISH.code()).with(body, true);
		if (fields.email() == null || fields.email().isBlank()) {
			throw ApiException.invalid("email", message("person.error.email-for-link"));
		}
		check(fields, PersonFields.Creating.class);
		PersonForm form = new PersonForm(fields.username(), fields.email(), fields.firstName(), fields.lastName(),
				fields.phone(), fields.language(), fields.scopeId(), fields.staff(), fields.superuser(),
				fields.groups(), fields.permissions(), PersonForm.EMAIL_LINK, null, null);
		String uuid = refusals(() -> this.administration.create(actor, form));
		return this.readOnly.execute((status) -> representation(found(uuid)));
	}

	/**
	 * Replaces the writable fields of a person (a field not sent is emptied) when they are still at
	 * the version {@code If-Match} names, compared under the person's row lock.
	 */
	public Versioned replace(Actor actor, String uuid, JsonNode body, OptionalLong expected) {
		PersonFields fields = PersonFields.empty(null).with(body, false);
		return change(actor, uuid, fields, expected);
	}

	/** Changes the fields the merge patch names (RFC 7396), keeping the others. */
	public Versioned patch(Actor actor, String uuid, JsonNode body, OptionalLong expected) {
		Versioned current = read(actor, uuid);
		if (expected.isPresent() && expected.getAsLong() != current.version()) {
			throw ETags.changedMeanwhile();
		}
		PersonFields fields = PersonFields.of(current.person()).with(body, false);
		// The fields not named are those read at this version: the change is checked against it.
		return change(actor, uuid, fields, OptionalLong.of(current.version()));
	}

	private Versioned change(Actor actor, String uuid, PersonFields fields, OptionalLong expected) {
		check(fields);
		PersonEditForm form = new PersonEditForm(fields.email(), fields.firstName(), fields.lastName(),
				fields.phone(), fields.language(), fields.scopeId(), fields.staff(), fields.superuser(),
				fields.groups(), fields.permissions(), expected.isPresent() ? expected.getAsLong() : null);
		refusals(() -> this.administration.change(actor, uuid, form));
		return this.readOnly.execute((status) -> representation(found(uuid)));
	}

	/** Deactivates a person (their sessions end) when still at the expected version. */
	public void deactivate(Actor actor, String uuid, OptionalLong expected) {
		this.administration.deactivate(actor, uuid, expected.isPresent() ? expected.getAsLong() : null);
	}

	/** Reactivates a deactivated person; answers them as they are now. */
	public Versioned reactivate(Actor actor, String uuid) {
		this.administration.reactivate(actor, uuid);
		return this.readOnly.execute((status) -> representation(found(uuid)));
	}

	/** The person's app memberships. */
	public List<PersonMembership> memberships(Actor actor, String uuid) {
		return this.apps.memberships(actor, uuid)
			.stream()
			.map((row) -> new PersonMembership(row.clientId(), row.appName(),
					row.role().name().toLowerCase(Locale.ROOT), row.active(), row.appActive()))
			.toList();
	}

	/** The person's signed-in sessions at the provider, newest activity first. */
	public List<PersonSession> sessions(Actor actor, String uuid) {
		return this.security.sessions(actor, uuid)
			.stream()
			.map((view) -> new PersonSession(view.handle(), view.browser(), view.os(), view.ip(), view.signedInAt(),
					view.lastSeen(), view.awaitingSecondFactor(), List.copyOf(view.apps())))
			.toList();
	}

	/** Ends every session of the person. */
	public void endSessions(Actor actor, String uuid) {
		done(this.security.endAllSessions(actor, uuid));
	}

	/** Ends one session of the person; a session they do not have is a 404. */
	public void endSession(Actor actor, String uuid, String sessionId) {
		Outcome outcome = this.security.endSession(actor, uuid, sessionId);
		if (!outcome.isDone()) {
			throw ApiException.notFound("such session");
		}
	}

	/** Mails the person a link to choose a new password. */
	public void sendPasswordReset(Actor actor, String uuid) {
		done(this.security.sendResetLink(actor, uuid));
	}

	/** Removes the person's second factors, backup codes and trusted browsers. */
	public void resetTwoFactor(Actor actor, String uuid) {
		done(this.security.resetTwoStep(actor, uuid));
	}

	/** Forgets the failed sign-ins and blocks on the person. */
	public void unblock(Actor actor, String uuid) {
		done(this.security.unblock(actor, uuid));
	}

	/** A person and the version their ETag names. */
	public record Versioned(PersonResource person, long version) {
	}

	private void done(Outcome outcome) {
		if (!outcome.isDone()) {
			throw ApiException.conflict(message(outcome.error()));
		}
	}

	private SsoUser found(String uuid) {
		return this.users.findByUuid(uuid).orElseThrow(() -> new NotFoundException("user"));
	}

	private Versioned representation(SsoUser user) {
		long id = user.getId();
		List<PersonResource.GroupRef> groups = this.jdbc
			.sql("SELECT g.id, g.name FROM sso_group g JOIN sso_group_member gm ON gm.group_id = g.id "
					+ "WHERE gm.user_id = :user ORDER BY g.name, g.id")
			.param("user", id)
			.query((rs, n) -> new PersonResource.GroupRef(rs.getLong(1), rs.getString(2)))
			.list();
		List<String> direct = this.jdbc.sql("SELECT permission FROM sso_user_permission WHERE user_id = :user")
			.param("user", id)
			.query(String.class)
			.list()
			.stream()
			.map(Permission::ofCode)
			.flatMap(Optional::stream)
			.sorted()
			.map(Permission::code)
			.toList();
		Set<Permission> all = this.actors.permissionsOf(id);
		Long scopeId = (user.getScope() != null) ? user.getScope().getId() : null;
		Tier tier = Tier.of(user.getStatus() == UserStatus.ACTIVE, user.isSuperuser(), user.isStaff(), scopeId,
				all.contains(Permission.MANAGE_SCOPES));
		PersonResource person = new PersonResource(user.getUuid(), user.getUsername(), user.getEmail(),
				user.isEmailVerified(), user.getFirstName(), user.getLastName(), user.getPhone(), user.getLanguage(),
				lower(user.getStatus()), scopeId, (user.getScope() != null) ? user.getScope().getName() : null,
				user.isStaff(), user.isSuperuser(), lower(tier), groups, direct,
				all.stream().sorted().map(Permission::code).toList(), lower(user.getOrigin()), user.getCreatedAt(),
				user.getLastLoginAt(), user.getDeactivatedAt());
		return new Versioned(person, user.getVersion());
	}

	private static String lower(Enum<?> value) {
		return (value != null) ? value.name().toLowerCase(Locale.ROOT) : null;
	}

	/** Checks the fields as the console's forms are checked; 400 with every problem. */
	private void check(PersonFields fields, Class<?>... more) {
		Class<?>[] groups = new Class<?>[more.length + 1];
		groups[0] = Default.class;
		System.arraycopy(more, 0, groups, 1, more.length);
		Set<ConstraintViolation<PersonFields>> violations = this.validator.validate(fields, groups);
		if (!violations.isEmpty()) {
			List<ApiException.FieldError> errors = violations.stream()
				.map((violation) -> new ApiException.FieldError(violation.getPropertyPath().toString(),
						violation.getMessage()))
				.sorted(java.util.Comparator.comparing(ApiException.FieldError::field))
				.collect(Collectors.toCollection(ArrayList::new));
			throw new ApiException(ApiProblem.INVALID_REQUEST, "Some fields are not valid.").with("errors", errors);
		}
	}

	/** Runs a console change; a value it refuses is a 400 (a name or address taken: 409). */
	private <T> T refusals(java.util.function.Supplier<T> change) {
		try {
			return change.get();
		}
		catch (FieldProblem ex) {
			String field = switch (ex.field()) {
				case "scope" -> "scopeId";
				case "passwordChoice" -> "email";
				default -> ex.field();
			};
			String message = message(ex.messageKey());
			if (ex.messageKey().endsWith("-taken")) {
				throw ApiException.conflict(message).with("field", field);
			}
			throw ApiException.invalid(field, message);
		}
		catch (ChangedMeanwhileException ex) {
			throw ETags.changedMeanwhile();
		}
	}

	private String message(String key) {
		return this.messages.getMessage(key, null, key, Locale.ENGLISH);
	}

}
