package io.microsys.sso.provider.admin.logs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.persistence.Database;

/**
 * Reads the activity log ({@code sso_audit_event}) with the actor's {@link Visibility} and the
 * filters in one WHERE clause, newest first by id (keyset pages, no COUNT), each filter served by
 * an index of V18. A time range becomes an id range besides: ids follow the time of writing
 * (entries are written with the clock read just before the insert), so each filter's
 * {@code (column, id)} index serves time ranges too; the range is widened by {@link #SKEW} for
 * clocks of several nodes, and the times themselves are still compared.
 */
@Repository
class LogReader {

	/** How far the clocks of two nodes (and the order of ids and times) may drift apart. */
	static final Duration SKEW = Duration.ofMinutes(10);

	static final int PAGE_SIZE = 50;

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final String COLUMNS = "e.id, e.created_at, e.event_type, e.action, e.actor_uuid, e.actor_name, "
			+ "e.user_uuid, e.username, e.target_type, e.target_id, e.target_name, e.scope_id, e.about_superuser, "
			+ "e.client_id, e.ip_address, e.user_agent, e.reason, e.detail, e.changes";

	private static final RowMapper<LogEntry> ENTRY = LogReader::entry;

	private final NamedParameterJdbcTemplate jdbc;

	private final Database database;

	LogReader(DataSource dataSource, Database database) {
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
		this.database = database;
	}

	/** One page: the entries the visibility and filters allow, older than {@code before} or newer than {@code after}. */
	LogPage page(Visibility visibility, LogFilter filter) {
		Query query = where(visibility, filter);
		if (query == null) {
			return LogPage.EMPTY;
		}
		boolean newerPage = filter.after() != null && filter.before() == null;
		if (newerPage) {
			query.and("e.id > :after", "after", filter.after());
		}
		else if (filter.before() != null) {
			query.and("e.id < :before", "before", filter.before());
		}
		String sql = "SELECT " + COLUMNS + " FROM sso_audit_event e WHERE " + query.condition() + " ORDER BY e.id "
				+ (newerPage ? "ASC" : "DESC") + " LIMIT " + (PAGE_SIZE + 1);
		List<LogEntry> rows = new ArrayList<>(this.jdbc.query(sql, query.parameters, ENTRY));
		boolean more = rows.size() > PAGE_SIZE;
		if (more) {
			rows.remove(PAGE_SIZE);
		}
		if (newerPage) {
			Collections.reverse(rows);
		}
		if (rows.isEmpty()) {
			return LogPage.EMPTY;
		}
		Long older = newerPage ? (exists(visibility, filter, "e.id < :edge", rows.get(rows.size() - 1).id())
				? rows.get(rows.size() - 1).id() : null) : (more ? rows.get(rows.size() - 1).id() : null);
		Long newer = newerPage ? (more ? rows.get(0).id() : null)
				: ((filter.before() != null && exists(visibility, filter, "e.id > :edge", rows.get(0).id()))
						? rows.get(0).id() : null);
		return new LogPage(List.copyOf(rows), older, newer);
	}

	/** Up to {@code fetch} entries the visibility and filters allow, newest first, below {@code before} (null: any). */
	List<LogEntry> keyset(Visibility visibility, LogFilter filter, Long before, int fetch) {
		Query query = where(visibility, filter);
		if (query == null) {
			return List.of();
		}
		if (before != null) {
			query.and("e.id < :before", "before", before);
		}
		return this.jdbc.query("SELECT " + COLUMNS + " FROM sso_audit_event e WHERE " + query.condition()
				+ " ORDER BY e.id DESC LIMIT " + fetch, query.parameters, ENTRY);
	}

	private boolean exists(Visibility visibility, LogFilter filter, String edgeCondition, long edge) {
		Query query = where(visibility, filter);
		query.and(edgeCondition, "edge", edge);
		return !this.jdbc.queryForList("SELECT e.id FROM sso_audit_event e WHERE " + query.condition() + " LIMIT 1",
				query.parameters, Long.class).isEmpty();
	}

	/** The id of the newest entry, or 0. */
	long newestId() {
		Long newest = this.jdbc.getJdbcTemplate().queryForObject("SELECT MAX(id) FROM sso_audit_event", Long.class);
		return (newest != null) ? newest : 0;
	}

