package io.microsys.sso.provider.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.ConsoleAccess.Reach;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.support.ConsoleControllersOnly;
import io.microsys.sso.provider.support.ConsoleServiceMocks;
import io.microsys.sso.provider.support.PageSliceTest;
import io.microsys.sso.provider.support.SignedInAs.Kind;
import io.microsys.sso.provider.support.SignedInAsSecurityContextFactory;
import io.microsys.sso.provider.support.TestAppAdmins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Who reaches which console route: every {@code /sys} route × method (the table {@link #ROUTES},
 * with the area and action each one needs, written by hand) × every kind of person, as one
 * parameterized test through the real application chain and the console's check. A route the
 * application serves without a row here fails {@link #everyConsoleRouteHasARow()}, so a new page
 * cannot be added without deciding who may open it.
 * <p>
 * A request that passes every check is answered {@value #REACHED} by a last interceptor instead of
 * the handler, so the table shows the authorization alone: the handlers' own checks on one target
 * (a person outside the actor's scope is a 404) are tested with real data in each area's tests.
 */
@PageSliceTest(excludeFilters = @Filter(type = FilterType.CUSTOM, classes = ConsoleControllersOnly.class))
@Import({ ConsoleAuthorizationMatrixTests.StopBeforeHandler.class, ConsoleServiceMocks.class })
class ConsoleAuthorizationMatrixTests {

	/** The status of a request that reached the handler. */
	static final int REACHED = 299;

	private static final String UUID = "0b3f7bb6-2a8e-4f7e-9f7e-4d1c2b3a4f5e";

	/** The app whose members pages the rows open (its admin is {@link Who#APP_ADMIN_OF_X}). */
	private static final String CLIENT_X = "wiki";

	private static final String APP_X = "/sys/clients/" + CLIENT_X;

	private static final String MEMBERS = "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/members";

	private static final String INVITATIONS = "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/invitations";

	/** Every console route: method, the pattern as mapped, a path for it, and what it needs. */
	static final List<Route> ROUTES = List.of(
			// The start page: any staff member.
			Route.open(HttpMethod.GET, "/sys", "/sys"),
			Route.open(HttpMethod.GET, "/sys/", "/sys/"),
			// People.
			Route.of(HttpMethod.GET, "/sys/users", "/sys/users", Area.USERS, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/users/export.csv", "/sys/users/export.csv", Area.USERS, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/users/new", "/sys/users/new", Area.USERS, Action.ADD),
			Route.of(HttpMethod.POST, "/sys/users", "/sys/users", Area.USERS, Action.ADD),
			Route.of(HttpMethod.GET, "/sys/users/{uuid}", "/sys/users/" + UUID, Area.USERS, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}", "/sys/users/" + UUID, Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/deactivate", "/sys/users/" + UUID + "/deactivate",
					Area.USERS, Action.DELETE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/reactivate", "/sys/users/" + UUID + "/reactivate",
					Area.USERS, Action.DELETE),
			Route.of(HttpMethod.GET, "/sys/users/{uuid}/activity", "/sys/users/" + UUID + "/activity",
					Area.USERS, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/users/{uuid}/apps", "/sys/users/" + UUID + "/apps", Area.USERS, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/apps/add", "/sys/users/" + UUID + "/apps/add",
					Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/apps/role", "/sys/users/" + UUID + "/apps/role",
					Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/apps/active", "/sys/users/" + UUID + "/apps/active",
					Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/apps/remove", "/sys/users/" + UUID + "/apps/remove",
					Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.GET, "/sys/users/{uuid}/security", "/sys/users/" + UUID + "/security",
					Area.USERS, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/security/reset-link", "/sys/users/" + UUID + "/security/reset-link",
					Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/security/temporary-password", "/sys/users/" + UUID + "/security/temporary-password",
					Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/security/two-step/reset", "/sys/users/" + UUID + "/security/two-step/reset",
					Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/security/unblock", "/sys/users/" + UUID + "/security/unblock",
					Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/security/sessions/end", "/sys/users/" + UUID + "/security/sessions/end",
					Area.USERS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/users/{uuid}/security/sessions/end-all", "/sys/users/" + UUID + "/security/sessions/end-all",
					Area.USERS, Action.CHANGE),
			// Scopes: global staff and superusers only.
			Route.of(HttpMethod.GET, "/sys/scopes", "/sys/scopes", Area.SCOPES, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/scopes/new", "/sys/scopes/new", Area.SCOPES, Action.ADD),
			Route.of(HttpMethod.POST, "/sys/scopes", "/sys/scopes", Area.SCOPES, Action.ADD),
			Route.of(HttpMethod.GET, "/sys/scopes/{id:\\d{1,18}}", "/sys/scopes/5", Area.SCOPES, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/scopes/{id:\\d{1,18}}", "/sys/scopes/5", Area.SCOPES, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/scopes/{id:\\d{1,18}}/delete", "/sys/scopes/5/delete",
					Area.SCOPES, Action.DELETE),
			Route.of(HttpMethod.POST, "/sys/scopes/system", "/sys/scopes/system", Area.SCOPES, Action.CHANGE),
			// Groups.
			Route.of(HttpMethod.GET, "/sys/groups", "/sys/groups", Area.GROUPS, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/groups/new", "/sys/groups/new", Area.GROUPS, Action.ADD),
			Route.of(HttpMethod.POST, "/sys/groups", "/sys/groups", Area.GROUPS, Action.ADD),
			Route.of(HttpMethod.GET, "/sys/groups/{id:\\d{1,18}}", "/sys/groups/5", Area.GROUPS, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/groups/{id:\\d{1,18}}", "/sys/groups/5", Area.GROUPS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/groups/{id:\\d{1,18}}/delete", "/sys/groups/5/delete",
					Area.GROUPS, Action.DELETE),
			Route.of(HttpMethod.GET, "/sys/groups/{id:\\d{1,18}}/members", "/sys/groups/5/members",
					Area.GROUPS, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/groups/{id:\\d{1,18}}/members", "/sys/groups/5/members",
					Area.GROUPS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/groups/{id:\\d{1,18}}/members/{uuid}/remove", "/sys/groups/5/members/" + UUID + "/remove",
					Area.GROUPS, Action.CHANGE),
			// Apps (CLIENTS): the list, creating, the app's page, editing, its secret, state and deletion.
			Route.of(HttpMethod.GET, "/sys/clients", "/sys/clients", Area.CLIENTS, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/clients/new", "/sys/clients/new", Area.CLIENTS, Action.ADD),
			Route.of(HttpMethod.POST, "/sys/clients", "/sys/clients", Area.CLIENTS, Action.ADD),
			Route.of(HttpMethod.GET, "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}", "/sys/clients/wiki",
					Area.CLIENTS, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/edit", "/sys/clients/wiki/edit",
					Area.CLIENTS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/edit", "/sys/clients/wiki/edit",
					Area.CLIENTS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/secret", "/sys/clients/wiki/secret",
					Area.CLIENTS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/service-account",
					"/sys/clients/wiki/service-account", Area.CLIENTS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/deactivate",
					"/sys/clients/wiki/deactivate", Area.CLIENTS, Action.DELETE),
			Route.of(HttpMethod.POST, "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/activate",
					"/sys/clients/wiki/activate", Area.CLIENTS, Action.DELETE),
			Route.of(HttpMethod.POST, "/sys/clients/{clientId:[A-Za-z0-9._~-]{1,100}}/delete", "/sys/clients/wiki/delete",
					Area.CLIENTS, Action.DELETE),
			// Registrations and invitations.
			Route.of(HttpMethod.GET, "/sys/registrations", "/sys/registrations", Area.REGISTRATIONS, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/registrations/{uuid}/approve", "/sys/registrations/" + UUID + "/approve",
					Area.REGISTRATIONS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/registrations/{uuid}/reject", "/sys/registrations/" + UUID + "/reject",
					Area.REGISTRATIONS, Action.CHANGE),
			Route.of(HttpMethod.GET, "/sys/invitations", "/sys/invitations", Area.REGISTRATIONS, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/invitations", "/sys/invitations", Area.REGISTRATIONS, Action.ADD),
			Route.of(HttpMethod.POST, "/sys/invitations/{id}/resend", "/sys/invitations/5/resend",
					Area.REGISTRATIONS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/invitations/{id}/revoke", "/sys/invitations/5/revoke",
					Area.REGISTRATIONS, Action.DELETE),
			// The activity log.
			Route.of(HttpMethod.GET, "/sys/logs", "/sys/logs", Area.LOGS, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/logs/{id:[0-9]{1,18}}", "/sys/logs/5", Area.LOGS, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/logs/export.csv", "/sys/logs/export.csv", Area.LOGS, Action.VIEW),
			Route.of(HttpMethod.GET, "/sys/logs/export.jsonl", "/sys/logs/export.jsonl", Area.LOGS, Action.VIEW),
			// Settings.
			Route.of(HttpMethod.GET, "/sys/settings", "/sys/settings", Area.SETTINGS, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/settings", "/sys/settings", Area.SETTINGS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/settings/branding", "/sys/settings/branding",
					Area.SETTINGS, Action.CHANGE),
			// An app's members and invitations: clients.view / clients.change, or an admin of that app.
			Route.forAppAdmins(HttpMethod.GET, MEMBERS, APP_X + "/members", Action.VIEW),
			Route.forAppAdmins(HttpMethod.POST, MEMBERS, APP_X + "/members", Action.CHANGE),
			Route.forAppAdmins(HttpMethod.POST, MEMBERS + "/bulk", APP_X + "/members/bulk", Action.CHANGE),
			Route.forAppAdmins(HttpMethod.POST, MEMBERS + "/{uuid:[0-9a-fA-F-]{36}}/role",
					APP_X + "/members/" + UUID + "/role", Action.CHANGE),
			Route.forAppAdmins(HttpMethod.POST, MEMBERS + "/{uuid:[0-9a-fA-F-]{36}}/remove",
					APP_X + "/members/" + UUID + "/remove", Action.CHANGE),
			Route.forAppAdmins(HttpMethod.GET, INVITATIONS, APP_X + "/invitations", Action.VIEW),
			Route.forAppAdmins(HttpMethod.POST, INVITATIONS, APP_X + "/invitations", Action.CHANGE),
			Route.forAppAdmins(HttpMethod.POST, INVITATIONS + "/{id:\\d{1,18}}/resend", APP_X + "/invitations/5/resend",
					Action.CHANGE),
			Route.forAppAdmins(HttpMethod.POST, INVITATIONS + "/{id:\\d{1,18}}/revoke", APP_X + "/invitations/5/revoke",
					Action.CHANGE),
			// Settings export (every scope, group and app: global staff and superusers) and import
			// (changes what groups grant and every app: superusers only).
			Route.of(HttpMethod.GET, "/sys/settings/export", "/sys/settings/export", Area.SETTINGS, Action.VIEW,
					Reach.GLOBAL_STAFF),
			Route.of(HttpMethod.GET, "/sys/settings/import", "/sys/settings/import", Area.SETTINGS, Action.CHANGE,
					Reach.SUPERUSERS),
			Route.of(HttpMethod.POST, "/sys/settings/import", "/sys/settings/import", Area.SETTINGS, Action.CHANGE,
					Reach.SUPERUSERS),
			Route.of(HttpMethod.POST, "/sys/settings/import/apply", "/sys/settings/import/apply", Area.SETTINGS,
					Action.CHANGE, Reach.SUPERUSERS),
			// Settings: security and client address.
			Route.of(HttpMethod.POST, "/sys/settings/security", "/sys/settings/security", Area.SETTINGS,
					Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/settings/network", "/sys/settings/network", Area.SETTINGS,
					Action.CHANGE),
			// Email delivery settings.
			Route.of(HttpMethod.GET, "/sys/settings/mail", "/sys/settings/mail", Area.SETTINGS, Action.VIEW),
			Route.of(HttpMethod.POST, "/sys/settings/mail", "/sys/settings/mail", Area.SETTINGS, Action.CHANGE),
			Route.of(HttpMethod.POST, "/sys/settings/mail/test", "/sys/settings/mail/test", Area.SETTINGS,
					Action.CHANGE));

	@Autowired
	private MockMvc mvc;

	@Autowired
	private RequestMappingHandlerMapping mappings;

	/** The kinds of person each route is tried with. */
	enum Who {

		/** Not signed in: sent to sign in. */
		ANONYMOUS,
		/** Not staff, though holding every permission: refused. */
		PERSON_WITH_EVERY_PERMISSION,
		/** Central staff holding no permission. */
		STAFF_WITHOUT_PERMISSIONS,
		/** Central staff holding every permission but the route's. */
		STAFF_WITH_ALL_BUT_THIS,
		/** Central staff holding exactly the route's permission. */
		CENTRAL_STAFF_WITH_THIS,
		/** Scoped staff holding exactly the route's permission. */
		SCOPED_STAFF_WITH_THIS,
		/** Global staff holding exactly the route's permission. */
		GLOBAL_STAFF_WITH_THIS,
		/** A superuser, holding nothing explicitly. */
		SUPERUSER,
		/** Not staff, an admin of app X (the one the app-admin rows name): those rows only. */
		APP_ADMIN_OF_X,
		/** Not staff, an admin of another app: nothing of app X. */
		APP_ADMIN_OF_Y,
		/** Not staff, a plain member of app X: nothing. */
		MEMBER_OF_X

	}

	/**
	 * A console route, the permission it needs (none: any staff member), the tiers it is open to
	 * besides ({@link Reach#ANY_STAFF} for most), and whether the app's admins reach it too.
	 */
	record Route(HttpMethod method, String pattern, String path, Permission permission, Reach reach,
			boolean appAdmins) {

		static Route of(HttpMethod method, String pattern, String path, Area area, Action action) {
			return of(method, pattern, path, area, action, Reach.ANY_STAFF);
		}

		static Route of(HttpMethod method, String pattern, String path, Area area, Action action, Reach reach) {
			return new Route(method, pattern, path, Permission.of(area, action), reach, false);
		}

		static Route open(HttpMethod method, String pattern, String path) {
			return new Route(method, pattern, path, null, Reach.ANY_STAFF, false);
		}

		/** A page of app X's members: {@code clients.<action>}, or being an admin of app X. */
		static Route forAppAdmins(HttpMethod method, String pattern, String path, Action action) {
			return new Route(method, pattern, path, Permission.of(Area.CLIENTS, action), Reach.ANY_STAFF, true);
		}

		String key() {
			return this.method.name() + " " + this.pattern;
		}

		/** The expected status for this person: the table's rule, spelled out. */
		int expected(Who who) {
			boolean globalOnly = (this.permission != null && this.permission.area() == Area.SCOPES)
					|| this.reach != Reach.ANY_STAFF;
			return switch (who) {
				case ANONYMOUS -> HttpStatus.FOUND.value();
				case PERSON_WITH_EVERY_PERMISSION -> HttpStatus.FORBIDDEN.value();
				case STAFF_WITHOUT_PERMISSIONS, STAFF_WITH_ALL_BUT_THIS ->
					(this.permission == null) ? REACHED : HttpStatus.FORBIDDEN.value();
				case CENTRAL_STAFF_WITH_THIS, SCOPED_STAFF_WITH_THIS ->
					globalOnly ? HttpStatus.FORBIDDEN.value() : REACHED;
				case GLOBAL_STAFF_WITH_THIS -> (this.reach == Reach.SUPERUSERS) ? HttpStatus.FORBIDDEN.value() : REACHED;
				case SUPERUSER -> REACHED;
				case APP_ADMIN_OF_X -> this.appAdmins ? REACHED : HttpStatus.FORBIDDEN.value();
				case APP_ADMIN_OF_Y, MEMBER_OF_X -> HttpStatus.FORBIDDEN.value();
			};
		}

	}

	static Stream<org.junit.jupiter.params.provider.Arguments> cases() {
		return ROUTES.stream()
			.flatMap((route) -> Arrays.stream(Who.values())
				.map((who) -> org.junit.jupiter.params.provider.Arguments.of(route.key(), who, route)));
	}

	@ParameterizedTest(name = "{0} as {1}")
	@MethodSource("cases")
	void routeAnswersAsTheTableSays(String key, Who who, Route route) throws Exception {
		MockHttpServletRequestBuilder request = request(route.method(), route.path());
		if (route.method() != HttpMethod.GET) {
			request = request.with(csrf());
		}
		UsernamePasswordAuthenticationToken person = person(who, route.permission());
		if (person != null) {
			request = request.with(authentication(person));
		}
		MvcResult result = this.mvc.perform(request).andReturn();
		int status = result.getResponse().getStatus();
		assertThat(status).as("%s as %s", key, who).isEqualTo(route.expected(who));
		if (status == HttpStatus.FOUND.value()) {
			assertThat(result.getResponse().getRedirectedUrl()).contains("/accounts/login");
		}
	}

	@Test
	void everyConsoleRouteHasARow() {
		Set<String> served = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<String> patterns = info.getPatternValues();
			Set<org.springframework.web.bind.annotation.RequestMethod> methods = info.getMethodsCondition()
				.getMethods();
			for (String pattern : patterns) {
				if (ConsoleControllersOnly.isConsolePath(pattern)) {
					if (methods.isEmpty()) {
						served.add("ANY " + pattern);
					}
					methods.forEach((method) -> served.add(method.name() + " " + pattern));
				}
			}
		}
		Set<String> tabled = new TreeSet<>();
		ROUTES.forEach((route) -> tabled.add(route.key()));
		assertThat(tabled).as("rows of the table").containsExactlyInAnyOrderElementsOf(served);
	}

	private static UsernamePasswordAuthenticationToken person(Who who, Permission permission) {
		Set<Permission> every = EnumSet.allOf(Permission.class);
		Set<Permission> allButThis = EnumSet.allOf(Permission.class);
		if (permission != null) {
			allButThis.remove(permission);
		}
		Permission[] exactly = (permission != null) ? new Permission[] { permission } : new Permission[0];
		return switch (who) {
			case ANONYMOUS -> null;
			case PERSON_WITH_EVERY_PERMISSION -> SignedInAsSecurityContextFactory.authentication(Kind.USER,
					every.toArray(Permission[]::new));
			case STAFF_WITHOUT_PERMISSIONS -> SignedInAsSecurityContextFactory.authentication(Kind.STAFF);
			case STAFF_WITH_ALL_BUT_THIS -> SignedInAsSecurityContextFactory.authentication(Kind.STAFF,
					without(allButThis, Permission.MANAGE_SCOPES));
			case CENTRAL_STAFF_WITH_THIS -> SignedInAsSecurityContextFactory.authentication(Kind.STAFF, exactly);
			case SCOPED_STAFF_WITH_THIS -> SignedInAsSecurityContextFactory.authentication(Kind.SCOPED_STAFF, exactly);
			case GLOBAL_STAFF_WITH_THIS -> SignedInAsSecurityContextFactory.authentication(Kind.GLOBAL_STAFF, exactly);
			case SUPERUSER -> SignedInAsSecurityContextFactory.authentication(Kind.SUPERUSER);
			case APP_ADMIN_OF_X -> SignedInAsSecurityContextFactory.authentication(Kind.USER,
					TestAppAdmins.username(CLIENT_X));
			case APP_ADMIN_OF_Y -> SignedInAsSecurityContextFactory.authentication(Kind.USER,
					TestAppAdmins.username("other-app"));
			case MEMBER_OF_X -> SignedInAsSecurityContextFactory.authentication(Kind.USER, "member-of-" + CLIENT_X);
		};
	}

	/** Central staff stay central: without manage_scopes, which would make them global staff. */
	private static Permission[] without(Set<Permission> permissions, Permission left) {
		List<Permission> kept = new ArrayList<>(permissions);
		kept.remove(left);
		return kept.toArray(Permission[]::new);
	}

	/** Answers {@value #REACHED} in place of the handler, once every check before it passed. */
	@TestConfiguration(proxyBeanMethods = false)
	static class StopBeforeHandler implements WebMvcConfigurer {

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(new HandlerInterceptor() {

				@Override
				public boolean preHandle(jakarta.servlet.http.HttpServletRequest request,
						jakarta.servlet.http.HttpServletResponse response, Object handler) {
					response.setStatus(REACHED);
					return false;
				}

			}).order(Ordered.LOWEST_PRECEDENCE);
		}

	}

}
