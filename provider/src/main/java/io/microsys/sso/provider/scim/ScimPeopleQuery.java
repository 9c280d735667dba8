package io.microsys.sso.provider.scim;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import de.captaingoldfish.scim.sdk.common.constants.enums.Comparator;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.InvalidFilterException;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.filter.AndExpressionNode;
import de.captaingoldfish.scim.sdk.server.filter.AttributeExpressionLeaf;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.filter.NotExpressionNode;
import de.captaingoldfish.scim.sdk.server.filter.OrExpressionNode;
import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.admin.users.PeopleProvisioning.AppMembership;
import io.microsys.sso.provider.admin.users.PeopleProvisioning.Person;
import io.microsys.sso.provider.client.MembershipRole;

/**
 * The SCIM list of people ({@code GET /Users}), answered by one SQL query: its condition is the
 * people the caller may see ({@link AdminPolicy#visiblePeople}, as the console's list) AND the
 * client's filter translated to SQL, sorted and cut to the page in the database; the page's app
 * memberships come in one more query. Nothing is filtered in memory. Equality on
 * {@code userName}, {@code emails} and {@code id} is served by their unique indexes; {@code sw} on
 * them by the same indexes; {@code co}, {@code ew} and comparisons read the visible rows.
 * Attributes the table has no column for are refused (400 {@code invalidFilter}). Dates are
 * compared as instants, to the millisecond (the precision the answers show): a filter's date,
 * whatever its offset, is bound as an instant ({@link Timestamp}), as the provider's own writes
 * bind theirs, so the driver stores and compares it in the same zone.
 */
@Service
class ScimPeopleQuery {

	/** The columns a filter or sort may name, by attribute (lower case, core schema). */
	private static final Map<String, Column> COLUMNS = Map.ofEntries(Map.entry("id", Column.exact("u.uuid")),
			Map.entry("username", Column.key("u.username_key")), Map.entry("emails", Column.key("u.email_key")),
			Map.entry("emails.value", Column.key("u.email_key")),
			Map.entry("name.givenname", Column.key("u.first_name_key")),
			Map.entry("name.familyname", Column.key("u.last_name_key")),
			Map.entry("meta.created", new Column("u.created_at", Kind.TIME)),
			Map.entry("meta.lastmodified", new Column("u.updated_at", Kind.TIME)),
			Map.entry("active", new Column("u.status", Kind.ACTIVE)),
			Map.entry("scopeid", new Column("u.scope_id", Kind.NUMBER)));

	private final JdbcClient jdbc;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	ScimPeopleQuery(JdbcClient jdbc, AdminPolicy policy, AccessGuard guard) {
		this.jdbc = jdbc;
		this.policy = policy;
		this.guard = guard;
	}