	/** One entry, when the visibility allows it. */
	Optional<LogEntry> entry(Visibility visibility, long id) {
		MapSqlParameterSource parameters = new MapSqlParameterSource(visibility.parameters()).addValue("id", id);
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM sso_audit_event e WHERE e.id = :id AND "
					+ visibility.sql("e.scope_id", "e.about_superuser"), parameters, ENTRY)
			.stream()
			.findFirst();
	}

	/**
	 * Every entry the visibility and filters allow (pages aside) with an id below {@code below},
	 * newest first, handed over as they are read: the result is streamed, never held in memory.
	 */
	void each(Visibility visibility, LogFilter filter, long below, Consumer<LogEntry> consumer) {
		Query query = where(visibility, filter);
		if (query == null) {
			return;
		}
		query.and("e.id < :below", "below", below);
		this.database.rowByRow().query("SELECT " + COLUMNS + " FROM sso_audit_event e WHERE " + query.condition()
				+ " ORDER BY e.id DESC", query.parameters, (ResultSet rs) -> {
					consumer.accept(entry(rs, 0));
				});
	}

	/** The condition for the visibility and filters, or null when no entry can match. */
	private Query where(Visibility visibility, LogFilter filter) {
		Query query = new Query();
		query.conditions.add(visibility.sql("e.scope_id", "e.about_superuser"));
		query.parameters.addValues(visibility.parameters());
		if (filter.actor() != null) {
			query.and(UUID.matcher(filter.actor()).matches() ? "e.actor_uuid = :actor" : "e.actor_name = :actor",
					"actor", UUID.matcher(filter.actor()).matches() ? filter.actor().toLowerCase(Locale.ROOT)
							: filter.actor());
		}
		if (filter.action() != null) {
			query.and("e.action = :action", "action", filter.action().name());
		}
		if (filter.type() != null) {
			query.and("e.event_type = :type", "type", filter.type().name());
		}
		if (filter.targetType() != null) {
			query.and("e.target_type = :targetType", "targetType", filter.targetType());
		}
		if (filter.targetId() != null) {
			query.and("e.target_id = :targetId", "targetId", filter.targetId());
		}
		if (filter.scope() != null) {
			query.and("e.scope_id = :scope", "scope", filter.scope());
		}
		if (filter.ip() != null) {
			query.and("e.ip_address = :ip", "ip", filter.ip());
		}
		if (filter.from() != null) {
			LocalDateTime from = utc(filter.from());
			List<Long> first = this.jdbc.queryForList(
					"SELECT id FROM sso_audit_event WHERE created_at >= :at ORDER BY created_at, id LIMIT 1",
					new MapSqlParameterSource("at", utc(filter.from().minus(SKEW))), Long.class);
			if (first.isEmpty()) {
				return null;
			}
			query.and("e.created_at >= :from", "from", from);
			query.and("e.id >= :fromId", "fromId", first.get(0));
		}
		if (filter.to() != null) {
			LocalDateTime to = utc(filter.to());
			List<Long> last = this.jdbc.queryForList(
					"SELECT id FROM sso_audit_event WHERE created_at <= :at ORDER BY created_at DESC, id DESC LIMIT 1",
					new MapSqlParameterSource("at", utc(filter.to().plus(SKEW))), Long.class);
			if (last.isEmpty()) {
				return null;
			}
			query.and("e.created_at <= :to", "to", to);
			query.and("e.id <= :toId", "toId", last.get(0));
		}
		return query;
	}

	/** Times are stored as UTC wall-clock times (Hibernate's {@code time_zone: UTC}): bound as such, whatever the JVM's zone. */
	private static LocalDateTime utc(LocalDateTime time) {
		return time;
	}

	private static LogEntry entry(ResultSet rs, int row) throws SQLException {
		String action = rs.getString("action");
		long scope = rs.getLong("scope_id");
		Long scopeId = rs.wasNull() ? null : scope;
		return new LogEntry(rs.getLong("id"), rs.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString("event_type"),
				(action != null) ? AuditAction.valueOf(action) : null, rs.getString("actor_uuid"),
				rs.getString("actor_name"), rs.getString("user_uuid"), rs.getString("username"),
				rs.getString("target_type"), rs.getString("target_id"), rs.getString("target_name"), scopeId,
				rs.getBoolean("about_superuser"), rs.getString("client_id"), rs.getString("ip_address"),
				rs.getString("user_agent"), rs.getString("reason"), rs.getString("detail"), rs.getString("changes"));
	}

	/** A WHERE clause being built. */
	private static final class Query {

		private final List<String> conditions = new ArrayList<>();

		private final MapSqlParameterSource parameters = new MapSqlParameterSource();

		void and(String condition, String name, Object value) {
			this.conditions.add(condition);
			this.parameters.addValue(name, value);
		}

		String condition() {
			return String.join(" AND ", this.conditions);
		}

	}

}
