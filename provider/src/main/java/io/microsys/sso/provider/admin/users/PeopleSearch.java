package io.microsys.sso.provider.admin.users;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Collator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.validation.Errors;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy.AssignableScopes;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.admin.users.PeopleListing.ScopeOption;
import io.microsys.sso.provider.persistence.Database;
import io.microsys.sso.provider.settings.ScopeSystem;
import io.microsys.sso.provider.support.NameKeys;

/**
 * The console's people list, search and export: one SQL query whose condition starts with the
 * {@link AdminPolicy#visiblePeople people the actor may see}, so a person hidden from them is never
 * read, and is never counted, listed, searched or exported.
 * <p>
 * A search is a case-insensitive prefix of the username, email, first or last name, each served by
 * its own index: the query is a UNION of four lookups, each sorted and cut at the rows the page
 * needs, then sorted again (an OR of four prefixes would read every match before sorting). When a
 * prefix is common (at least {@link #MANY_MATCHES} entries of one of the four indexes start with it,
 * counted in the index alone and whoever may see them), sorting its matches by another column
 * would read all of them, so the page is in <em>best match</em> order instead: by the matched
 * username, email or name, which each lookup reads in its index's own order, cut at the rows the
 * page needs. Pages go by offset up to {@link #MAX_OFFSET} rows and fetch one row more than they
 * show to know whether another follows: nothing counts the whole set.
 * <p>
 * A filtered page without a search walks the first {@link #FIRST_WALK} people in the page's order
 * (read from the order's index alone) and keeps those the actor may see and the filters match:
 * when the matches are common, that fills the page. Otherwise how many it found tells how far a
 * walk would have to go: when that is at most {@link #LONGEST_WALK}, it walks that far; when not
 * (or it still falls short), the matches are rare, and walking could read the whole table, so the
 * page is the filters' matches found by their own indexes and sorted (on MySQL and MariaDB the
 * order's indexes are set aside for the ordering, so the optimizer cannot choose the long walk).
 */
@Service
public class PeopleSearch {

	/** The deepest row a page may start at; further, the filters must narrow the list. */
	static final int MAX_OFFSET = 10_000;

	/**
	 * The deepest row a page in best match order may start at: each of its four lookups reads as
	 * many index entries as the page's last row is deep (about 40 ms a thousand at a million people).
	 */
	static final int MAX_BEST_MATCH_OFFSET = 1_000;

	/**
	 * Entries of one searched index starting with a prefix from which a search is listed in best
	 * match order. Below it, sorting a lookup's matches by the chosen column reads at most this many
	 * rows a lookup; the count reads at most this many index entries a lookup. Whether a list is
	 * in best match order tells the actor only that so many people in the whole directory share
	 * the prefix, never who.
	 */
	static final int MANY_MATCHES = 1_000;

	/** How many people a filtered page walks first (or twice the rows it needs, if more). */
	static final int FIRST_WALK = 1_000;

	/** The longest second walk; when matches are rarer, the filters' own indexes find them. */
	static final int LONGEST_WALK = 5_000;

	private static final String SUPERUSERS_ONLY = "u.is_superuser = TRUE";

	/** The order of keys read back from the database (lower-case already), for {@link #rareBestMatch}. */
	private static final Collator KEYS = Collator.getInstance(Locale.ROOT);

	/**
	 * MySQL's and MariaDB's hint for a query whose matches are rare: the superuser flag's index
	 * serves only a search for superusers; otherwise they would intersect it (every other person)
	 * with a filter's index.
	 */
	private static final String RARE_HINT = " IGNORE INDEX (ix_sso_user_superuser)";

	private static final String COLUMNS = "u.id, u.uuid, u.username, u.email, u.first_name, u.last_name, u.scope_id, "
			+ "u.status, u.is_staff, u.is_superuser, u.origin, u.last_login_at, u.created_at, u.username_key, "
			+ "u.email_key, u.first_name_key, u.last_name_key, u.two_step";

	private static final String[] SEARCHED = { "username_key", "email_key", "first_name_key", "last_name_key" };

	private final JdbcClient jdbc;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final ApplicationEventPublisher events;

	private final ScopeSystem scopeSystem;

	private final Database database;

