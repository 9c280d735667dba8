package io.microsys.sso.provider.admin.users;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The people list, search and export on real data: two scopes, people without one and a
 * superuser, each seen only by those the policy lets see them, in the list, the search and the
 * export alike; the prefix search on each of the four fields, the filters, the sorts and the pages.
 * Every person of a test starts with the test's own token, so a search for it finds only them.
 */
@ProviderIntegrationTest
class PeopleListTests {

	private final Provider provider;

	private final JdbcClient jdbc;

	private String token;

	private Scope scopeA;

	private Scope scopeB;

	private SsoUser a1;

	private SsoUser a2;

	private SsoUser scopedStaff;

	private SsoUser b1;

	private SsoUser b2;

	private SsoUser n1;

	private SsoUser n2;

	private SsoUser centralStaff;

	private SsoUser globalStaff;

	private SsoUser superuser;

	PeopleListTests(Provider provider) {
		this.provider = provider;
		this.jdbc = provider.context().getBean(JdbcClient.class);
	}

	@BeforeEach
	void people() {
		this.token = token();
		ScopeRepository scopes = this.provider.context().getBean(ScopeRepository.class);
		this.scopeA = scopes.save(new Scope(this.token + " scope a"));
		this.scopeB = scopes.save(new Scope(this.token + " scope b"));
		this.a1 = person("a1", this.scopeA, (u) -> u.setLastLoginAt(Instant.parse("2026-01-10T08:00:00Z")));
		this.a2 = person("a2", this.scopeA, (u) -> u.deactivate(Instant.now()));
		this.scopedStaff = person("sa", this.scopeA, (u) -> u.setStaff(true));
		this.b1 = person("b1", this.scopeB, (u) -> {
		});
		this.b2 = person("b2", this.scopeB, (u) -> u.setStatus(UserStatus.PENDING_APPROVAL));
		this.n1 = person("n1", null, (u) -> u.setLastLoginAt(Instant.parse("2026-03-05T08:00:00Z")));
		this.n2 = person("n2", null, (u) -> u.setStatus(UserStatus.UNVERIFIED));
		this.centralStaff = person("sc", null, (u) -> u.setStaff(true));
		this.globalStaff = person("sg", null, (u) -> u.setStaff(true));
		this.superuser = person("su", null, (u) -> {
			u.setStaff(true);
			u.setSuperuser(true);
		});
		grant(this.scopedStaff, Permission.USERS_VIEW);
		grant(this.centralStaff, Permission.USERS_VIEW);
		grant(this.globalStaff, Permission.USERS_VIEW);
		grant(this.globalStaff, Permission.MANAGE_SCOPES);
		this.jdbc.sql("INSERT INTO sso_email_factor (user_id, created_at) VALUES (:id, :at)")
			.param("id", this.n1.getId())
			.param("at", Timestamp.from(Instant.now()))
			.update();
		this.jdbc
			.sql("INSERT INTO sso_user_totp (user_id, secret_box, confirmed_at, last_used_step, created_at) "
					+ "VALUES (:id, :box, :at, 0, :at)")
			.param("id", this.a1.getId())
			.param("box", new byte[] { 1 })
			.param("at", Timestamp.from(Instant.now()))
			.update();
		// As twofactor's stores keep it when a factor is added.
		this.jdbc.sql("UPDATE sso_user SET two_step = TRUE WHERE id IN (:ids)")
			.param("ids", List.of(this.n1.getId(), this.a1.getId()))
			.update();
	}

	/** Lower-case letters only, so every field can start with it. */
	private static String token() {
		Random random = new Random();
		StringBuilder token = new StringBuilder("t");
		for (int i = 0; i < 8; i++) {
			token.append((char) ('a' + random.nextInt(26)));
		}
		return token.toString();
	}

	/**
	 * A person whose username is {@code <token>u<tag>}, email {@code <token>e<tag>@example.com},
	 * first name {@code <TOKEN>F<tag>} and last name {@code <TOKEN>L<tag>}, so a prefix names one field.
	 */
	private SsoUser person(String tag, Scope scope, Consumer<SsoUser> customizer) {
		String upper = this.token.toUpperCase(Locale.ROOT);
		return this.provider.fixtures().user(AccountOrigin.ADMIN, (u) -> {
			u.setUsername(this.token + "u" + tag);
			u.setEmail(this.token + "e" + tag + "@example.com");
			u.setFirstName(upper + "F" + tag);
			u.setLastName(upper + "L" + tag);
			u.setScope(scope);
			customizer.accept(u);
		});
	}

