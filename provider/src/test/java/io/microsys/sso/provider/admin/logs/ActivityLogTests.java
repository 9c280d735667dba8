package io.microsys.sso.provider.admin.logs;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditProperties;
import io.microsys.sso.provider.audit.AuditRetention;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The activity log on real rows: who sees which entries (per tier, in the query), each filter,
 * keyset pages, the detail's 404 for hidden entries, the exports and their own entry, and the
 * retention's batches.
 */
@ProviderIntegrationTest
class ActivityLogTests {

	private static final AtomicInteger TESTS = new AtomicInteger();

	private static final Pattern ENTRY = Pattern.compile("id=\"entry-(\\d+)\"");

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	NamedParameterJdbcTemplate named;

	@Autowired
	ScopeRepository scopes;

	@Autowired
	Clock clock;

	private String marker;

	private String actorUuid;

	private Scope scopeA;

	private Scope scopeB;

	private LocalDateTime base;

	ActivityLogTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void rows() {
		this.marker = TestFixtures.unique("actor");
		this.actorUuid = UUID.randomUUID().toString();
		this.scopeA = this.scopes.save(new Scope(TestFixtures.unique("scope-a")));
		this.scopeB = this.scopes.save(new Scope(TestFixtures.unique("scope-b")));
		this.base = LocalDateTime.ofInstant(this.clock.instant().minus(Duration.ofDays(30)), ZoneOffset.UTC)
			.truncatedTo(ChronoUnit.HOURS)
			.plusHours(TESTS.getAndIncrement());
	}

	/**
	 * A time {@code step} seconds into this test's own hour, a month ago: each test writes in a
	 * later hour than the tests before it, so times follow ids as when the provider writes them.
	 */
	private LocalDateTime at(int step) {
		return this.base.plusSeconds(step);
	}

	private long insert(LocalDateTime at, String type, String action, Long scopeId, boolean superuser,
			String targetId, String targetName, String ip, String changes) {
		this.jdbc.update("INSERT INTO sso_audit_event (created_at, event_type, actor_uuid, actor_name, action, "
				+ "target_type, target_id, target_name, scope_id, about_superuser, ip_address, changes, username) "
				+ "VALUES (?, ?, ?, ?, ?, 'user', ?, ?, ?, ?, ?, ?, 'someone')", at, type,
				this.actorUuid, this.marker, action, targetId, targetName, scopeId, superuser, ip,
				changes);
		return this.jdbc.queryForObject("SELECT MAX(id) FROM sso_audit_event WHERE actor_name = ?", Long.class,
				this.marker);
	}

	/** Four entries: about scope A, scope B, nobody's scope, and a superuser. */
	private long[] fourEntries() {
		return new long[] { insert(at(0), "PASSWORD_CHANGED", "UPDATE", this.scopeA.getId(), false, "t-a", "in-a",
				"10.0.0.1", null),
				insert(at(1), "PASSWORD_CHANGED", "UPDATE", this.scopeB.getId(), false, "t-b", "in-b",
						"10.0.0.2", null),
				insert(at(2), "SETTINGS_CHANGED", "CREATE", null, false, "t-none", "nowhere", "10.0.0.3",
						null),
				insert(at(3), "ACCESS_DENIED", "DELETE", null, true, "t-super", "root", "10.0.0.4",
						null) };
	}

