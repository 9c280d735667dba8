package io.microsys.sso.provider.admin.members;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.Simultaneous;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many administrators adding and removing the same person in the same app at the same moment
 * (on MariaDB too): every answer is one the page knows, never an error; the unique (app, person)
 * keeps one row at most; exactly one of several simultaneous adds wins.
 */
@ProviderIntegrationTest
class MembersConcurrencyTests {

	private static final int THREADS = 12;

	final Provider provider;

	@Autowired
	AppMembers members;

	@Autowired
	Actors actors;

	@Autowired
	JdbcTemplate jdbc;

	private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

	MembersConcurrencyTests(Provider provider) {
		this.provider = provider;
	}

	@AfterEach
	void tearDown() {
		this.pool.shutdownNow();
	}

	private Actor superuser() {
		return this.actors.of(this.provider.fixtures().user((u) -> u.setSuperuser(true)));
	}

	private long rows(SsoClient client, SsoUser person) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_membership WHERE client_id = ? AND user_id = ?",
				Long.class, client.getId(), person.getId());
	}

	@Test
	void addWhenManyAtOnceThenExactlyOneAdded() throws Exception {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoUser person = this.provider.fixtures().user();
		Actor actor = superuser();

		List<AppMembers.Result> results = Simultaneous.all(this.pool, THREADS,
				(thread) -> this.members.add(actor, client.getClientId(), person.getUsername(), MembershipRole.USER));

		assertThat(results).filteredOn(AppMembers.Result::isDone).hasSize(1);
		assertThat(results).filteredOn((r) -> !r.isDone()).extracting(AppMembers.Result::error)
			.containsOnly("members.error.already");
		assertThat(rows(client, person)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'MEMBERSHIP_ADDED' "
				+ "AND user_uuid = ?", Long.class, person.getUuid())).isEqualTo(1);
	}

	@Test
	void addAndRemoveWhenMixedAtOnceThenKnownAnswersAndOneRowAtMost() throws Exception {
		SsoClient client = this.provider.fixtures().confidentialClient((c) -> {
		});
		SsoUser person = this.provider.fixtures().user();
		Actor actor = superuser();

		for (int round = 0; round < 3; round++) {
			List<String> answers = Simultaneous.all(this.pool, THREADS, (thread) -> {
				AppMembers.Result result = switch (thread % 3) {
					case 0 -> this.members.add(actor, client.getClientId(), person.getUsername(), MembershipRole.USER);
					case 1 -> this.members.remove(actor, client.getClientId(), person.getUuid());
					default -> this.members.changeRole(actor, client.getClientId(), person.getUuid(),
							(thread % 2 == 0) ? MembershipRole.STAFF : MembershipRole.USER);
				};
				return result.isDone() ? result.flash() : result.error();
			});
			assertThat(answers).isSubsetOf("members.added", "members.error.already", "members.removed",
					"members.notMember", "members.roleChanged", "members.unchanged", "members.changedMeanwhile");
			assertThat(rows(client, person)).isBetween(0L, 1L);
		}
	}

}