	PeopleSearch(JdbcClient jdbc, Database database, AdminPolicy policy, AccessGuard guard,
			ApplicationEventPublisher events, ScopeSystem scopeSystem) {
		this.jdbc = jdbc;
		this.database = database;
		this.policy = policy;
		this.guard = guard;
		this.events = events;
		this.scopeSystem = scopeSystem;
	}

	/**
	 * A page of the people the actor may see that match the form. Problems with the form (bound
	 * with {@code @Valid} into {@code errors}, and those only the actor tells: a scope or tier
	 * they may not choose, a scope filter while the scope system is off, dates in the wrong
	 * order, a page too deep) are added to {@code errors} and answered with no rows.
	 * @throws io.microsys.sso.provider.access.AccessRefusedException when the actor may not view people
	 */
	public PeopleListing list(Actor actor, PeopleQueryForm form, Errors errors) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.USERS, Action.VIEW), null);
		Optional<Query> query = query(actor, form, errors);
		List<PersonRow> rows = new ArrayList<>();
		boolean hasNext = false;
		if (query.isPresent()) {
			rows = page(query.get());
			hasNext = rows.size() > query.get().size();
			if (hasNext) {
				rows = rows.subList(0, query.get().size());
			}
		}
		int page = form.pageNumber();
		int size = form.pageSize();
		int deepest = (query.isPresent() && query.get().bestMatch()) ? MAX_BEST_MATCH_OFFSET : MAX_OFFSET;
		boolean lastPage = (long) (page + 1) * size > deepest;
		AssignableScopes assignable = this.policy.assignableScopes(actor);
		return new PeopleListing(rows, page, size, hasNext && !lastPage, hasNext && lastPage, scopes(actor),
				assignable.allows(null), actor.tier() == Tier.SUPERUSER,
				this.policy.mayUse(actor, Area.USERS, Action.ADD).isAllowed(), form.narrowed(),
				errors.hasErrors(), query.isPresent() && query.get().bestMatch());
	}

	/**
	 * The export of every person the actor may see that matches the form (all pages), as CSV
	 * written while the rows are read; empty when the form has problems (added to {@code errors}).
	 * The export is recorded in the activity log when it is handed out.
	 * @throws io.microsys.sso.provider.access.AccessRefusedException when the actor may not view people
	 */
	public Optional<PeopleExport> export(Actor actor, PeopleQueryForm form, Errors errors) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.USERS, Action.VIEW), null);
		Optional<Query> query = query(actor, form, errors);
		if (query.isEmpty()) {
			return Optional.empty();
		}
		this.events.publishEvent(new PeopleExported(actor, describe(form)));
		return Optional.of((out) -> writeCsv(query.get(), out));
	}

	/** CSV written as it is read. */
	@FunctionalInterface
	public interface PeopleExport {

		/** Writes the header and every row; does not close {@code out}. */
		void writeTo(OutputStream out) throws IOException;

	}

	/**
	 * A checked query: who the actor may see and the filters (SQL conditions, {@code filters}
	 * empty when none) with their parameters, the order and the window; {@code bestMatch} when a
	 * page of this search is in best match order; {@code scope} the condition on the scope column
	 * that every row must meet (the actor's scope, or the one chosen), or null.
	 */
	record Query(String visible, String filters, Map<String, Object> parameters, String prefix, Order order,
			boolean descending, int offset, int size, boolean bestMatch, String scope) {

		/** The whole condition. */
		String where() {
			return this.filters.isEmpty() ? this.visible : this.visible + " AND " + this.filters;
		}

	}

	/**
	 * A sort: the columns as an index holds them, and the indexes that hold them in that order
	 * (the scope's own ones serve scoped staff and a scope filter).
	 */
	record Order(String[] columns, String indexes, boolean scoped) {
	}

	private Optional<Query> query(Actor actor, PeopleQueryForm form, Errors errors) {
		Visibility visibility = this.policy.visiblePeople(actor);
		StringJoiner where = new StringJoiner(" AND ");
		Map<String, Object> parameters = new HashMap<>(visibility.parameters());
		String[] scope = { switch (visibility.kind()) {
			case NO_SCOPE -> "u.scope_id IS NULL";
			case ONE_SCOPE -> "u.scope_id = :" + Visibility.SCOPE_PARAMETER;
			default -> null;
		} };
		if (!errors.hasFieldErrors("state") && !PeopleQueryForm.blank(form.state())) {
			where.add(switch (form.state()) {
				case "active" -> "u.status = 'ACTIVE'";
				case "deactivated" -> "u.status = 'DEACTIVATED'";
				default -> "u.status IN ('PENDING_APPROVAL', 'UNVERIFIED')";
			});
		}
		if (!errors.hasFieldErrors("scope") && !PeopleQueryForm.blank(form.scope()) && !this.scopeSystem.isOn()) {
			errors.rejectValue("scope", "console.people.error.scopesOff");
		}
		if (!errors.hasFieldErrors("scope") && !PeopleQueryForm.blank(form.scope())) {
			scopeCondition(actor, form.scope(), errors).ifPresent((scopeId) -> {
				if (scopeId == 0L) {
					where.add("u.scope_id IS NULL");
					scope[0] = "u.scope_id IS NULL";
				}
				else {
					where.add("u.scope_id = :scopeId");
					parameters.put("scopeId", scopeId);
					scope[0] = "u.scope_id = :scopeId";
				}
			});
		}
		if (!errors.hasFieldErrors("tier") && !PeopleQueryForm.blank(form.tier())) {
			switch (form.tier()) {
				case "superuser" -> {
					if (actor.tier() == Tier.SUPERUSER) {
						where.add(SUPERUSERS_ONLY);
					}
					else {
						errors.rejectValue("tier", "console.people.error.tier");
					}
				}
				case "staff" -> where.add("u.is_staff = TRUE AND u.is_superuser = FALSE");
				default -> where.add("u.is_staff = FALSE AND u.is_superuser = FALSE");
			}
		}
		if (!errors.hasFieldErrors("origin") && !PeopleQueryForm.blank(form.origin())) {
			where.add("u.origin = :origin");
			parameters.put("origin", AccountOrigin.valueOf(form.origin()).name());
		}
		if (!errors.hasFieldErrors("twoStep") && !PeopleQueryForm.blank(form.twoStep())) {
			where.add("on".equals(form.twoStep()) ? "u.two_step = TRUE" : "u.two_step = FALSE");
		}
		Optional<LocalDate> from = date(form.from(), "from", errors);
		Optional<LocalDate> to = date(form.to(), "to", errors);
		if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
			errors.rejectValue("to", "console.people.error.range");
		}
		from.ifPresent((day) -> {
			where.add("u.last_login_at >= :from");
			parameters.put("from", day.atStartOfDay());
		});
		to.ifPresent((day) -> {
			where.add("u.last_login_at < :to");
			parameters.put("to", day.plusDays(1).atStartOfDay());
		});
		int offset = form.pageNumber() * form.pageSize();
		if (!errors.hasFieldErrors("page") && !errors.hasFieldErrors("size") && offset > MAX_OFFSET) {
			errors.rejectValue("page", "console.people.error.deep");
		}
		if (errors.hasErrors()) {
			return Optional.empty();
		}
		String prefix = null;
		if (!PeopleQueryForm.blank(form.q())) {
			prefix = escapeLike(NameKeys.key(form.q())) + "%";
		}
		boolean bestMatch = prefix != null && common(prefix);
		if (bestMatch && offset > MAX_BEST_MATCH_OFFSET && !errors.hasFieldErrors("page")) {
			errors.rejectValue("page", "console.people.error.deep");
			return Optional.empty();
		}
		return Optional.of(new Query(visibility.sql("u.scope_id", "u.is_superuser"), where.toString(), parameters,
				prefix, order(form.sortOrDefault()), form.descending(), offset, form.pageSize(), bestMatch,
				scope[0]));
	}

	/**
	 * Whether at least {@link #MANY_MATCHES} entries of one searched index start with the
	 * prefix: each count reads index entries only, and stops there.
	 */
	private boolean common(String prefix) {
		StringJoiner counts = new StringJoiner(", ", "SELECT ", "");
		for (String column : SEARCHED) {
			counts.add("(SELECT COUNT(*) FROM (SELECT u.id FROM sso_user u WHERE u." + column
					+ " LIKE :prefix ESCAPE '!' LIMIT :many) m_" + column + ")");
		}
		return this.jdbc.sql(counts.toString())
			.param("prefix", prefix)
			.param("many", MANY_MATCHES)
			.query((rs, n) -> {
				for (int i = 1; i <= SEARCHED.length; i++) {
					if (rs.getInt(i) >= MANY_MATCHES) {
						return true;
					}
				}
				return false;
			})
			.single();
	}

	/** The scope to filter by: 0 for "no scope"; empty (and an error) when the actor may not choose it. */
	private Optional<Long> scopeCondition(Actor actor, String scope, Errors errors) {
		AssignableScopes assignable = this.policy.assignableScopes(actor);
		if ("none".equals(scope)) {
			if (assignable.allows(null)) {
				return Optional.of(0L);
			}
		}
		else {
			long scopeId = Long.parseLong(scope);
			boolean exists = this.jdbc.sql("SELECT COUNT(*) FROM sso_scope WHERE id = :id")
				.param("id", scopeId)
				.query(Long.class)
				.single() > 0;
			if (exists && assignable.allows(scopeId)) {
				return Optional.of(scopeId);
			}
		}
		errors.rejectValue("scope", "console.people.error.scope");
		return Optional.empty();
	}

	private static Optional<LocalDate> date(String value, String field, Errors errors) {
		if (errors.hasFieldErrors(field) || PeopleQueryForm.blank(value)) {
			return Optional.empty();
		}
		try {
			return Optional.of(LocalDate.parse(value));
		}
		catch (DateTimeParseException ex) {
			errors.rejectValue(field, "console.people.error.date");
			return Optional.empty();
		}
	}

	/**
	 * The columns of a sort, as an index holds them so the database reads a page in index order:
	 * the row id ends those of non-unique indexes (InnoDB appends it to their entries); a unique
	 * index's order is its column alone (with the id after it, MariaDB sorts the whole set).
	 */
	private static Order order(String sort) {
		return switch (sort) {
			case "name" -> new Order(new String[] { "last_name_key", "first_name_key", "id" },
					"ix_sso_user_last_name_key", false);
			case "email" -> new Order(new String[] { "email_key" }, "uk_sso_user_email", false);
			case "lastSignIn" -> new Order(new String[] { "last_login_at", "id" },
					"ix_sso_user_last_login, ix_sso_user_scope_last_login", true);
			case "created" -> new Order(new String[] { "created_at", "id" },
					"ix_sso_user_created, ix_sso_user_scope_created", true);
			default -> new Order(new String[] { "username_key" }, "uk_sso_user_username, ix_sso_user_scope_username",
					true);
		};
	}

	/** The ORDER BY of {@code table}; the outer one of a page ends with the id, for people without an email. */
	private static String orderBy(Query query, String table) {
		StringJoiner order = new StringJoiner(", ", " ORDER BY ", "");
		String[] columns = query.order().columns();
		for (String column : columns) {
			order.add(table + "." + column + (query.descending() ? " DESC" : ""));
		}
		if (table.equals("p") && !columns[columns.length - 1].equals("id")) {
			order.add("p.id" + (query.descending() ? " DESC" : ""));
		}
		return order.toString();
	}

	/** MariaDB's and H2's LIKE with {@code !} as the escape character, which neither treats specially in strings. */
	private static String escapeLike(String value) {
		return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

	private static final String OUTER = "SELECT p.*, s.name AS scope_name";

	/**
	 * A filtered page among the first {@code :walk} people in the page's order: the window reads
	 * the order's index alone (with no condition but the scope every row must be in, served by the
	 * scope's own index of that order, nothing can make the database choose another way), then
	 * each person in it is looked up and kept when the actor may see them and the filters match.
	 */
	static String walkSql(Query query, boolean mysqlFamily) {
		String scope = (query.scope() != null && query.order().scoped()) ? " WHERE " + query.scope() : "";
		// The walk drives the join: MySQL and MariaDB would otherwise start from a filter's index.
		String join = mysqlFamily ? " STRAIGHT_JOIN sso_user u" : " JOIN sso_user u";
		return OUTER + " FROM (SELECT " + COLUMNS + ", COUNT(*) OVER () AS matched FROM (SELECT u.id FROM sso_user u"
				+ scope + orderBy(query, "u") + " LIMIT :walk) w" + join + " ON u.id = w.id WHERE " + query.where()
				+ orderBy(query, "u")
				+ " LIMIT :limit OFFSET :offset) p LEFT JOIN sso_scope s ON s.id = p.scope_id" + orderBy(query, "p");
	}

	/**
	 * The SQL of a page ({@code window}: rows each searched column contributes, or none for the
	 * whole set): without a search, one sorted scan; with one, a UNION of a lookup per searched
	 * column, each sorted and cut to the rows the page needs, then sorted once more.
	 */
	static String sql(Query query, boolean paged) {
		return sql(query, paged, "");
	}

	/**
	 * The SQL of a page as {@link #sql(Query, boolean)}, with {@code hint} after the people table
	 * of a page without a search.
	 */
	private static String sql(Query query, boolean paged, String hint) {
		String outer = OUTER;
		String page = paged ? " LIMIT :limit OFFSET :offset" : "";
		if (query.prefix() == null) {
			return outer + " FROM (SELECT " + COLUMNS + " FROM sso_user u" + hint + " WHERE " + query.where()
					+ orderBy(query, "u") + page + ") p LEFT JOIN sso_scope s ON s.id = p.scope_id"
					+ orderBy(query, "p");
		}
		if (paged && query.bestMatch()) {
			return bestMatchSql(query, outer);
		}
		StringJoiner union = new StringJoiner(" UNION ");
		for (String column : SEARCHED) {
			union.add("(SELECT " + COLUMNS + " FROM sso_user u WHERE " + query.where() + " AND u." + column
					+ " LIKE :prefix ESCAPE '!'" + (paged ? orderBy(query, "u") + " LIMIT :window" : "") + ")");
		}
		return outer + " FROM (" + union + ") p LEFT JOIN sso_scope s ON s.id = p.scope_id" + orderBy(query, "p")
				+ page;
	}

	/**
	 * A page in best match order: each lookup reads its index in order ({@code last_name_key,
	 * first_name_key} being one index) and stops at the rows the page needs; a person found by
	 * several keeps the first key in that order; the page is the first of them by key, second key
	 * and id. Each lookup's order is that same order restricted to it, so the page is exactly the
	 * one a sort of every match would give.
	 */
	private static String bestMatchSql(Query query, String outer) {
		String[][] lookups = { { "username_key", "''", "u.username_key" }, { "email_key", "''", "u.email_key" },
				{ "first_name_key", "''", "u.first_name_key, u.id" },
				{ "last_name_key", "COALESCE(u.first_name_key, '')", "u.last_name_key, u.first_name_key, u.id" } };
		StringJoiner union = new StringJoiner(" UNION ALL ");
		for (String[] lookup : lookups) {
			union.add("(SELECT u.id, u." + lookup[0] + " AS k1, " + lookup[1] + " AS k2 FROM sso_user u WHERE "
					+ query.where() + " AND u." + lookup[0] + " LIKE :prefix ESCAPE '!' ORDER BY " + lookup[2]
					+ " LIMIT :window)");
		}
		String first = "SELECT m.id, m.k1, m.k2, ROW_NUMBER() OVER (PARTITION BY m.id ORDER BY m.k1, m.k2) AS rn"
				+ " FROM (" + union + ") m";
		return outer + " FROM (SELECT " + COLUMNS + ", b.k1, b.k2 FROM (" + first + ") b JOIN sso_user u ON u.id = b.id"
				+ " WHERE b.rn = 1 ORDER BY b.k1, b.k2, b.id LIMIT :limit OFFSET :offset) p"
				+ " LEFT JOIN sso_scope s ON s.id = p.scope_id ORDER BY p.k1, p.k2, p.id";
	}

	private List<PersonRow> page(Query query) {
		Map<String, Object> parameters = new HashMap<>(query.parameters());
		int needed = query.offset() + query.size() + 1;
		if (query.prefix() != null) {
			parameters.put("prefix", query.prefix());
			parameters.put("window", needed);
		}
		parameters.put("limit", query.size() + 1);
		parameters.put("offset", query.offset());
		if (query.bestMatch() && !query.filters().isEmpty() && this.database.isMySqlFamily() && rare(query)) {
			// Each lookup would read its whole range in order to find the few the filters match.
			return rareBestMatch(query, parameters);
		}
		if (query.prefix() == null && !query.filters().isEmpty()) {
			int walk = Math.max(FIRST_WALK, 2 * needed);
			parameters.put("walk", walk);
			int[] matched = { 0 };
			List<PersonRow> rows = this.jdbc.sql(walkSql(query, this.database.isMySqlFamily())).params(parameters).query((rs, n) -> {
				matched[0] = rs.getInt("matched");
				return row(rs);
			}).list();
			if (rows.size() == query.size() + 1) {
				return rows;
			}
			// Twice as far as the matches found say the page needs, when that is not too far.
			long further = (matched[0] > 0) ? 2L * needed * walk / matched[0] : Long.MAX_VALUE;
			if (further <= LONGEST_WALK) {
				parameters.put("walk", (int) further);
				rows = rows(walkSql(query, this.database.isMySqlFamily()), parameters);
				if (rows.size() == query.size() + 1) {
					return rows;
				}
			}
			// Rare matches (or everyone was walked): the filters' indexes find them all.
			String hint = !this.database.isMySqlFamily() ? ""
					: (query.filters().contains(SUPERUSERS_ONLY) ? "" : RARE_HINT) + " IGNORE INDEX FOR ORDER BY ("
							+ query.order().indexes() + ")";
			return rows(sql(query, true, hint), parameters);
		}
		return rows(sql(query, true), parameters);
	}

	/**
	 * Whether fewer than {@link #MANY_MATCHES} people the actor may see match the filters (at most
	 * that many read, found by the filters' indexes).
	 */
	private boolean rare(Query query) {
		String hint = query.filters().contains(SUPERUSERS_ONLY) ? "" : RARE_HINT;
		return this.jdbc
			.sql("SELECT COUNT(*) FROM (SELECT u.id FROM sso_user u" + hint + " WHERE " + query.where()
					+ " LIMIT :many) m")
			.params(query.parameters())
			.param("many", MANY_MATCHES)
			.query(Integer.class)
			.single() < MANY_MATCHES;
	}

	/**
	 * A page in best match order among the few people the filters match (fewer than
	 * {@link #MANY_MATCHES}, as {@link #rare} counted): the filters' indexes find them all once
	 * (the searched columns' indexes set aside), the database says which keys start with the
	 * search, and they are ordered here by their first key in best match order, the second key
	 * and the id, as {@link #bestMatchSql} orders a page.
	 */
	private List<PersonRow> rareBestMatch(Query query, Map<String, Object> parameters) {
		String ignored = (query.filters().contains(SUPERUSERS_ONLY) ? "" : "ix_sso_user_superuser, ")
				+ "uk_sso_user_username, uk_sso_user_email, ix_sso_user_first_name_key, ix_sso_user_last_name_key";
		StringJoiner matched = new StringJoiner(" OR ", "(", ")");
		StringBuilder flags = new StringBuilder();
		for (String column : SEARCHED) {
			matched.add("u." + column + " LIKE :prefix ESCAPE '!'");
			flags.append(", CASE WHEN u.").append(column).append(" LIKE :prefix ESCAPE '!' THEN 1 ELSE 0 END AS m_")
				.append(column);
		}
		String sql = OUTER + " FROM (SELECT " + COLUMNS + flags + " FROM sso_user u IGNORE INDEX (" + ignored
				+ ") WHERE " + query.where() + " AND " + matched + " LIMIT :many) p"
				+ " LEFT JOIN sso_scope s ON s.id = p.scope_id";
		Map<String, Object> all = new HashMap<>(parameters);
		all.put("many", MANY_MATCHES);
		List<Ranked> ranked = new ArrayList<>(this.jdbc.sql(sql).params(all).query((rs, n) -> {
			String k1 = null;
			String k2 = "";
			for (String column : SEARCHED) {
				String key = rs.getString(column);
				String second = column.equals("last_name_key") && rs.getString("first_name_key") != null
						? rs.getString("first_name_key") : "";
				if (rs.getInt("m_" + column) == 1 && (k1 == null || KEYS.compare(key, k1) < 0
						|| (KEYS.compare(key, k1) == 0 && KEYS.compare(second, k2) < 0))) {
					k1 = key;
					k2 = second;
				}
			}
			return new Ranked(row(rs), rs.getLong("id"), k1, k2);
		}).list());
		ranked.sort(Comparator.comparing(Ranked::k1, KEYS).thenComparing(Ranked::k2, KEYS)
			.thenComparingLong(Ranked::id));
		int from = Math.min(query.offset(), ranked.size());
		int to = Math.min(query.offset() + query.size() + 1, ranked.size());
		return ranked.subList(from, to).stream().map(Ranked::row).toList();
	}

	/** A person of {@link #rareBestMatch} with their first key in best match order. */
	private record Ranked(PersonRow row, long id, String k1, String k2) {
	}

	private List<PersonRow> rows(String sql, Map<String, Object> parameters) {
		return this.jdbc.sql(sql).params(parameters).query((rs, n) -> row(rs)).list();
	}

	private void writeCsv(Query query, OutputStream out) throws IOException {
		Map<String, Object> parameters = new HashMap<>(query.parameters());
		if (query.prefix() != null) {
			parameters.put("prefix", query.prefix());
		}
		Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
		writer.write("uuid,username,email,first_name,last_name,scope,status,staff,superuser,origin,two_step,"
				+ "last_sign_in,created\r\n");
		try {
			this.database.rowByRow().query(sql(query, false), parameters, (RowCallbackHandler) (rs) -> {
				PersonRow row = row(rs);
				try {
					writer.write(String.join(",", cell(row.uuid()), cell(row.username()), cell(row.email()),
							cell(row.firstName()), cell(row.lastName()), cell(row.scopeName()),
							row.status().name(), String.valueOf(row.staff()), String.valueOf(row.superuser()),
							row.origin().name(), String.valueOf(row.twoStep()), instant(row.lastSignIn()),
							instant(row.created())));
					writer.write("\r\n");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		writer.flush();
	}

	/** A CSV cell, quoted when needed; a value a spreadsheet would run as a formula starts with a quote. */
	static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String safe = (value.charAt(0) == '=' || value.charAt(0) == '+' || value.charAt(0) == '-'
				|| value.charAt(0) == '@' || value.charAt(0) == '\t' || value.charAt(0) == '\r') ? "'" + value : value;
		if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
			return "\"" + safe.replace("\"", "\"\"") + "\"";
		}
		return safe;
	}

	private static String instant(Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

	private static PersonRow row(ResultSet rs) throws SQLException {
		return new PersonRow(rs.getString("uuid"), rs.getString("username"), rs.getString("email"),
				rs.getString("first_name"), rs.getString("last_name"), rs.getString("scope_name"),
				UserStatus.valueOf(rs.getString("status")), rs.getBoolean("is_staff"), rs.getBoolean("is_superuser"),
				AccountOrigin.valueOf(rs.getString("origin")), rs.getBoolean("two_step"),
				utc(rs, "last_login_at"), utc(rs, "created_at"));
	}

	/** Times are stored as UTC wall-clock values (Hibernate's {@code jdbc.time_zone}); read them so, whatever the JVM's zone. */
	private static Instant utc(ResultSet rs, String column) throws SQLException {
		LocalDateTime time = rs.getObject(column, LocalDateTime.class);
		return (time != null) ? time.toInstant(ZoneOffset.UTC) : null;
	}

	private List<ScopeOption> scopes(Actor actor) {
		AssignableScopes assignable = this.policy.assignableScopes(actor);
		if (!this.scopeSystem.isOn()) {
			return List.of();
		}
		if (assignable.any()) {
			return this.jdbc.sql("SELECT id, name FROM sso_scope ORDER BY name_key")
				.query((rs, n) -> new ScopeOption(rs.getLong(1), rs.getString(2)))
				.list();
		}
		if (assignable.only() == null) {
			return List.of();
		}
		return this.jdbc.sql("SELECT id, name FROM sso_scope WHERE id = :id")
			.param("id", assignable.only())
			.query((rs, n) -> new ScopeOption(rs.getLong(1), rs.getString(2)))
			.list();
	}

	/** The filter as one readable line for the activity log. */
	private static String describe(PeopleQueryForm form) {
		StringJoiner filter = new StringJoiner(" ");
		add(filter, "q", form.q());
		add(filter, "state", form.state());
		add(filter, "scope", form.scope());
		add(filter, "tier", form.tier());
		add(filter, "origin", form.origin());
		add(filter, "twoStep", form.twoStep());
		add(filter, "from", form.from());
		add(filter, "to", form.to());
		filter.add("sort=" + form.sortOrDefault() + (form.descending() ? " desc" : ""));
		return filter.toString();
	}

	private static void add(StringJoiner filter, String name, String value) {
		if (!PeopleQueryForm.blank(value)) {
			filter.add(name + "=" + value);
		}
	}

}