	private void grant(SsoUser user, Permission permission) {
		this.jdbc.sql("INSERT INTO sso_user_permission (user_id, permission, created_at) VALUES (:id, :p, :at)")
			.param("id", user.getId())
			.param("p", permission.code())
			.param("at", Timestamp.from(Instant.now()))
			.update();
	}

	private Browser as(SsoUser user) {
		return Pages.signedIn(this.provider.origin(), user);
	}

	private HttpResponse<String> list(Browser browser, String query) {
		return browser.get(this.provider.origin() + "/sys/users?" + query);
	}

	/** The people listed, in order. */
	private static List<String> listed(HttpResponse<String> page) {
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		List<String> uuids = new ArrayList<>();
		Matcher matcher = Pattern.compile("id=\"person-([0-9a-f-]{36})\"").matcher(page.body());
		while (matcher.find()) {
			uuids.add(matcher.group(1));
		}
		return uuids;
	}

	private static List<String> uuids(SsoUser... users) {
		return java.util.Arrays.stream(users).map(SsoUser::getUuid).toList();
	}

	private static List<String> reversed(List<String> list) {
		List<String> reversed = new ArrayList<>(list);
		java.util.Collections.reverse(reversed);
		return reversed;
	}

	@Test
	void listWhenCentralStaffThenOnlyScopelessPeopleAndNoSuperuser() {
		Browser browser = as(this.centralStaff);
		assertThat(listed(list(browser, "q=" + this.token)))
			.containsExactlyInAnyOrderElementsOf(uuids(this.n1, this.n2, this.centralStaff, this.globalStaff));
		String export = browser.get(this.provider.origin() + "/sys/users/export.csv?q=" + this.token).body();
		assertThat(export).contains(this.n1.getUsername(), this.globalStaff.getUsername())
			.doesNotContain(this.a1.getUsername(), this.b1.getUsername(), this.superuser.getUsername());
		assertThat(list(browser, "q=" + this.token + "&scope=" + this.scopeA.getId()).statusCode()).isEqualTo(400);
		assertThat(list(browser, "q=" + this.token + "&tier=superuser").statusCode()).isEqualTo(400);
	}

	@Test
	void listWhenScopedStaffThenOnlyTheirScope() {
		Browser browser = as(this.scopedStaff);
		assertThat(listed(list(browser, "q=" + this.token)))
			.containsExactlyInAnyOrderElementsOf(uuids(this.a1, this.a2, this.scopedStaff));
		assertThat(listed(list(browser, "scope=" + this.scopeA.getId() + "&q=" + this.token))).hasSize(3);
		HttpResponse<String> other = list(browser, "scope=" + this.scopeB.getId());
		assertThat(other.statusCode()).isEqualTo(400);
		assertThat(other.body()).contains("id=\"scope-error\"").doesNotContain(this.b1.getUsername());
		assertThat(list(browser, "scope=none").statusCode()).isEqualTo(400);
		String export = browser.get(this.provider.origin() + "/sys/users/export.csv").body();
		assertThat(export).contains(this.a1.getUsername()).doesNotContain(this.n1.getUsername(),
				this.b1.getUsername(), this.superuser.getUsername());
	}

	@Test
	void listWhenGlobalStaffThenEveryoneButTheSuperuser() {
		Browser browser = as(this.globalStaff);
		assertThat(listed(list(browser, "q=" + this.token))).containsExactlyInAnyOrderElementsOf(uuids(this.a1,
				this.a2, this.scopedStaff, this.b1, this.b2, this.n1, this.n2, this.centralStaff, this.globalStaff));
		assertThat(listed(list(browser, "q=" + this.token + "&scope=" + this.scopeB.getId())))
			.containsExactlyInAnyOrderElementsOf(uuids(this.b1, this.b2));
		assertThat(listed(list(browser, "q=" + this.token + "&scope=none")))
			.containsExactlyInAnyOrderElementsOf(uuids(this.n1, this.n2, this.centralStaff, this.globalStaff));
		assertThat(list(browser, "scope=999999999").statusCode()).isEqualTo(400);
		assertThat(listed(list(browser, "q=" + this.superuser.getUsername()))).isEmpty();
	}

	@Test
	void listWhenSuperuserThenEveryoneAndTheSuperuserTier() {
		Browser browser = as(this.superuser);
		assertThat(listed(list(browser, "q=" + this.token))).hasSize(10).contains(this.superuser.getUuid());
		assertThat(listed(list(browser, "q=" + this.token + "&tier=superuser")))
			.containsExactly(this.superuser.getUuid());
		String export = browser.get(this.provider.origin() + "/sys/users/export.csv?q=" + this.token).body();
		assertThat(export.lines()).hasSize(11);
	}

