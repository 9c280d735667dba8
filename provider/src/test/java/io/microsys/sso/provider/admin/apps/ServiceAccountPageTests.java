package io.microsys.sso.provider.admin.apps;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service account section of an app's page over real HTTP: it says what the app lacks to use
 * it, saves the grants and the scope (a fresh client-credentials token then acts with exactly
 * those), and refuses, with nothing changed, staff without {@code manage_staff}, a stale page, a
 * permission that is not one, a public app and a scope the actor may not give.
 */
@ProviderIntegrationTest
class ServiceAccountPageTests {

	final Provider provider;

	final JdbcClient jdbc;

	final TestStaff staff;

	final AdminApiCalls api;

	ServiceAccountPageTests(Provider provider) {
		this.provider = provider;
		this.jdbc = provider.context().getBean(JdbcClient.class);
		this.staff = new TestStaff(provider);
		this.api = new AdminApiCalls(provider);
	}

	private String url(String path) {
		return this.provider.origin() + path;
	}

	/** Global staff who may grant service accounts what they hold themselves. */
	private SsoUser granter(Permission... more) {
		SsoUser granter = this.staff.unscoped(Permission.MANAGE_SCOPES, Permission.MANAGE_STAFF,
				Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE);
		this.staff.grant(granter, more);
		return granter;
	}

	private Scope scope() {
		return new TransactionTemplate(this.provider.context().getBean(PlatformTransactionManager.class))
			.execute((status) -> this.provider.context()
				.getBean(ScopeRepository.class)
				.save(new Scope(TestFixtures.unique("scope"))));
	}

	private HttpResponse<String> page(Browser browser, SsoClient app) {
		HttpResponse<String> page = browser.get(url("/sys/clients/" + app.getClientId()));
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		return page;
	}

	/** Posts the section's form as a browser would, with the page's CSRF token and version. */
	private HttpResponse<String> save(Browser browser, HttpResponse<String> page, SsoClient app, String scopeId,
			String... permissions) {
		Document document = Jsoup.parse(page.body());
		List<String> body = new ArrayList<>();
		body.add("_csrf=" + encode(Browser.csrfToken(page)));
		body.add("version=" + encode(document.selectFirst("#service-account-form input[name=version]").attr("value")));
		body.add("scopeId=" + encode(scopeId));
		for (String permission : permissions) {
			body.add("permissions=" + encode(permission));
		}
		return browser.send(HttpRequest.newBuilder(URI.create(url("/sys/clients/" + app.getClientId()
				+ "/service-account")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(String.join("&", body)))
			.build());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private List<String> granted(SsoClient app) {
		return this.jdbc.sql("SELECT permission FROM sso_client_permission WHERE client_id = :id ORDER BY permission")
			.param("id", app.getId())
			.query(String.class)
			.list();
	}

	private Map<String, Object> row(SsoClient app) {
		return this.jdbc.sql("SELECT api_scope_id, version FROM sso_client WHERE id = :id")
			.param("id", app.getId())
			.query()
			.singleRow();
	}

	private List<String> changes(SsoClient app) {
		return this.jdbc
			.sql("SELECT changes FROM sso_audit_event WHERE event_type = 'CLIENT_CHANGED' AND target_id = :client")
			.param("client", app.getClientId())
			.query(String.class)
			.list();
	}

	private static List<String> permissionsOf(AdminApiCalls.Response me) {
		return me.json().get("permissions").valueStream().map((node) -> node.asString()).toList();
	}

	@Test
	void pageWhenAppLacksTheGrantOrScopeThenSaysWhatIsMissingAndPublicAppsHaveNoSection() {
		Browser browser = Pages.signedIn(this.provider.origin(), granter());
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> c.setGrantTypes(List.of("authorization_code")));
		Document document = Jsoup.parse(page(browser, app).body());
		assertThat(document.select("#service-account-missing li").eachAttr("data-missing"))
			.containsExactly("client_credentials", "microsys.admin");
		assertThat(document.getElementById("service-account-missing").text()).contains("client_credentials")
			.contains("microsys.admin");
		assertThat(document.getElementById("service-account-usable")).isNull();

		SsoClient usable = this.api.serviceAccount(null).client();
		assertThat(Jsoup.parse(page(browser, usable).body()).getElementById("service-account-usable")).isNotNull();

		SsoClient publicApp = this.provider.fixtures().publicClient((c) -> {
		});
		assertThat(Jsoup.parse(page(browser, publicApp).body()).getElementById("service-account")).isNull();
	}

	@Test
	void saveWhenGrantedOnThePageThenAFreshTokenActsWithExactlyThoseAndTheChangeIsRecorded() {
		SsoUser granter = granter(Permission.USERS_VIEW, Permission.LOGS_VIEW);
		Browser browser = Pages.signedIn(this.provider.origin(), granter);
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null);
		long version = ((Number) row(account.client()).get("version")).longValue();
		HttpResponse<String> page = page(browser, account.client());
		assertThat(page.body()).contains("id=\"sa-permission-users.view\"")
			.contains("<input type=\"checkbox\" disabled id=\"sa-permission-settings.view\"");

		HttpResponse<String> saved = save(browser, page, account.client(), "", "users.view", "logs.view");
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		assertThat(Browser.location(saved)).contains("/sys/clients/" + account.clientId());
		assertThat(granted(account.client())).containsExactly("logs.view", "users.view");
		assertThat(((Number) row(account.client()).get("version")).longValue()).isEqualTo(version + 1);
		HttpResponse<String> after = page(browser, account.client());
		assertThat(after.body()).contains("The service account was saved.");
		assertThat(Jsoup.parse(after.body()).select("#service-account-form input[name=permissions][checked]")
			.eachAttr("value")).containsExactlyInAnyOrder("users.view", "logs.view");

		AdminApiCalls.Response me = this.api.get(account.token(), "/me");
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("tier").asString()).isEqualTo("global_staff");
		assertThat(permissionsOf(me)).containsExactlyInAnyOrder("users.view", "logs.view");