	/** One page of the people the actor may see that match the filter, and how many match in all. */
	@Transactional(readOnly = true)
	public Page search(Actor actor, FilterNode filter, SchemaAttribute sortBy, SortOrder sortOrder, long startIndex,
			int count) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.USERS, Action.VIEW), null);
		Visibility visible = this.policy.visiblePeople(actor);
		Map<String, Object> parameters = new HashMap<>(visible.parameters());
		String where = visible.sql("u.scope_id", "u.is_superuser");
		if (filter != null) {
			where += " AND (" + condition(filter, parameters) + ")";
		}
		long total = this.jdbc.sql("SELECT COUNT(*) FROM sso_user u WHERE " + where)
			.params(parameters)
			.query(Long.class)
			.single();
		String order = "u.id";
		if (sortBy != null) {
			Column column = column(sortBy.getParent() != null ? sortBy.getParent().getName() + "." + sortBy.getName()
					: sortBy.getName());
			order = column.sql() + ((sortOrder == SortOrder.DESCENDING) ? " DESC" : "") + ", u.id";
		}
		// SCIM pages by position (startIndex); the offset is bounded by the count the client may ask for.
		parameters.put("fetch", count);
		parameters.put("skip", Math.max(0, startIndex - 1));
		List<Person> people = this.jdbc
			.sql("SELECT u.id, u.uuid, u.username, u.email, u.first_name, u.last_name, u.language, u.status, "
					+ "u.scope_id, s.name AS scope_name, u.created_at, u.updated_at, u.version FROM sso_user u "
					+ "LEFT JOIN sso_scope s ON s.id = u.scope_id WHERE " + where + " ORDER BY " + order
					+ " LIMIT :fetch OFFSET :skip")
			.params(parameters)
			.query(ScimPeopleQuery::row)
			.list();
		return new Page(withApps(people), total);
	}

	private List<Person> withApps(List<Person> rows) {
		if (rows.isEmpty()) {
			return rows;
		}
		Map<String, List<AppMembership>> apps = new LinkedHashMap<>();
		this.jdbc
			.sql("SELECT u.uuid, c.client_id, m.role, m.active FROM sso_membership m JOIN sso_user u ON u.id = m.user_id "
					+ "JOIN sso_client c ON c.id = m.client_id WHERE u.uuid IN (:uuids) ORDER BY c.client_id")
			.param("uuids", rows.stream().map(Person::uuid).toList())
			.query((rs) -> {
				apps.computeIfAbsent(rs.getString(1), (key) -> new ArrayList<>())
					.add(new AppMembership(rs.getString(2), MembershipRole.valueOf(rs.getString(3)), rs.getBoolean(4)));
			});
		return rows.stream()
			.map((p) -> new Person(p.uuid(), p.username(), p.email(), p.firstName(), p.lastName(), p.language(),
					p.active(), p.scopeId(), p.scopeName(), p.createdAt(), p.updatedAt(), p.version(),
					apps.getOrDefault(p.uuid(), List.of())))
			.toList();
	}

	private static Person row(ResultSet rs, int index) throws SQLException {
		Timestamp created = rs.getTimestamp("created_at");
		Timestamp updated = rs.getTimestamp("updated_at");
		long scope = rs.getLong("scope_id");
		Long scopeId = rs.wasNull() ? null : scope;
		return new Person(rs.getString("uuid"), rs.getString("username"), rs.getString("email"),
				rs.getString("first_name"), rs.getString("last_name"), rs.getString("language"),
				"ACTIVE".equals(rs.getString("status")), scopeId, rs.getString("scope_name"),
				(created != null) ? created.toInstant() : null, (updated != null) ? updated.toInstant() : null,
				rs.getLong("version"), List.of());
	}

	/** A filter's date and time as an instant; anything else is 400 {@code invalidFilter}. */
	private static Instant instant(AttributeExpressionLeaf leaf) {
		Instant instant;
		try {
			instant = leaf.getDateTime().orElse(null);
		}
		catch (RuntimeException ex) {
			instant = null;
		}
		if (instant == null) {
			throw new InvalidFilterException("Compare dates with an RFC 3339 date and time.", null);
		}
		return instant;
	}

	private static String condition(FilterNode node, Map<String, Object> parameters) {
		if (node instanceof AndExpressionNode and) {
			return "(" + condition(and.getLeftNode(), parameters) + " AND " + condition(and.getRightNode(), parameters)
					+ ")";
		}
		if (node instanceof OrExpressionNode or) {
			return "(" + condition(or.getLeftNode(), parameters) + " OR " + condition(or.getRightNode(), parameters)
					+ ")";
		}
		if (node instanceof NotExpressionNode not) {
			return "NOT (" + condition(not.getRightNode(), parameters) + ")";
		}
		if (node instanceof AttributeExpressionLeaf leaf) {
			return leaf(leaf, parameters);
		}
		throw new InvalidFilterException("This filter is not supported here.", null);
	}

	private static String leaf(AttributeExpressionLeaf leaf, Map<String, Object> parameters) {
		String parent = leaf.getParentAttributeName();
		String sub = leaf.getComplexSubAttributeName();
		String name;
		if (sub != null && !sub.isBlank()) {
			name = leaf.getAttributeName() + "." + sub;
		}
		else if (parent != null && !parent.isBlank() && !parent.equals(leaf.getAttributeName())) {
			name = parent + "." + leaf.getAttributeName();
		}
		else {
			name = leaf.getAttributeName();
		}
		Column column = column(name);
		String parameter = "f" + parameters.size();
		String sql = column.sql();
		String value = leaf.getValue();
		if (column.kind() == Kind.TIME && value != null && leaf.getComparator() != Comparator.PR) {
			return time(column, parameter, leaf, parameters);
		}
		return switch (leaf.getComparator()) {
			case PR -> (column.kind() == Kind.ACTIVE) ? "1 = 1" : sql + " IS NOT NULL";
			case EQ -> equal(column, parameter, value, parameters, true);
			case NE -> "NOT (" + equal(column, parameter, value, parameters, false) + ")";
			case SW -> like(column, parameter, escape(column.value(value)) + "%", parameters);
			case EW -> like(column, parameter, "%" + escape(column.value(value)), parameters);
			case CO -> like(column, parameter, "%" + escape(column.value(value)) + "%", parameters);
			case GT -> compare(column, parameter, ">", leaf, parameters);
			case GE -> compare(column, parameter, ">=", leaf, parameters);
			case LT -> compare(column, parameter, "<", leaf, parameters);
			case LE -> compare(column, parameter, "<=", leaf, parameters);
		};
	}

	private static String equal(Column column, String parameter, String value, Map<String, Object> parameters,
			boolean nullIsNull) {
		if (column.kind() == Kind.ACTIVE) {
			boolean active = Boolean.parseBoolean(value);
			return active ? "u.status = 'ACTIVE'" : "u.status <> 'ACTIVE'";
		}
		if (value == null) {
			return column.sql() + " IS NULL";
		}
		parameters.put(parameter, column.parameter(value));
		String condition = column.sql() + " = :" + parameter;
		return nullIsNull ? condition : "(" + condition + " AND " + column.sql() + " IS NOT NULL)";
	}

	/**
	 * A comparison of a date column with the filter's date, to the millisecond: {@code eq} is the
	 * millisecond the filter names, {@code gt} what comes after it, and so on. Its last microsecond
	 * is bound rather than the next millisecond, so a driver that drops fractions of a second (as
	 * MySQL's does with MariaDB, which then stores whole seconds too) still compares like with like.
	 */
	private static String time(Column column, String parameter, AttributeExpressionLeaf leaf,
			Map<String, Object> parameters) {
		Instant from = instant(leaf).truncatedTo(ChronoUnit.MILLIS);
		String last = parameter + "last";
		parameters.put(parameter, Timestamp.from(from));
		parameters.put(last, Timestamp.from(from.plus(999, ChronoUnit.MICROS)));
		String sql = column.sql();
		String within = "(" + sql + " >= :" + parameter + " AND " + sql + " <= :" + last + ")";
		return switch (leaf.getComparator()) {
			case EQ -> within;
			case NE -> "NOT " + within;
			case GT -> sql + " > :" + last;
			case GE -> sql + " >= :" + parameter;
			case LT -> sql + " < :" + parameter;
			case LE -> sql + " <= :" + last;
			default -> throw new InvalidFilterException("sw, ew and co apply to text attributes only.", null);
		};
	}

	private static String like(Column column, String parameter, String pattern, Map<String, Object> parameters) {
		if (column.kind() != Kind.KEY && column.kind() != Kind.EXACT) {
			throw new InvalidFilterException("sw, ew and co apply to text attributes only.", null);
		}
		parameters.put(parameter, pattern);
		return column.sql() + " LIKE :" + parameter + " ESCAPE '!'";
	}

	private static String compare(Column column, String parameter, String operator, AttributeExpressionLeaf leaf,
			Map<String, Object> parameters) {
		Object value = switch (column.kind()) {
			case TIME -> throw new IllegalStateException("dates are compared by time()");
			case NUMBER -> column.parameter(leaf.getValue());
			case KEY, EXACT -> column.parameter(leaf.getValue());
			case ACTIVE -> throw new InvalidFilterException("active is compared with eq only.", null);
		};
		parameters.put(parameter, value);
		return column.sql() + " " + operator + " :" + parameter;
	}

	private static String escape(String value) {
		return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

	private static Column column(String attribute) {
		Column column = COLUMNS.get(attribute.toLowerCase(Locale.ROOT));
		if (column == null) {
			throw new InvalidFilterException("Filtering and sorting by '" + attribute + "' is not supported; use "
					+ "userName, emails, name.givenName, name.familyName, id, active, meta.created, "
					+ "meta.lastModified or scopeId.", null);
		}
		return column;
	}

	/** A page of people and how many matched in all. */
	record Page(List<Person> people, long total) {
	}

	private enum Kind {

		/** A lower-cased key column: values are compared as their key (case-insensitive). */
		KEY,
		/** Compared as given. */
		EXACT,
		/** A date and time. */
		TIME,
		/** A number. */
		NUMBER,
		/** The account's status, as a boolean. */
		ACTIVE

	}

	private record Column(String sql, Kind kind) {

		static Column key(String sql) {
			return new Column(sql, Kind.KEY);
		}

		static Column exact(String sql) {
			return new Column(sql, Kind.EXACT);
		}

		String value(String value) {
			if (value == null) {
				throw new InvalidFilterException("This comparison needs a value.", null);
			}
			return (this.kind == Kind.KEY) ? SsoUser.key(value) : value;
		}

		Object parameter(String value) {
			if (this.kind == Kind.NUMBER) {
				try {
					return Long.parseLong(value);
				}
				catch (NumberFormatException ex) {
					throw new InvalidFilterException("scopeId is a number.", null);
				}
			}
			return value(value);
		}

	}


}
