package io.microsys.sso.provider.scim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import de.captaingoldfish.scim.sdk.client.ScimRequestBuilder;
import de.captaingoldfish.scim.sdk.client.resources.MetaConfiguration;
import de.captaingoldfish.scim.sdk.client.response.ServerResponse;
import de.captaingoldfish.scim.sdk.common.constants.EndpointPaths;
import de.captaingoldfish.scim.sdk.common.constants.enums.Comparator;
import de.captaingoldfish.scim.sdk.common.constants.enums.PatchOp;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.Name;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Email;
import de.captaingoldfish.scim.sdk.common.response.ListResponse;
import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.admin.members.AppMembers;
import io.microsys.sso.provider.admin.users.PeopleProvisioning;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;
import io.microsys.sso.provider.support.TestOutbox;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SCIM server's {@code /Users} over real HTTP, called with the SCIM SDK's own client and a
 * service account's token: people created, filtered, sorted, paged, patched, deactivated and given
 * app memberships through the console's services, which the console and the next token then show;
 * a scoped service account stays in its scope; missing permissions are 403, stale ETags 412.
 */
@ProviderIntegrationTest
class ScimUsersTests {

	static final String EXTENSION = "urn:ietf:params:scim:schemas:extension:microsys:2.0:User";

	final Provider provider;

	final AdminApiCalls api;

	final TestStaff staff;

	final JdbcClient jdbc;

	final ScimClients clients;

	ScimUsersTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.staff = new TestStaff(provider);
		this.jdbc = provider.context().getBean(JdbcClient.class);
		this.clients = new ScimClients(provider);
	}

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@Test
	void createWhenAllowedThenConsoleShowsPersonAndNextTokenCarriesTheRole() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		ScimRequestBuilder scim = client(Permission.USERS_VIEW, Permission.USERS_ADD, Permission.USERS_CHANGE);
		String username = TestFixtures.unique("scim");
		User user = User.builder()
			.userName(username)
			.name(Name.builder().givenName("Ada").familyName("Lovelace").build())
			.emails(List.of(Email.builder().value(username + "@example.org").primary(true).build()))
			.password(TestFixtures.PASSWORD)
			.build();
		user.set(EXTENSION, extension(app.getClientId(), "staff"));
		user.addSchema(EXTENSION);

		ServerResponse<User> created = scim.create(User.class, EndpointPaths.USERS).setResource(user).sendRequest();

		assertThat(created.getHttpStatus()).as(created.getResponseBody()).isEqualTo(201);
		User answer = created.getResource();
		String id = answer.getId().orElseThrow();
		assertThat(answer.getMeta().orElseThrow().getVersion()).isPresent();
		assertThat(answer.getMeta().orElseThrow().getLastModified()).isPresent();
		assertThat(answer.getName().orElseThrow().getGivenName()).contains("Ada");
		assertThat(answer.get(EXTENSION).get("apps").get(0).get("role").asText()).isEqualTo("staff");
		PeopleProvisioning.Person inConsole = this.provider.context()
			.getBean(PeopleProvisioning.class)
			.find(this.provider.context().getBean(Actors.class).of(this.staff.superuser()), id);
		assertThat(inConsole.username()).isEqualTo(username);
		assertThat(inConsole.email()).isEqualTo(username + "@example.org");
		assertThat(inConsole.lastName()).isEqualTo("Lovelace");
		assertThat(role(app, username)).isEqualTo("staff");

		ObjectNode admin = extension(app.getClientId(), "admin");
		ServerResponse<User> patched = scim.patch(User.class, EndpointPaths.USERS, id)
			.addOperation()
			.op(PatchOp.REPLACE)
			.path(EXTENSION + ":apps")
			.valueNode(admin.get("apps"))
			.build()
			.sendRequest();
		assertThat(patched.getHttpStatus()).as(patched.getResponseBody()).isEqualTo(200);
		assertThat(role(app, username)).isEqualTo("admin");
	}

	@Test
	void listFiltersSortsAndPagesInTheDatabase() {
		String prefix = TestFixtures.unique("flt").toLowerCase();
		for (String letter : List.of("a", "b", "c", "d", "e")) {
			this.provider.fixtures().user((u) -> {
				u.setUsername(prefix + "-" + letter);
				u.setEmail(prefix + "-" + letter + "@" + (letter.equals("c") ? "corp" : "mail") + ".example");
				u.setFirstName(letter.toUpperCase());
				u.setLastName(letter.equals("e") ? null : "Family");
			});
		}
		ScimRequestBuilder scim = client(Permission.USERS_VIEW);

		assertThat(usernames(list(scim, "userName eq \"" + prefix + "-b\"", null, null, null, null)))
			.containsExactly(prefix + "-b");
		assertThat(usernames(list(scim, "userName sw \"" + prefix + "\"", null, null, null, null))).hasSize(5);
		assertThat(usernames(list(scim, "emails co \"" + prefix + "-c@corp\"", null, null, null, null)))
			.containsExactly(prefix + "-c");
		assertThat(usernames(list(scim, "emails.value eq \"" + prefix.toUpperCase() + "-D@MAIL.EXAMPLE\"", null,
				null, null, null)))
			.containsExactly(prefix + "-d");
		assertThat(usernames(list(scim,
				"userName sw \"" + prefix + "\" and (name.givenName eq \"A\" or name.givenName eq \"C\")", "userName",
				SortOrder.ASCENDING, null, null)))
			.containsExactly(prefix + "-a", prefix + "-c");
		assertThat(usernames(list(scim, "userName sw \"" + prefix + "\" and not (name.familyName pr)", null, null,
				null, null)))
			.containsExactly(prefix + "-e");
		assertThat(usernames(list(scim, "userName sw \"" + prefix + "\" and meta.created gt \"2000-01-01T00:00:00Z\"",
				null, null, null, null)))
			.hasSize(5);

		ListResponse<User> page = list(scim, "userName sw \"" + prefix + "\"", "userName", SortOrder.DESCENDING, 2L,
				2);
		assertThat(page.getTotalResults()).isEqualTo(5);
		assertThat(usernames(page)).containsExactly(prefix + "-d", prefix + "-c");

		ServerResponse<ListResponse<User>> unsupported = scim.list(User.class, EndpointPaths.USERS)
			.filter("nickName eq \"x\"")
			.get()
			.sendRequest();
		assertThat(unsupported.getHttpStatus()).as(unsupported.getResponseBody()).isEqualTo(400);
	}

	@Test
	void listWhenMoreThan500MatchThenAPageHolds500AndTotalResultsCountsThemAll() {
		Scope own = this.provider.context()
			.getBean(ScopeRepository.class)
			.save(new Scope(TestFixtures.unique("many")));
		String prefix = TestFixtures.unique("many").toLowerCase();
		for (int i = 0; i < 503; i++) {
			String username = prefix + "-" + i;
			this.provider.fixtures().user((u) -> {
				u.setUsername(username);
				u.setScope(own);
			});
		}
		ScimRequestBuilder scim = client(own.getId(), Permission.USERS_VIEW);

		ListResponse<User> first = list(scim, null, null, null, 1L, 5000);
		ListResponse<User> rest = list(scim, null, null, null, 501L, 5000);

		assertThat(first.getTotalResults()).isEqualTo(503);
		assertThat(first.getListedResources()).hasSize(500);
		assertThat(first.getItemsPerPage()).isEqualTo(500);
		assertThat(rest.getTotalResults()).isEqualTo(503);
		assertThat(rest.getListedResources()).hasSize(3);
		assertThat(usernames(first)).doesNotContainAnyElementsOf(usernames(rest));
	}

	@Test
	void metaDatesAreListedAsReadAndComparedAsInstantsWhateverTheOffset() {
		String prefix = TestFixtures.unique("when").toLowerCase();
		SsoUser person = this.provider.fixtures().user((u) -> u.setUsername(prefix + "-a"));
		ScimRequestBuilder scim = client(Permission.USERS_VIEW, Permission.USERS_CHANGE);
		User read = scim.get(User.class, EndpointPaths.USERS, person.getUuid()).sendRequest().getResource();
		Instant created = read.getMeta().orElseThrow().getCreated().orElseThrow();
		Instant modified = read.getMeta().orElseThrow().getLastModified().orElseThrow();
		String mine = "userName eq \"" + person.getUsername() + "\"";

		ListResponse<User> listed = list(scim, mine, null, null, null, null);
		assertThat(listed.getListedResources()).singleElement()
			.satisfies((user) -> assertThat(user.getMeta().orElseThrow().getCreated().orElseThrow())
				.isEqualTo(created));

		String createdAtPlus2 = created.atOffset(ZoneOffset.ofHours(2)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		assertThat(createdAtPlus2).endsWith("+02:00");
		assertThat(usernames(list(scim, mine + " and meta.created eq \"" + createdAtPlus2 + "\"", null, null, null,
				null)))
			.containsExactly(person.getUsername());
		assertThat(usernames(list(scim, mine + " and meta.created ne \"" + createdAtPlus2 + "\"", null, null, null,
				null)))
			.isEmpty();
		assertThat(usernames(list(scim, mine + " and meta.created ge \"" + createdAtPlus2 + "\"", null, null, null,
				null)))
			.containsExactly(person.getUsername());
		ServerResponse<ListResponse<User>> unparsable = scim.list(User.class, EndpointPaths.USERS)
			.filter("meta.lastModified eq \"yesterday\"")
			.get()
			.sendRequest();
		assertThat(unparsable.getHttpStatus()).as(unparsable.getResponseBody()).isEqualTo(400);
		assertThat(unparsable.getErrorResponse().getScimType()).contains("invalidFilter");

		ServerResponse<User> changed = scim.patch(User.class, EndpointPaths.USERS, person.getUuid())
			.addOperation()
			.op(PatchOp.REPLACE)
			.path("name.givenName")
			.value("Changed")
			.build()
			.sendRequest();
		assertThat(changed.getHttpStatus()).as(changed.getResponseBody()).isEqualTo(200);
		String since = modified.minusMillis(1).atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		assertThat(usernames(list(scim, "userName sw \"" + prefix + "\" and meta.lastModified gt \"" + since + "\"",
				null, null, null, null)))
			.containsExactly(person.getUsername());
	}

	@Test
	void createWhenALaterStepIsRefusedThenNoOneIsCreatedAndNoMailSent() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		TestOutbox outbox = TestOutbox.mark(this.provider.context().getBean(JdbcTemplate.class));
		String deactivated = TestFixtures.unique("off");
		String unseen = TestFixtures.unique("unseen");
		String withApps = TestFixtures.unique("apps");
		String unknownApp = TestFixtures.unique("noapp");

		ServerResponse<User> withoutDelete = client(Permission.USERS_ADD, Permission.USERS_VIEW)
			.create(User.class, EndpointPaths.USERS)
			.setResource(newPerson(deactivated, null, false))
			.sendRequest();
		ServerResponse<User> withoutView = client(Permission.USERS_ADD)
			.create(User.class, EndpointPaths.USERS)
			.setResource(newPerson(unseen, null, null))
			.sendRequest();
		ServerResponse<User> withoutChange = client(Permission.USERS_ADD, Permission.USERS_VIEW)
			.create(User.class, EndpointPaths.USERS)
			.setResource(newPerson(withApps, app.getClientId(), null))
			.sendRequest();
		ServerResponse<User> noSuchApp = client(Permission.USERS_ADD, Permission.USERS_VIEW, Permission.USERS_CHANGE)
			.create(User.class, EndpointPaths.USERS)
			.setResource(newPerson(unknownApp, "no-such-app-" + unknownApp, null))
			.sendRequest();

		assertThat(withoutDelete.getHttpStatus()).as(withoutDelete.getResponseBody()).isEqualTo(403);
		assertThat(withoutView.getHttpStatus()).as(withoutView.getResponseBody()).isEqualTo(403);
		assertThat(withoutChange.getHttpStatus()).as(withoutChange.getResponseBody()).isEqualTo(403);
		assertThat(noSuchApp.getHttpStatus()).as(noSuchApp.getResponseBody()).isEqualTo(400);
		outbox.awaitDone();
		for (String username : List.of(deactivated, unseen, withApps, unknownApp)) {
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM sso_user WHERE username_key = :key")
				.param("key", SsoUser.key(username))
				.query(Long.class)
				.single()).as(username).isZero();
			assertThat(TestMail.to(username + "@example.org")).as(username).isEmpty();
		}
	}

	@Test
	void putWhenAMembershipWasAddedSinceTheReadThenPreconditionFailedAndTheMembershipStays() {
		SsoClient added = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoClient sent = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoUser person = this.provider.fixtures().user((u) -> u.setFirstName("Before"));
		ScimRequestBuilder scim = client(Permission.USERS_VIEW, Permission.USERS_CHANGE);
		User read = scim.get(User.class, EndpointPaths.USERS, person.getUuid()).sendRequest().getResource();
		String etag = read.getMeta().orElseThrow().getVersion().orElseThrow().getEntityTag();

		AppMembers.Result meanwhile = this.provider.context()
			.getBean(AppMembers.class)
			.add(this.provider.context().getBean(Actors.class).of(this.staff.superuser()), added.getClientId(),
					person.getUsername(), MembershipRole.USER);
		assertThat(meanwhile.isDone()).as(meanwhile.error()).isTrue();

		// The memberships as the client would have them: only the app it knows of, so the other one would go.
		read.setName(Name.builder().givenName("After").build());
		read.set(EXTENSION, extension(sent.getClientId(), "user"));
		read.addSchema(EXTENSION);
		ServerResponse<User> put = scim.update(User.class, EndpointPaths.USERS, person.getUuid())
			.setResource(read)
			.setETagForIfMatch(etag)
			.sendRequest();

		assertThat(put.getHttpStatus()).as(put.getResponseBody()).isEqualTo(412);
		assertThat(appsOf(person)).containsExactly(added.getClientId());
		assertThat(users().findByUuid(person.getUuid()).orElseThrow().getFirstName()).isEqualTo("Before");
		User again = scim.get(User.class, EndpointPaths.USERS, person.getUuid()).sendRequest().getResource();
		assertThat(again.getMeta().orElseThrow().getVersion().orElseThrow().getEntityTag()).isNotEqualTo(etag);
	}

	@Test
	void patchesWhenSentAtOnceWithTheSameIfMatchThenExactlyOneGoesAheadAndOnlyItsAppsAreStored() throws Exception {
		int threads = 8;
		SsoUser person = this.provider.fixtures().user();
		List<SsoClient> apps = IntStream.range(0, threads)
			.mapToObj((i) -> this.provider.fixtures().confidentialClient((c) -> {
			}))
			.toList();
		String token = this.api.serviceAccount(null, Permission.USERS_VIEW, Permission.USERS_CHANGE).token();
		List<ScimRequestBuilder> scims = IntStream.range(0, threads).mapToObj((i) -> this.clients.with(token)).toList();
		String etag = scims.get(0)
			.get(User.class, EndpointPaths.USERS, person.getUuid())
			.sendRequest()
			.getResource()
			.getMeta()
			.orElseThrow()
			.getVersion()
			.orElseThrow()
			.getEntityTag();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Integer> statuses = Simultaneous.all(pool, threads, (thread) -> {
				ServerResponse<User> answer = scims.get(thread)
					.patch(User.class, EndpointPaths.USERS, person.getUuid())
					.addOperation()
					.op(PatchOp.REPLACE)
					.path(EXTENSION + ":apps")
					.valueNode(extension(apps.get(thread).getClientId(), "user").get("apps"))
					.build()
					.sendRequestWithMultiHeaders(Map.of("If-Match", new String[] { etag }));
				return answer.getHttpStatus();
			});

			assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
			assertThat(statuses).filteredOn((status) -> status != 200).containsOnly(412);
			assertThat(appsOf(person)).containsExactly(apps.get(statuses.indexOf(200)).getClientId());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void patchChangesNameEmailAndActiveFalseDeactivatesSoNoTokenIsIssued() {
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoUser person = this.provider.fixtures().user();
		this.provider.fixtures().membership(app, person, MembershipRole.USER);
		ScimRequestBuilder scim = client(Permission.USERS_VIEW, Permission.USERS_CHANGE, Permission.USERS_DELETE);
		String id = person.getUuid();

		ServerResponse<User> renamed = scim.patch(User.class, EndpointPaths.USERS, id)
			.addOperation()
			.op(PatchOp.REPLACE)
			.path("name.givenName")
			.value("Grace")
			.next()
			.op(PatchOp.REPLACE)
			.path("emails")
			.valueNode(JsonNodeFactory.instance.arrayNode()
				.add(JsonNodeFactory.instance.objectNode().put("value", "grace-" + id + "@example.org").put("primary", true)))
			.build()
			.sendRequest();

		assertThat(renamed.getHttpStatus()).as(renamed.getResponseBody()).isEqualTo(200);
		SsoUser stored = users().findByUuid(id).orElseThrow();
		assertThat(stored.getFirstName()).isEqualTo("Grace");
		assertThat(stored.getEmail()).isEqualTo("grace-" + id + "@example.org");
		assertThat(role(app, person.getUsername())).isEqualTo("user");

		ServerResponse<User> deactivated = scim.patch(User.class, EndpointPaths.USERS, id)
			.addOperation()
			.op(PatchOp.REPLACE)
			.path("active")
			.value("false")
			.build()
			.sendRequest();

		assertThat(deactivated.getHttpStatus()).as(deactivated.getResponseBody()).isEqualTo(200);
		assertThat(deactivated.getResource().isActive()).contains(false);
		assertThat(users().findByUuid(id).orElseThrow().getStatus()).isEqualTo(UserStatus.DEACTIVATED);
		RelyingParty party = this.provider.relyingParty(app);
		Map<String, String> query = party
			.redirectQuery(party.authorize(new Browser(), party.request(), person.getUsername(), TestFixtures.PASSWORD));
		assertThat(query).doesNotContainKey("code");

		ServerResponse<User> reactivated = scim.patch(User.class, EndpointPaths.USERS, id)
			.addOperation()
			.op(PatchOp.REPLACE)
			.path("active")
			.value("true")
			.build()
			.sendRequest();
		assertThat(reactivated.getHttpStatus()).as(reactivated.getResponseBody()).isEqualTo(200);
		assertThat(users().findByUuid(id).orElseThrow().getStatus()).isEqualTo(UserStatus.ACTIVE);
	}

	@Test
	void patchWhenOneStepIsRefusedThenNothingChanges() {
		SsoUser person = this.provider.fixtures().user((u) -> u.setFirstName("Kept"));
		ScimRequestBuilder scim = client(Permission.USERS_VIEW, Permission.USERS_CHANGE);

		ServerResponse<User> refused = scim.patch(User.class, EndpointPaths.USERS, person.getUuid())
			.addOperation()
			.op(PatchOp.REPLACE)
			.path("name.givenName")
			.value("Changed")
			.next()
			.op(PatchOp.REPLACE)
			.path("active")
			.value("false")
			.build()
			.sendRequest();

		assertThat(refused.getHttpStatus()).as(refused.getResponseBody()).isEqualTo(403);
		SsoUser stored = users().findByUuid(person.getUuid()).orElseThrow();
		assertThat(stored.getFirstName()).isEqualTo("Kept");
		assertThat(stored.getStatus()).isEqualTo(UserStatus.ACTIVE);
	}

	@Test
	void deleteDeactivatesThePerson() {
		SsoUser person = this.provider.fixtures().user();
		ScimRequestBuilder scim = client(Permission.USERS_VIEW, Permission.USERS_DELETE);

		ServerResponse<User> deleted = scim.delete(User.class, EndpointPaths.USERS, person.getUuid()).sendRequest();

		assertThat(deleted.getHttpStatus()).as(deleted.getResponseBody()).isEqualTo(204);
		assertThat(users().findByUuid(person.getUuid()).orElseThrow().getStatus()).isEqualTo(UserStatus.DEACTIVATED);
	}

	@Test
	void createWithoutUsersAddIsForbiddenAndCreatesNobody() {
		ScimRequestBuilder scim = client(Permission.USERS_VIEW, Permission.USERS_CHANGE);
		String username = TestFixtures.unique("nope");

		ServerResponse<User> refused = scim.create(User.class, EndpointPaths.USERS)
			.setResource(User.builder().userName(username).password(TestFixtures.PASSWORD).build())
			.sendRequest();

		assertThat(refused.getHttpStatus()).as(refused.getResponseBody()).isEqualTo(403);
		assertThat(refused.getErrorResponse().getStatus()).isEqualTo(403);
		assertThat(refused.getResponseBody()).doesNotContain("Exception");
		assertThat(users().findByUsernameKey(SsoUser.key(username))).isEmpty();
	}

	@Test
	void badOrTakenValuesAnswer400Or409AndStoreNothing() {
		SsoUser existing = this.provider.fixtures().user();
		ScimRequestBuilder scim = client(Permission.USERS_VIEW, Permission.USERS_ADD, Permission.USERS_CHANGE);
		String username = TestFixtures.unique("bad");

		ServerResponse<User> badEmail = scim.create(User.class, EndpointPaths.USERS)
			.setResource(User.builder()
				.userName(username)
				.emails(List.of(Email.builder().value("not an address").build()))
				.password(TestFixtures.PASSWORD)
				.build())
			.sendRequest();
		ServerResponse<User> taken = scim.create(User.class, EndpointPaths.USERS)
			.setResource(User.builder().userName(existing.getUsername()).password(TestFixtures.PASSWORD).build())
			.sendRequest();
		ServerResponse<User> rename = scim.patch(User.class, EndpointPaths.USERS, existing.getUuid())
			.addOperation()
			.op(PatchOp.REPLACE)
			.path("userName")
			.value(username)
			.build()
			.sendRequest();

		assertThat(badEmail.getHttpStatus()).as(badEmail.getResponseBody()).isEqualTo(400);
		assertThat(taken.getHttpStatus()).as(taken.getResponseBody()).isEqualTo(409);
		assertThat(taken.getErrorResponse().getScimType()).contains("uniqueness");
		assertThat(rename.getHttpStatus()).as(rename.getResponseBody()).isEqualTo(400);
		assertThat(rename.getResponseBody()).contains("The username cannot be changed.");
		assertThat(users().findByUsernameKey(SsoUser.key(username))).isEmpty();
		assertThat(users().findByUuid(existing.getUuid()).orElseThrow().getUsername()).isEqualTo(existing.getUsername());
	}

	@Test
	void scopedServiceAccountSeesAndCreatesOnlyInItsScope() {
		ScopeRepository scopes = this.provider.context().getBean(ScopeRepository.class);
		String prefix = TestFixtures.unique("scp").toLowerCase();
		Scope mine = scopes.save(new Scope(prefix + " mine"));
		Scope other = scopes.save(new Scope(prefix + " other"));
		SsoUser inMine = this.provider.fixtures().user((u) -> {
			u.setUsername(prefix + "-in");
			u.setScope(mine);
		});
		SsoUser inOther = this.provider.fixtures().user((u) -> {
			u.setUsername(prefix + "-out");
			u.setScope(other);
		});
		ScimRequestBuilder scim = client(mine.getId(), Permission.USERS_VIEW, Permission.USERS_ADD);

		assertThat(usernames(list(scim, "userName sw \"" + prefix + "\"", null, null, null, null)))
			.containsExactly(inMine.getUsername());
		assertThat(scim.get(User.class, EndpointPaths.USERS, inOther.getUuid()).sendRequest().getHttpStatus())
			.isEqualTo(404);
		assertThat(scim.get(User.class, EndpointPaths.USERS, inMine.getUuid()).sendRequest().getHttpStatus())
			.isEqualTo(200);

		User outside = User.builder().userName(prefix + "-new-out").password(TestFixtures.PASSWORD).build();
		outside.set(EXTENSION, JsonNodeFactory.instance.objectNode().put("scopeId", other.getId()));
		outside.addSchema(EXTENSION);
		ServerResponse<User> refused = scim.create(User.class, EndpointPaths.USERS).setResource(outside).sendRequest();
		assertThat(refused.getHttpStatus()).as(refused.getResponseBody()).isEqualTo(403);
		assertThat(users().findByUsernameKey(SsoUser.key(prefix + "-new-out"))).isEmpty();

		ServerResponse<User> created = scim.create(User.class, EndpointPaths.USERS)
			.setResource(User.builder().userName(prefix + "-new-in").password(TestFixtures.PASSWORD).build())
			.sendRequest();
		assertThat(created.getHttpStatus()).as(created.getResponseBody()).isEqualTo(201);
		assertThat(created.getResource().get(EXTENSION).get("scopeId").asLong()).isEqualTo(mine.getId());
	}

	@Test
	void staleIfMatchIsPreconditionFailedAndChangesNothing() {
		SsoUser person = this.provider.fixtures().user((u) -> u.setFirstName("Before"));
		ScimRequestBuilder scim = client(Permission.USERS_VIEW, Permission.USERS_CHANGE);
		User read = scim.get(User.class, EndpointPaths.USERS, person.getUuid()).sendRequest().getResource();
		String etag = read.getMeta().orElseThrow().getVersion().orElseThrow().getEntityTag();
		ServerResponse<User> first = scim.patch(User.class, EndpointPaths.USERS, person.getUuid())
			.addOperation()
			.op(PatchOp.REPLACE)
			.path("name.givenName")
			.value("First")
			.build()
			.sendRequestWithMultiHeaders(Map.of("If-Match", new String[] { etag }));
		assertThat(first.getHttpStatus()).as(first.getResponseBody()).isEqualTo(200);

		ServerResponse<User> stale = scim.patch(User.class, EndpointPaths.USERS, person.getUuid())
			.addOperation()
			.op(PatchOp.REPLACE)
			.path("name.givenName")
			.value("Second")
			.build()
			.sendRequestWithMultiHeaders(Map.of("If-Match", new String[] { etag }));
		assertThat(stale.getHttpStatus()).as(stale.getResponseBody()).isEqualTo(412);

		read.setName(Name.builder().givenName("Third").build());
		ServerResponse<User> stalePut = scim.update(User.class, EndpointPaths.USERS, person.getUuid())
			.setResource(read)
			.setETagForIfMatch(etag)
			.sendRequest();
		assertThat(stalePut.getHttpStatus()).as(stalePut.getResponseBody()).isEqualTo(412);
		assertThat(users().findByUuid(person.getUuid()).orElseThrow().getFirstName()).isEqualTo("First");
	}

	@Test
	void discoveryEndpointsDescribeWhatIsSupported() {
		ScimRequestBuilder scim = client(Permission.USERS_VIEW);

		ServiceProvider config = scim.loadServiceProviderConfiguration();

		assertThat(config.getPatchConfig().isSupported()).isTrue();
		assertThat(config.getFilterConfig().isSupported()).isTrue();
		assertThat(config.getFilterConfig().getMaxResults()).isEqualTo(500);
		assertThat(config.getSortConfig().isSupported()).isTrue();
		assertThat(config.getETagConfig().isSupported()).isTrue();
		assertThat(config.getBulkConfig().isSupported()).isFalse();
		assertThat(config.getChangePasswordConfig().isSupported()).isFalse();
		ServerResponse<MetaConfiguration> meta = scim.loadMetaConfiguration().sendRequest();
		assertThat(meta.getHttpStatus()).as(meta.getResponseBody()).isEqualTo(200);
		assertThat(meta.getResource().getResourceTypes()).anySatisfy((type) -> {
			assertThat(type.getEndpoint()).isEqualTo("/Users");
			assertThat(type.toString()).contains(EXTENSION);
		});
		assertThat(meta.getResource().getSchemas()).anySatisfy((schema) -> {
			assertThat(schema.getNonNullId()).isEqualTo(EXTENSION);
			assertThat(schema.toString()).contains("scopeName").contains("apps");
		});
	}

	private ScimRequestBuilder client(Permission... permissions) {
		return client(null, permissions);
	}

	private ScimRequestBuilder client(Long scopeId, Permission... permissions) {
		return this.clients.with(this.api.serviceAccount(scopeId, permissions).token());
	}

	private static ListResponse<User> list(ScimRequestBuilder scim, String filter, String sortBy, SortOrder order,
			Long startIndex, Integer count) {
		var builder = scim.list(User.class, EndpointPaths.USERS);
		if (filter != null) {
			builder.filter(filter);
		}
		if (sortBy != null) {
			builder.sortBy(sortBy).sortOrder(order);
		}
		if (startIndex != null) {
			builder.startIndex(startIndex);
		}
		if (count != null) {
			builder.count(count);
		}
		ServerResponse<ListResponse<User>> answer = builder.get().sendRequest();
		assertThat(answer.getHttpStatus()).as(answer.getResponseBody()).isEqualTo(200);
		return answer.getResource();
	}

	private static List<String> usernames(ListResponse<User> page) {
		return page.getListedResources().stream().map((user) -> user.getUserName().orElseThrow()).toList();
	}

	private static User newPerson(String username, String clientId, Boolean active) {
		User user = User.builder()
			.userName(username)
			.emails(List.of(Email.builder().value(username + "@example.org").primary(true).build()))
			.build();
		if (active != null) {
			user.setActive(active);
		}
		if (clientId != null) {
			user.set(EXTENSION, extension(clientId, "user"));
			user.addSchema(EXTENSION);
		}
		return user;
	}

	/** The client ids of the apps the person is a member of, as stored. */
	private List<String> appsOf(SsoUser person) {
		return this.jdbc
			.sql("SELECT c.client_id FROM sso_membership m JOIN sso_client c ON c.id = m.client_id "
					+ "WHERE m.user_id = :id ORDER BY c.client_id")
			.param("id", person.getId())
			.query(String.class)
			.list();
	}

	private static ObjectNode extension(String clientId, String role) {
		ObjectNode extension = JsonNodeFactory.instance.objectNode();
		extension.putArray("apps").addObject().put("clientId", clientId).put("role", role).put("active", true);
		return extension;
	}

	/** The person's microsys_sso_role at the app, in an ID token issued now. */
	private Object role(SsoClient app, String username) {
		RelyingParty party = this.provider.relyingParty(app);
		RelyingParty.Request request = party.request();
		String code = party.code(new Browser(), request, username, TestFixtures.PASSWORD);
		RelyingParty.Json tokens = party.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		return party.verify(tokens.string("id_token")).getClaim("microsys_sso_role");
	}

	private UserRepository users() {
		return this.provider.context().getBean(UserRepository.class);
	}

}