	@Test
	void searchWhenAPrefixOfEachFieldInAnyCaseThenFindsByThatField() {
		Browser browser = as(this.globalStaff);
		String upper = this.token.toUpperCase(Locale.ROOT);
		assertThat(listed(list(browser, "q=" + upper + "Ua"))).containsExactlyInAnyOrderElementsOf(uuids(this.a1,
				this.a2));
		assertThat(listed(list(browser, "q=" + this.token + "eb1"))).containsExactly(this.b1.getUuid());
		assertThat(listed(list(browser, "q=" + this.token + "Ea"))).containsExactlyInAnyOrderElementsOf(uuids(this.a1,
				this.a2));
		assertThat(listed(list(browser, "q=" + this.token + "fn"))).containsExactlyInAnyOrderElementsOf(uuids(this.n1,
				this.n2));
		assertThat(listed(list(browser, "q=" + this.token + "Ls"))).containsExactlyInAnyOrderElementsOf(
				uuids(this.scopedStaff, this.centralStaff, this.globalStaff));
		assertThat(listed(list(browser, "q=" + this.token + "u%25"))).isEmpty();
		assertThat(listed(list(browser, "q=" + this.token + "e_1"))).isEmpty();
	}

	@Test
	void filtersWhenStateTierTwoStepOriginAndSignInRangeThenOnlyThoseMatching() {
		Browser browser = as(this.globalStaff);
		String q = "q=" + this.token;
		assertThat(listed(list(browser, q + "&state=deactivated"))).containsExactly(this.a2.getUuid());
		assertThat(listed(list(browser, q + "&state=pending"))).containsExactlyInAnyOrderElementsOf(uuids(this.b2,
				this.n2));
		assertThat(listed(list(browser, q + "&state=active"))).hasSize(6);
		assertThat(listed(list(browser, q + "&tier=staff"))).containsExactlyInAnyOrderElementsOf(
				uuids(this.scopedStaff, this.centralStaff, this.globalStaff));
		assertThat(listed(list(browser, q + "&tier=person"))).hasSize(6);
		assertThat(listed(list(browser, q + "&twoStep=on"))).containsExactlyInAnyOrderElementsOf(uuids(this.a1,
				this.n1));
		assertThat(listed(list(browser, q + "&twoStep=off"))).hasSize(7);
		assertThat(listed(list(browser, q + "&origin=ADMIN"))).hasSize(9);
		assertThat(listed(list(browser, q + "&origin=SIGNUP"))).isEmpty();
		assertThat(listed(list(browser, q + "&from=2026-01-01&to=2026-01-31"))).containsExactly(this.a1.getUuid());
		assertThat(listed(list(browser, q + "&from=2026-03-05&to=2026-03-05"))).containsExactly(this.n1.getUuid());
		assertThat(list(browser, q + "&from=2026-03-05&to=2026-03-01").statusCode()).isEqualTo(400);
		assertThat(list(browser, q + "&from=2026-02-30").statusCode()).isEqualTo(400);
	}

	@Test
	void sortWhenEachColumnBothWaysThenInThatOrder() {
		Browser browser = as(this.globalStaff);
		String q = "q=" + this.token + "&state=active";
		List<SsoUser> active = List.of(this.a1, this.scopedStaff, this.b1, this.n1, this.centralStaff,
				this.globalStaff);
		List<String> byUsername = active.stream().sorted(Comparator.comparing(SsoUser::getUsername))
			.map(SsoUser::getUuid).toList();
		assertThat(listed(list(browser, q))).containsExactlyElementsOf(byUsername);
		assertThat(listed(list(browser, q + "&sort=username&dir=desc"))).containsExactlyElementsOf(reversed(byUsername));
		assertThat(listed(list(browser, q + "&sort=email"))).containsExactlyElementsOf(byUsername);
		assertThat(listed(list(browser, q + "&sort=name&dir=desc"))).containsExactlyElementsOf(reversed(byUsername));
		List<String> byCreated = active.stream().sorted(Comparator.comparing(SsoUser::getId))
			.map(SsoUser::getUuid).toList();
		assertThat(listed(list(browser, q + "&sort=created"))).containsExactlyElementsOf(byCreated);
		List<String> bySignIn = listed(list(browser, q + "&sort=lastSignIn&dir=desc"));
		assertThat(bySignIn.indexOf(this.n1.getUuid())).isLessThan(bySignIn.indexOf(this.a1.getUuid()));
	}

