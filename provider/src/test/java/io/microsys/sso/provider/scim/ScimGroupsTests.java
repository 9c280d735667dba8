package io.microsys.sso.provider.scim;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import de.captaingoldfish.scim.sdk.client.ScimRequestBuilder;
import de.captaingoldfish.scim.sdk.client.response.ServerResponse;
import de.captaingoldfish.scim.sdk.common.constants.EndpointPaths;
import de.captaingoldfish.scim.sdk.common.constants.enums.PatchOp;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Member;
import de.captaingoldfish.scim.sdk.common.response.ListResponse;
import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.admin.groups.GroupAdministration;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SCIM server's {@code /Groups} with the SCIM SDK's client: a superuser's personal token
 * creates a group with members and patches them (stored as the console stores them); a service
 * account, which never holds {@code manage_staff}, may list groups but not change anyone's groups.
 */
@ProviderIntegrationTest
class ScimGroupsTests {

	final Provider provider;

	final AdminApiCalls api;

	final TestStaff staff;

	final JdbcClient jdbc;

	final ScimClients clients;

	ScimGroupsTests(Provider provider) {
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
	void createWithMembersThenPatchMembersChangesTheGroupAsTheConsoleDoes() {
		SsoUser ann = this.provider.fixtures().user();
		SsoUser bob = this.provider.fixtures().user();
		SsoUser cyd = this.provider.fixtures().user();
		ScimRequestBuilder scim = client(this.api.personalToken(this.api.commandLineTool(), this.staff.superuser()));
		String name = TestFixtures.unique("Group");

		ServerResponse<Group> created = scim.create(Group.class, EndpointPaths.GROUPS)
			.setResource(Group.builder()
				.displayName(name)
				.members(List.of(Member.builder().value(ann.getUuid()).build(),
						Member.builder().value(bob.getUuid()).build()))
				.build())
			.sendRequest();

		assertThat(created.getHttpStatus()).as(created.getResponseBody()).isEqualTo(201);
		String id = created.getResource().getId().orElseThrow();
		assertThat(members(id)).containsExactlyInAnyOrder(ann.getUuid(), bob.getUuid());

		ServerResponse<Group> patched = scim.patch(Group.class, EndpointPaths.GROUPS, id)
			.addOperation()
			.op(PatchOp.ADD)
			.path("members")
			.valueNode(JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("value", cyd.getUuid())))
			.next()
			.op(PatchOp.REMOVE)
			.path("members[value eq \"" + ann.getUuid() + "\"]")
			.build()
			.sendRequest();

		assertThat(patched.getHttpStatus()).as(patched.getResponseBody()).isEqualTo(200);
		assertThat(members(id)).containsExactlyInAnyOrder(bob.getUuid(), cyd.getUuid());
		Group read = scim.get(Group.class, EndpointPaths.GROUPS, id).sendRequest().getResource();
		assertThat(read.getDisplayName()).contains(name);
		assertThat(read.getMembers()).extracting((member) -> member.getValue().orElseThrow())
			.containsExactlyInAnyOrder(bob.getUuid(), cyd.getUuid());

		ServerResponse<ListResponse<Group>> found = scim.list(Group.class, EndpointPaths.GROUPS)
			.filter("displayName eq \"" + name + "\"")
			.get()
			.sendRequest();
		assertThat(found.getHttpStatus()).as(found.getResponseBody()).isEqualTo(200);
		assertThat(found.getResource().getListedResources()).extracting((group) -> group.getId().orElseThrow())
			.containsExactly(id);
	}

	@Test
	void serviceAccountListsGroupsButMayNotChangeAnyonesGroups() {
		SsoUser ann = this.provider.fixtures().user();
		ScimRequestBuilder scim = client(this.api
			.serviceAccount(null, Permission.GROUPS_VIEW, Permission.GROUPS_ADD, Permission.GROUPS_CHANGE,
					Permission.USERS_VIEW, Permission.USERS_CHANGE)
			.token());
		String name = TestFixtures.unique("Group");

		ServerResponse<Group> created = scim.create(Group.class, EndpointPaths.GROUPS)
			.setResource(Group.builder().displayName(name).build())
			.sendRequest();
		assertThat(created.getHttpStatus()).as(created.getResponseBody()).isEqualTo(201);
		String id = created.getResource().getId().orElseThrow();
		long versionBefore = version(id);

		ServerResponse<Group> refused = scim.patch(Group.class, EndpointPaths.GROUPS, id)
			.addOperation()
			.op(PatchOp.ADD)
			.path("members")
			.valueNode(JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("value", ann.getUuid())))
			.build()
			.sendRequest();
		assertThat(refused.getHttpStatus()).as(refused.getResponseBody()).isEqualTo(403);
		assertThat(members(id)).isEmpty();
		assertThat(version(id)).as("nothing changed, not even the version").isEqualTo(versionBefore);