	private SsoUser staff(Long scopeId, boolean superuser, String... permissions) {
		SsoUser user = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setSuperuser(superuser);
			if (scopeId != null) {
				u.setScope(this.scopes.findById(scopeId).orElseThrow());
			}
		});
		for (String permission : permissions) {
			this.jdbc.update("INSERT INTO sso_user_permission (user_id, permission, created_at) VALUES (?, ?, ?)",
					user.getId(), permission, LocalDateTime.now(ZoneOffset.UTC));
		}
		return user;
	}

	private Browser signedIn(SsoUser user) {
		return Pages.signedIn(this.provider.origin(), user);
	}

	private List<Long> listed(Browser browser, String query) {
		HttpResponse<String> page = browser.get(this.provider.origin() + "/sys/logs?actor=" + this.marker + query);
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return ids(page.body());
	}

	private static List<Long> ids(String body) {
		List<Long> ids = new ArrayList<>();
		Matcher matcher = ENTRY.matcher(body);
		while (matcher.find()) {
			ids.add(Long.valueOf(matcher.group(1)));
		}
		return ids;
	}

	@Test
	void listWhenEachTierThenOnlyTheEntriesAboutPeopleTheyMaySee() {
		long[] e = fourEntries();
		assertThat(listed(signedIn(staff(null, true)), "")).containsExactly(e[3], e[2], e[1], e[0]);
		assertThat(listed(signedIn(staff(null, false, "logs.view", "manage_scopes")), ""))
			.containsExactly(e[2], e[1], e[0]);
		assertThat(listed(signedIn(staff(null, false, "logs.view")), "")).containsExactly(e[2]);
		assertThat(listed(signedIn(staff(this.scopeA.getId(), false, "logs.view")), "")).containsExactly(e[0]);
	}

	@Test
	void detailWhenEntryHiddenFromTheActorThenNotFoundLikeAnAbsentOne() {
		long[] e = fourEntries();
		Browser scoped = signedIn(staff(this.scopeA.getId(), false, "logs.view"));
		assertThat(scoped.get(this.provider.origin() + "/sys/logs/" + e[0]).statusCode()).isEqualTo(200);
		assertThat(scoped.get(this.provider.origin() + "/sys/logs/" + e[1]).statusCode()).isEqualTo(404);
		assertThat(scoped.get(this.provider.origin() + "/sys/logs/" + e[3]).statusCode()).isEqualTo(404);
		assertThat(scoped.get(this.provider.origin() + "/sys/logs/" + (e[3] + 1_000_000)).statusCode()).isEqualTo(404);
		Browser global = signedIn(staff(null, false, "logs.view", "manage_scopes"));
		assertThat(global.get(this.provider.origin() + "/sys/logs/" + e[3]).statusCode()).isEqualTo(404);
		assertThat(global.get(this.provider.origin() + "/sys/logs/" + e[1]).statusCode()).isEqualTo(200);
	}

	@Test
	void listWhenFilteredThenOnlyMatchingEntries() {
		long[] e = fourEntries();
		Browser superuser = signedIn(staff(null, true));
		assertThat(listed(superuser, "&action=CREATE")).containsExactly(e[2]);
		assertThat(listed(superuser, "&type=PASSWORD_CHANGED")).containsExactly(e[1], e[0]);
		assertThat(listed(superuser, "&targetType=user&targetId=t-b")).containsExactly(e[1]);
		assertThat(listed(superuser, "&targetType=scope")).isEmpty();
		assertThat(listed(superuser, "&scope=" + this.scopeA.getId())).containsExactly(e[0]);
		assertThat(listed(superuser, "&ip=10.0.0.4")).containsExactly(e[3]);
		assertThat(listed(superuser, "&from=" + at(1) + "&to=" + at(2)))
			.containsExactly(e[2], e[1]);
		assertThat(listed(superuser, "&from=" + at(3))).containsExactly(e[3]);
		assertThat(listed(superuser, "&to=" + at(-1))).isEmpty();
		assertThat(listed(superuser, "&action=UPDATE&ip=10.0.0.2&from=" + this.base)).containsExactly(e[1]);
		HttpResponse<String> byUuid = superuser.get(this.provider.origin()
				+ "/sys/logs?actor=" + this.actorUuid.toUpperCase(Locale.ROOT) + "&targetId=t-a");
		assertThat(ids(byUuid.body())).containsExactly(e[0]);
	}

	@Test
	void listWhenMoreThanAPageThenOlderAndNewerPagesByKeyset() {
		List<Long> all = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			all.add(0, insert(at(i), "PASSWORD_CHANGED", "UPDATE", null, false, "t" + i, "n" + i,
					"10.0.1.1", null));
		}
		Browser central = signedIn(staff(null, false, "logs.view"));
		HttpResponse<String> first = central.get(this.provider.origin() + "/sys/logs?actor=" + this.marker);
		assertThat(ids(first.body())).isEqualTo(all.subList(0, 50));
		assertThat(first.body()).doesNotContain("id=\"newer\"").contains("before=" + all.get(49));
		List<Long> second = listed(central, "&before=" + all.get(49));
		assertThat(second).isEqualTo(all.subList(50, 100));
		HttpResponse<String> last = central
			.get(this.provider.origin() + "/sys/logs?actor=" + this.marker + "&before=" + all.get(99));
		assertThat(ids(last.body())).isEqualTo(all.subList(100, 120));
		assertThat(last.body()).doesNotContain("id=\"older\"").contains("after=" + all.get(100));
		HttpResponse<String> back = central
			.get(this.provider.origin() + "/sys/logs?actor=" + this.marker + "&after=" + all.get(100));
		assertThat(ids(back.body())).isEqualTo(all.subList(50, 100));
		assertThat(back.body()).contains("after=" + all.get(50)).contains("before=" + all.get(99));
	}

	@Test
	void exportWhenCsvThenFilteredRowsDefusedAndTheExportLogged() {
		insert(at(0), "PASSWORD_CHANGED", "UPDATE", null, false, "t-1", "=HYPERLINK(\"http://evil\")", "10.0.0.1",
				null);
		long second = insert(at(1), "PASSWORD_CHANGED", "UPDATE", null, false, "t-2", "plain, \"quoted\"",
				"10.0.0.1", null);
		SsoUser exporter = staff(null, false, "logs.view");
		Browser central = signedIn(exporter);
		HttpResponse<String> csv = central.get(this.provider.origin() + "/sys/logs/export.csv?actor=" + this.marker);
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("activity-log.csv");
		String[] lines = csv.body().split("\r\n");
		assertThat(lines).hasSize(3);
		assertThat(lines[0]).startsWith("id,time,event,action,");
		assertThat(lines[1]).startsWith(second + ",").contains(",\"plain, \"\"quoted\"\"\",");
		assertThat(lines[2]).contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",").doesNotContain(",=HYPERLINK");
		Map<String, Object> logged = this.jdbc.queryForMap(
				"SELECT action, target_type, target_name, detail, actor_name, scope_id, about_superuser FROM sso_audit_event "
						+ "WHERE event_type = 'ACTIVITY_EXPORTED' AND actor_uuid = ? ORDER BY id DESC LIMIT 1",
				exporter.getUuid());
		assertThat(logged).containsEntry("action", "EXPORT")
			.containsEntry("target_type", "logs")
			.containsEntry("target_name", "csv")
			.containsEntry("detail", "actor=" + this.marker)
			.containsEntry("actor_name", exporter.getUsername());
	}

	@Test
	void exportWhenJsonLinesThenOneEscapedObjectPerVisibleEntry() throws Exception {
		long[] e = fourEntries();
		insert(at(4), "PASSWORD_CHANGED", "UPDATE", null, false, "t-x", "line\nbreak \"q\" \u2028",
				"10.0.0.5", "[{\"field\":\"email\",\"before\":\"a@x\",\"after\":\"b@x\"},{\"field\":\"password\",\"secret\":true}]");
		Browser central = signedIn(staff(null, false, "logs.view"));
		HttpResponse<String> jsonl = central
			.get(this.provider.origin() + "/sys/logs/export.jsonl?actor=" + URLEncoder.encode(this.marker, StandardCharsets.UTF_8));
		assertThat(jsonl.statusCode()).isEqualTo(200);
		String[] lines = jsonl.body().split("\n");
		assertThat(lines).hasSize(2);
		assertThat(lines[0]).doesNotContain("\u2028");
		JsonMapper json = JsonMapper.builder().build();
		JsonNode newest = json.readTree(lines[0]);
		assertThat(newest.get("targetName").asString()).isEqualTo("line\nbreak \"q\" \u2028");
		assertThat(newest.get("changes").get(0).get("before").asString()).isEqualTo("a@x");
		assertThat(newest.get("changes").get(1).get("secret").asBoolean()).isTrue();
		assertThat(json.readTree(lines[1]).get("id").asLong()).isEqualTo(e[2]);
	}

	@Test
	void exportWhenScopedStaffAsksForAnotherScopeThenRefusedAndNothingExported() {
		fourEntries();
		SsoUser scoped = staff(this.scopeA.getId(), false, "logs.view");
		Browser browser = signedIn(scoped);
		HttpResponse<String> refused = browser.get(this.provider.origin() + "/sys/logs/export.csv?actor=" + this.marker
				+ "&scope=" + this.scopeB.getId());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'ACTIVITY_EXPORTED' AND actor_uuid = ?",
				Long.class, scoped.getUuid())).isZero();
	}

	@Test
	void purgeWhenEntriesOlderThanTheRetentionThenDeletedInBatchesAndYoungerOnesKept() {
		LocalDateTime now = LocalDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		List<Object[]> old = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			old.add(new Object[] { now.minusDays(400).plusSeconds(i), this.marker });
		}
		this.jdbc.batchUpdate("INSERT INTO sso_audit_event (created_at, event_type, actor_name, about_superuser) "
				+ "VALUES (?, 'LOGIN_SUCCESS', ?, FALSE)", old);
		long kept = insert(now.minusDays(379), "PASSWORD_CHANGED", "UPDATE", null, false, "t", "t", "10.0.0.1", null);
		AuditProperties properties = new AuditProperties();
		properties.setRetention(Duration.ofDays(380));
		properties.setRetentionPause(Duration.ZERO);
		AuditRetention retention = new AuditRetention(this.named, properties, this.clock);
		assertThat(retention.purgeBatch()).isEqualTo(1000);
		assertThat(count()).isEqualTo(1501);
		assertThat(retention.purge()).isGreaterThanOrEqualTo(1500);
		assertThat(count()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT id FROM sso_audit_event WHERE actor_name = ?", Long.class,
				this.marker)).isEqualTo(kept);
		properties.setRetention(Duration.ZERO);
		assertThat(new AuditRetention(this.named, properties, this.clock).purge()).isZero();
	}

	private long count() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE actor_name = ?", Long.class,
				this.marker);
	}


}