	@Test
	void pagesWhenMoreThanAPageThenNextAndPreviousWithoutOverlap() {
		Browser browser = as(this.globalStaff);
		String many = token();
		for (int i = 0; i < 27; i++) {
			String tag = String.format("%02d", i);
			this.provider.fixtures().user((u) -> u.setUsername(many + "p" + tag));
		}
		HttpResponse<String> first = list(browser, "q=" + many + "&size=25");
		List<String> page0 = listed(first);
		assertThat(page0).hasSize(25);
		assertThat(first.body()).contains("id=\"next\"").doesNotContain("id=\"previous\"");
		HttpResponse<String> second = list(browser, "q=" + many + "&size=25&page=1");
		List<String> page1 = listed(second);
		assertThat(page1).hasSize(2).doesNotContainAnyElementsOf(page0);
		assertThat(second.body()).contains("id=\"previous\"").doesNotContain("id=\"next\"");
		assertThat(list(browser, "page=-1").statusCode()).isEqualTo(400);
		assertThat(list(browser, "page=201").statusCode()).isEqualTo(400);
	}

	@Test
	void exportWhenFilteredThenCsvOfTheSetSafeFromFormulasAndRecordedAsExport() {
		this.provider.fixtures().updateUser(this.n2, (u) -> u.setFirstName("=HYPERLINK(\"x\")"));
		Browser browser = as(this.centralStaff);
		HttpResponse<String> export = browser
			.get(this.provider.origin() + "/sys/users/export.csv?q=" + this.token + "&state=pending");
		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
		List<String> lines = export.body().lines().toList();
		assertThat(lines.get(0)).startsWith("uuid,username,email,first_name,last_name");
		assertThat(lines).hasSize(2);
		assertThat(lines.get(1)).startsWith(this.n2.getUuid() + "," + this.n2.getUsername())
			.contains(",\"'=HYPERLINK(\"\"x\"\")\",")
			.contains("UNVERIFIED");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.jdbc
				.sql("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'PEOPLE_EXPORTED' AND action = 'EXPORT' "
						+ "AND target_type = 'users' AND actor_uuid = :actor AND detail LIKE :detail")
				.param("actor", this.centralStaff.getUuid())
				.param("detail", "q=" + this.token + " state=pending%")
				.query(Long.class)
				.single()).isEqualTo(1));
	}

	@Test
	void searchWhenTheStartIsCommonThenBestMatchOrderPagedWithoutOverlapAndStillOnlyWhoMaySee() {
		List<Object[]> rows = new ArrayList<>();
		Timestamp now = Timestamp.from(Instant.now());
		for (int i = 0; i < PeopleSearch.MANY_MATCHES; i++) {
			String username = this.token + "m" + String.format("%04d", i);
			rows.add(new Object[] { java.util.UUID.randomUUID().toString(), username, username, username, "Bulk",
					"bulk", now, now });
		}
		this.provider.context().getBean(org.springframework.jdbc.core.JdbcTemplate.class)
			.batchUpdate("INSERT INTO sso_user (uuid, username, username_key, username_lookalike, first_name, "
					+ "first_name_key, language, is_staff, is_superuser, status, email_verified, origin, created_at, "
					+ "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 'en', FALSE, FALSE, 'ACTIVE', FALSE, 'ADMIN', ?, ?, 0)",
					rows);
		Browser browser = as(this.globalStaff);
		// Each person's first key in the order: the setup's people by their email ("<token>e…"),
		// before the bulk's usernames ("<token>m…"); sorting by last sign-in does not apply.
		List<String> byEmail = java.util.stream.Stream
			.of(this.a1, this.a2, this.scopedStaff, this.b1, this.b2, this.n1, this.n2, this.centralStaff,
					this.globalStaff)
			.sorted(Comparator.comparing(SsoUser::getEmail))
			.map(SsoUser::getUuid)
			.toList();
		HttpResponse<String> first = list(browser, "q=" + this.token + "&sort=lastSignIn&dir=desc&size=25");
		assertThat(first.body()).contains("id=\"best-match\"").doesNotContain("aria-sort=");
		List<String> page0 = listed(first);
		assertThat(page0).hasSize(25);
		assertThat(page0.subList(0, 9)).containsExactlyElementsOf(byEmail);
		List<String> bulk = this.jdbc
			.sql("SELECT uuid FROM sso_user WHERE username_key LIKE :p ORDER BY username_key")
			.param("p", this.token + "m%")
			.query(String.class)
			.list();
		assertThat(page0.subList(9, 25)).containsExactlyElementsOf(bulk.subList(0, 16));
		List<String> page1 = listed(list(browser, "q=" + this.token + "&sort=lastSignIn&dir=desc&size=25&page=1"));
		assertThat(page1).containsExactlyElementsOf(bulk.subList(16, 41));
		assertThat(listed(list(browser, "q=" + this.token + "m0999"))).containsExactly(bulk.get(999));
		assertThat(list(browser, "q=" + this.token + "&size=25&page=40").statusCode()).isEqualTo(200);
		HttpResponse<String> tooDeep = list(browser, "q=" + this.token + "&size=25&page=41");
		assertThat(tooDeep.statusCode()).isEqualTo(400);
		assertThat(tooDeep.body()).contains("id=\"page-error\"");
		assertThat(list(browser, "q=" + this.token + "m09&size=25&page=41").statusCode()).as("not common")
			.isEqualTo(200);
		assertThat(list(browser, "q=" + this.token + "m0999").body()).doesNotContain("id=\"best-match\"");
		assertThat(listed(list(as(this.scopedStaff), "q=" + this.token)))
			.containsExactly(this.a1.getUuid(), this.a2.getUuid(), this.scopedStaff.getUuid());
		assertThat(listed(list(as(this.centralStaff), "q=" + this.token + "&state=pending")))
			.containsExactly(this.n2.getUuid());
		// Few match the filters: on MySQL and MariaDB found by the filters' indexes and ordered after reading.
		assertThat(listed(list(browser, "q=" + this.token + "&tier=staff")))
			.containsExactly(this.scopedStaff.getUuid(), this.centralStaff.getUuid(), this.globalStaff.getUuid());
		assertThat(listed(list(browser, "q=" + this.token + "&tier=staff&size=25&page=1"))).isEmpty();
		assertThat(listed(list(as(this.superuser), "q=" + this.token + "&tier=superuser")))
			.containsExactly(this.superuser.getUuid());
	}

	@Test
	void filtersWithoutSearchWhenMatchesAreRareOrCommonThenExactlyTheSortedMatches() {
		Random random = new Random();
		Instant day = Instant.parse(String.format("19%02d-%02d-%02dT10:00:00Z", 10 + random.nextInt(90),
				1 + random.nextInt(12), 1 + random.nextInt(28)));
		this.provider.fixtures().updateUser(this.b1, (u) -> u.setLastLoginAt(day));
		this.provider.fixtures().updateUser(this.n2, (u) -> u.setLastLoginAt(day.plusSeconds(60)));
		String date = day.toString().substring(0, 10);
		Browser superuser = as(this.superuser);
		assertThat(listed(list(superuser, "from=" + date + "&to=" + date + "&sort=lastSignIn&dir=desc")))
			.containsExactly(this.n2.getUuid(), this.b1.getUuid());
		assertThat(listed(list(as(this.globalStaff), "scope=" + this.scopeA.getId() + "&state=deactivated")))
			.containsExactly(this.a2.getUuid());
		assertThat(listed(list(as(this.centralStaff), "from=" + date + "&to=" + date))).containsExactly(this.n2.getUuid());
		assertThat(listed(list(as(this.scopedStaff), "from=" + date + "&to=" + date))).isEmpty();
		List<String> active = this.jdbc
			.sql("SELECT uuid FROM sso_user WHERE status = 'ACTIVE' AND is_superuser = FALSE AND is_staff = FALSE "
					+ "ORDER BY created_at DESC, id DESC")
			.query(String.class)
			.list();
		assertThat(listed(list(superuser, "state=active&tier=person&sort=created&dir=desc&size=25")))
			.containsExactlyElementsOf(active.subList(0, Math.min(25, active.size())));
		if (active.size() > 50) {
			assertThat(listed(list(superuser, "state=active&tier=person&sort=created&dir=desc&size=25&page=1")))
				.containsExactlyElementsOf(active.subList(25, 50));
		}
	}

	@Test
	void keysWhenNamesChangeThenTheSearchFollows() {
		Browser browser = as(this.globalStaff);
		this.provider.fixtures().updateUser(this.b1, (u) -> u.setLastName("Zz" + this.token + "Renamed"));
		assertThat(listed(list(browser, "q=zz" + this.token))).containsExactly(this.b1.getUuid());
		assertThat(listed(list(browser, "q=" + this.token + "lb1"))).isEmpty();
	}

}