		// Okta and Entra send a new group with its members at once: refused whole, no empty group left.
		String withMembers = TestFixtures.unique("Group");
		ServerResponse<Group> refusedCreation = scim.create(Group.class, EndpointPaths.GROUPS)
			.setResource(Group.builder()
				.displayName(withMembers)
				.members(List.of(Member.builder().value(ann.getUuid()).build()))
				.build())
			.sendRequest();
		assertThat(refusedCreation.getHttpStatus()).as(refusedCreation.getResponseBody()).isEqualTo(403);
		assertThat(groupsNamed(withMembers)).isZero();
	}

	@Test
	void changeWhenBasedOnAnOlderVersionThenRefusedWith412AndNothingChanges() {
		SsoUser ann = this.provider.fixtures().user();
		SsoUser bob = this.provider.fixtures().user();
		ScimRequestBuilder scim = client(this.api.personalToken(this.api.commandLineTool(), this.staff.superuser()));
		String name = TestFixtures.unique("Group");
		Group created = scim.create(Group.class, EndpointPaths.GROUPS)
			.setResource(Group.builder().displayName(name).build())
			.sendRequest()
			.getResource();
		String id = created.getId().orElseThrow();
		String etag = created.getMeta().flatMap((meta) -> meta.getVersion()).orElseThrow().toString();
		assertThat(etag).contains(Long.toString(version(id)));

		// A member added meanwhile (on the console) moves the group's version.
		GroupAdministration groups = this.provider.context().getBean(GroupAdministration.class);
		groups.addPerson(this.provider.context().getBean(Actors.class).of(this.staff.superuser()), Long.parseLong(id), ann.getUuid());

		ServerResponse<Group> stale = scim.update(Group.class, EndpointPaths.GROUPS, id)
			.setResource(Group.builder()
				.displayName(name + " renamed")
				.members(List.of(Member.builder().value(bob.getUuid()).build()))
				.build())
			.setETagForIfMatch(etag)
			.sendRequest();

		assertThat(stale.getHttpStatus()).as(stale.getResponseBody()).isEqualTo(412);
		assertThat(members(id)).containsExactly(ann.getUuid());
		assertThat(groupsNamed(name)).isEqualTo(1);
	}

	@Test
	void patchWhenManyClientsChangeTheSameVersionAtOnceThenOneWinsAndTheOthersAre412() throws Exception {
		ScimRequestBuilder scim = client(this.api.personalToken(this.api.commandLineTool(), this.staff.superuser()));
		String token = this.api.personalToken(this.api.commandLineTool(), this.staff.superuser());
		String id = scim.create(Group.class, EndpointPaths.GROUPS)
			.setResource(Group.builder().displayName(TestFixtures.unique("Group")).build())
			.sendRequest()
			.getResource()
			.getId()
			.orElseThrow();
		String etag = "\"" + version(id) + "\"";
		int threads = 8;
		List<SsoUser> people = new java.util.ArrayList<>();
		List<ScimRequestBuilder> perThread = new java.util.ArrayList<>();
		for (int i = 0; i < threads; i++) {
			people.add(this.provider.fixtures().user());
			perThread.add(this.clients.with(token));
		}
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
		try {
			List<Integer> answers = Simultaneous.all(pool, threads, (thread) -> {
				ServerResponse<Group> answer = perThread.get(thread)
					.patch(Group.class, EndpointPaths.GROUPS, id)
					.addOperation()
					.op(PatchOp.ADD)
					.path("members")
					.valueNode(JsonNodeFactory.instance.arrayNode()
						.add(JsonNodeFactory.instance.objectNode().put("value", people.get(thread).getUuid())))
					.build()
					.sendRequestWithMultiHeaders(Map.of("If-Match", new String[] { etag }));
				return answer.getHttpStatus();
			});
			assertThat(answers).filteredOn((status) -> status == 200).hasSize(1);
			assertThat(answers).filteredOn((status) -> status != 200).containsOnly(412);
			int winner = answers.indexOf(200);
			assertThat(members(id)).containsExactly(people.get(winner).getUuid());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void createWhenNameIsNotOneTheConsoleTakesThen400AndNoGroup() {
		ScimRequestBuilder scim = client(this.api.personalToken(this.api.commandLineTool(), this.staff.superuser()));
		for (String name : List.of("x".repeat(151), "   ", "tab\there")) {
			long before = groups();
			ServerResponse<Group> refused = scim.create(Group.class, EndpointPaths.GROUPS)
				.setResource(Group.builder().displayName(name).build())
				.sendRequest();
			assertThat(refused.getHttpStatus()).as(name + ": " + refused.getResponseBody()).isEqualTo(400);
			assertThat(groups()).as(name).isEqualTo(before);
		}
	}

	private long version(String groupId) {
		return this.jdbc.sql("SELECT version FROM sso_group WHERE id = ?").param(Long.parseLong(groupId)).query(Long.class).single();
	}

	private long groupsNamed(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM sso_group WHERE name = ?").param(name).query(Long.class).single();
	}

	private long groups() {
		return this.jdbc.sql("SELECT COUNT(*) FROM sso_group").query(Long.class).single();
	}

	private List<String> members(String groupId) {
		return this.jdbc
			.sql("SELECT u.uuid FROM sso_group_member m JOIN sso_user u ON u.id = m.user_id WHERE m.group_id = ?")
			.param(Long.parseLong(groupId))
			.query(String.class)
			.list();
	}

	private ScimRequestBuilder client(String token) {
		return this.clients.with(token);
	}

}
