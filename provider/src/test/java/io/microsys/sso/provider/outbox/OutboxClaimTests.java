package io.microsys.sso.provider.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several nodes on one database: an outbox item is taken by one node only (the claim is one
 * conditional UPDATE), however many threads of however many nodes reach for it at once, and items
 * polled by two nodes are each done once. Runs on H2 and MariaDB.
 */
@ProviderIntegrationTest
class OutboxClaimTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MasterKey masterKey;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	Clock clock;

	private final List<Outbox> nodes = new ArrayList<>();

	/** Another node on the same database (not started: it stores and claims only when told). */
	private Outbox node(OutboxProperties properties) {
		Outbox node = new Outbox(this.jdbc, this.masterKey, this.events, this.clock, properties);
		this.nodes.add(node);
		return node;
	}

	private static OutboxProperties quickPolling() {
		OutboxProperties properties = new OutboxProperties();
		properties.setPollInterval(Duration.ofMillis(100));
		return properties;
	}

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(Outbox::stop);
	}

	private List<Long> ids(String kind) {
		return this.jdbc.queryForList("SELECT id FROM sso_outbox WHERE kind = ?", Long.class, kind);
	}

	@Test
	void startWhenStoppedBeforeThenItemsAreDoneAgain() {
		Outbox node = node(quickPolling());
		String kind = "restarted";
		List<String> done = java.util.Collections.synchronizedList(new ArrayList<>());
		node.register(new Outbox.Kind(kind, 1_000, 1), (fields) -> done.add(fields.get(0)));
		node.start();
		assertThat(node.enqueue(kind, null, "before")).isTrue();
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> done.contains("before"));

		node.stop();
		node.start();
		assertThat(node.enqueue(kind, null, "after")).isTrue();

		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> done.contains("after"));
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ids(kind).isEmpty());
	}

	@Test
	void claimWhenManyThreadsOfTwoNodesReachForTheSameItemsThenEachIsTakenOnce() throws Exception {
		Outbox a = node(quickPolling());
		Outbox b = node(quickPolling());
		String kind = "claim-race";
		a.register(new Outbox.Kind(kind, 1_000, 1), (fields) -> {
		});
		b.register(new Outbox.Kind(kind, 1_000, 1), (fields) -> {
		});
		for (int i = 0; i < 40; i++) {
			assertThat(a.enqueue(kind, null, "item " + i)).isTrue();
		}
		List<Long> ids = ids(kind);
		assertThat(ids).hasSize(40);
		int threads = 8;
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		Map<Long, AtomicInteger> taken = new ConcurrentHashMap<>();
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Outbox node = (t % 2 == 0) ? a : b;
				done.add(pool.submit(() -> {
					start.await();
					for (Long id : ids) {
						if (node.claim(id) != null) {
							taken.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> each : done) {
				each.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(taken).hasSize(40);
		assertThat(taken.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_outbox WHERE kind = ? AND attempts = 1",
				Integer.class, kind)).isEqualTo(40);
	}

	@Test
	void pollWhenTwoNodesFindTheSameDueItemsThenEachIsDoneOnceAndDeleted() {
		String kind = "two-nodes";
		Map<String, AtomicInteger> done = new ConcurrentHashMap<>();
		Outbox.Handler handler = (fields) -> done.computeIfAbsent(fields.get(0), (key) -> new AtomicInteger())
			.incrementAndGet();
		// Stored by a node that does not work on them itself, so only the two polling nodes do.
		Outbox writer = node(quickPolling());
		writer.register(new Outbox.Kind(kind, 1_000, 1), handler);
		for (int i = 0; i < 60; i++) {
			writer.enqueue(kind, null, "item " + i);
		}
		Outbox a = node(quickPolling());
		Outbox b = node(quickPolling());
		a.register(new Outbox.Kind(kind, 1_000, 2), handler);
		b.register(new Outbox.Kind(kind, 1_000, 2), handler);
		a.start();
		b.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> ids(kind).isEmpty());
		assertThat(done).hasSize(60);
		assertThat(done.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
	}

	@Test
	void claimWhenAnotherNodeHoldsTheItemThenOnlyAfterItsLeaseEnds() {
		OutboxProperties shortLease = quickPolling();
		shortLease.setLease(Duration.ofMillis(300));
		Outbox a = node(shortLease);
		Outbox b = node(shortLease);
		String kind = "lease";
		a.register(new Outbox.Kind(kind, 1_000, 1), (fields) -> {
		});
		b.register(new Outbox.Kind(kind, 1_000, 1), (fields) -> {
		});
		a.enqueue(kind, null, "held");
		long id = ids(kind).get(0);
		assertThat(a.claim(id)).isNotNull();
		assertThat(b.claim(id)).as("held by a").isNull();
		// a died holding it: once the lease is over, b takes it.
		await().atMost(Duration.ofSeconds(5)).until(() -> b.claim(id) != null);
	}

	@Test
	void enqueueWhenKindHasMaxPendingItemsThenRefusedWhileOtherKindsAreNot() {
		Outbox node = node(quickPolling());
		node.register(new Outbox.Kind("full", 3, 1), (fields) -> {
		});
		node.register(new Outbox.Kind("other", 3, 1), (fields) -> {
		});
		for (int i = 0; i < 3; i++) {
			assertThat(node.enqueue("full", null, "item " + i)).isTrue();
		}
		assertThat(node.enqueue("full", null, "one too many")).isFalse();
		assertThat(node.enqueue("other", null, "fine")).isTrue();
		assertThat(ids("full")).hasSize(3);
	}

	@Test
	void backoffWhenTriedAgainThenEachWaitFourTimesLongerUpToTheMaximum() {
		OutboxProperties properties = new OutboxProperties();
		properties.setInitialBackoff(Duration.ofSeconds(30));
		properties.setMaxBackoff(Duration.ofHours(1));
		Outbox node = node(properties);
		assertThat(node.backoff(1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(node.backoff(2)).isEqualTo(Duration.ofMinutes(2));
		assertThat(node.backoff(3)).isEqualTo(Duration.ofMinutes(8));
		assertThat(node.backoff(4)).isEqualTo(Duration.ofMinutes(32));
		assertThat(node.backoff(5)).isEqualTo(Duration.ofHours(1));
		assertThat(node.backoff(40)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void payloadWhenStoredThenEncryptedAndReadBackWithNullsAndNonAscii() {
		List<String> fields = new ArrayList<>(List.of("to@example.com", "مرحبا", ""));
		fields.add(null);
		assertThat(Outbox.decode(Outbox.encode(fields))).isEqualTo(fields);
		Outbox node = node(quickPolling());
		node.register(new Outbox.Kind("secret", 10, 1), (f) -> {
		});
		node.enqueue("secret", null, "https://sso.example/accounts/password/reset/abc");
		byte[] stored = this.jdbc.queryForObject("SELECT payload FROM sso_outbox WHERE kind = 'secret'", byte[].class);
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("reset");
	}

}