		await().atMost(Duration.ofSeconds(10)).until(() -> changes(account.client()).size() == 1);
		assertThat(changes(account.client()).get(0)).contains("service_account_permissions")
			.contains("users.view logs.view");
	}

	@Test
	void saveWhenLimitedToAScopeThenTheAccountActsAsScopedStaff() {
		Browser browser = Pages.signedIn(this.provider.origin(), granter(Permission.USERS_VIEW));
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null);
		Scope scope = scope();
		HttpResponse<String> page = page(browser, account.client());
		assertThat(Jsoup.parse(page.body()).select("#scopeId option").eachAttr("value")).contains("",
				String.valueOf(scope.getId()));

		HttpResponse<String> saved = save(browser, page, account.client(), String.valueOf(scope.getId()), "users.view");
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		assertThat(((Number) row(account.client()).get("api_scope_id")).longValue()).isEqualTo(scope.getId());
		AdminApiCalls.Response me = this.api.get(account.token(), "/me");
		assertThat(me.json().get("tier").asString()).isEqualTo("scoped_staff");
		assertThat(me.json().get("scopeId").asLong()).isEqualTo(scope.getId());
	}

	@Test
	void saveWhenStaffLackManageStaffThenShownReadOnlyAndRefusedWithNothingChanged() {
		SsoUser viewer = this.staff.unscoped(Permission.MANAGE_SCOPES, Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE,
				Permission.USERS_VIEW);
		Browser browser = Pages.signedIn(this.provider.origin(), viewer);
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null, Permission.USERS_VIEW);
		Map<String, Object> before = row(account.client());
		HttpResponse<String> page = page(browser, account.client());
		Document document = Jsoup.parse(page.body());
		assertThat(document.getElementById("service-account-form")).isNull();
		assertThat(document.select("#service-account-permissions li").eachAttr("data-permission"))
			.containsExactly("users.view");

		HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(URI.create(url("/sys/clients/"
				+ account.clientId() + "/service-account")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(Browser.csrfToken(page)) + "&version="
					+ before.get("version") + "&scopeId=&permissions=users.view&permissions=clients.view"))
			.build());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(granted(account.client())).containsExactly("users.view");
		assertThat(row(account.client())).isEqualTo(before);
	}

	@Test
	void saveWhenScopedStaffThenOnlyTheirScopeAndNeverAnUnlimitedAccount() {
		Scope own = scope();
		SsoUser scoped = this.provider.fixtures().user((u) -> {
			u.setStaff(true);
			u.setScope(own);
		});
		this.staff.grant(scoped, Permission.MANAGE_STAFF, Permission.CLIENTS_VIEW, Permission.CLIENTS_CHANGE,
				Permission.USERS_VIEW);
		Browser browser = Pages.signedIn(this.provider.origin(), scoped);
		AdminApiCalls.ServiceAccount unlimited = this.api.serviceAccount(null);
		assertThat(Jsoup.parse(page(browser, unlimited.client()).body()).getElementById("service-account-form"))
			.isNull();

		AdminApiCalls.ServiceAccount limited = this.api.serviceAccount(own.getId());
		HttpResponse<String> page = page(browser, limited.client());
		assertThat(Jsoup.parse(page.body()).select("#scopeId option").eachAttr("value"))
			.containsExactly(String.valueOf(own.getId()));
		HttpResponse<String> widened = save(browser, page, limited.client(), "", "users.view");
		assertThat(widened.statusCode()).isEqualTo(403);
		assertThat(granted(limited.client())).isEmpty();
		assertThat(row(limited.client()).get("api_scope_id")).isNotNull();

		HttpResponse<String> saved = save(browser, page, limited.client(), String.valueOf(own.getId()), "users.view");
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
		assertThat(granted(limited.client())).containsExactly("users.view");
	}

	@Test
	void saveWhenInputIsBadOrThePageStaleThenNothingChanged() {
		Browser browser = Pages.signedIn(this.provider.origin(), granter(Permission.USERS_VIEW));
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null);
		HttpResponse<String> page = page(browser, account.client());
		Map<String, Object> before = row(account.client());

		HttpResponse<String> unknown = save(browser, page, account.client(), "", "users.fly");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(unknown.body()).getElementById("permissions-error")).isNotNull();

		HttpResponse<String> noScope = save(browser, page, account.client(), "999999999", "users.view");
		assertThat(noScope.statusCode()).isEqualTo(400);
		assertThat(Jsoup.parse(noScope.body()).getElementById("scopeId-error").text())
			.isEqualTo("Choose a scope from the list.");

		HttpResponse<String> manageStaff = save(browser, page, account.client(), "", "manage_staff");
		assertThat(manageStaff.statusCode()).isEqualTo(403);
		assertThat(granted(account.client())).isEmpty();
		assertThat(row(account.client())).isEqualTo(before);

		this.jdbc.sql("UPDATE sso_client SET version = version + 1 WHERE id = :id").param("id", account.client().getId())
			.update();
		HttpResponse<String> stale = save(browser, page, account.client(), "", "users.view");
		assertThat(stale.statusCode()).isEqualTo(302);
		assertThat(browser.followWithin(stale, this.provider.origin()).body())
			.contains("Someone changed this app meanwhile");
		assertThat(granted(account.client())).isEmpty();
		assertThat(changes(account.client())).isEmpty();
	}

	@Test
	void saveWhenAppIsPublicThenReadableRefusal() {
		Browser browser = Pages.signedIn(this.provider.origin(), granter(Permission.USERS_VIEW));
		AdminApiCalls.ServiceAccount account = this.api.serviceAccount(null);
		HttpResponse<String> page = page(browser, account.client());
		// Made public by someone else without moving the version: the save still finds it public.
		this.jdbc.sql("UPDATE sso_client SET secret_hash = NULL WHERE id = :id").param("id", account.client().getId())
			.update();
		HttpResponse<String> refused = save(browser, page, account.client(), "", "users.view");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("A public app cannot have a service account");
		assertThat(granted(account.client())).isEmpty();
	}

}
