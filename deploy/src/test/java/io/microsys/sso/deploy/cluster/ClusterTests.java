package io.microsys.sso.deploy.cluster;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.LogoutReceiver;
import io.microsys.sso.provider.support.RelyingParty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two provider nodes from the built jar on one MariaDB database behind nginx (round-robin, no
 * sticky sessions), as real processes on 127.0.0.1: a sign-in, a refresh, a logout, a key
 * rotation and the sign-in throttle work across the nodes; a rolling restart under load loses no
 * request; a {@code kill -9} under load loses only what was in flight on the killed node and no
 * stored data of a completed request. The nodes and nginx are shared by the ordered steps; each
 * step prints its counts ({@code cluster: ...}).
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterTests {

	private static final String USER = "ada";

	private static final String PASSWORD = "Cluster-test-password-31";

	private static final String THROTTLED_USER = "grace";

	private static final String APP = "portal";

	private static final String APP_SECRET = "portal-secret-0123456789";

	private static final String LOAD_CLIENT = "load";

	private static final String LOAD_SECRET = "load-secret-0123456789";

	private static final String REDIRECT_URI = "http://127.0.0.1:65000/login/oauth2/code/microsys";

	private static final String POST_LOGOUT_URI = "http://127.0.0.1:65000/";

	/** Failed sign-ins of one username before it is blocked (set on both nodes). */
	private static final int ACCOUNT_THRESHOLD = 4;

	private static final int LOAD_THREADS = 4;

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** The whole class, start-up included: past it the nodes and nginx are ended and every step fails. */
	private static final Duration BUDGET = Duration.ofSeconds(285);

	private final ScheduledExecutorService watchdog = Executors
		.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "cluster-watchdog");
			thread.setDaemon(true);
			return thread;
		});

	private final long started = System.nanoTime();

	private Path dir;

	private ClusterDatabase database;

	private LogoutReceiver receiver;

	private Nginx nginx;

	private ProviderNode nodeA;

	private ProviderNode nodeB;

	private String issuer;

	/** Whether a step failed: the logs are then kept. */
	private volatile boolean failed;

	private RelyingParty app;

	/** Tokens of the first sign-in, refreshed by the later steps. */
	private RelyingParty.Json tokens;

	@RegisterExtension
	final TestWatcher logsOnFailure = new TestWatcher() {
		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			ClusterTests.this.failed = true;
			printLogs();
		}
	};

	@BeforeAll
	void startCluster() throws Exception {
		String serverUrl = System.getenv("MICROSYS_TEST_MYSQL_URL");
		if (Boolean.getBoolean("microsys.test.skipMysql")) {
			Assumptions.abort("-Dmicrosys.test.skipMysql=true: the cluster test needs MariaDB and is skipped");
		}
		if (serverUrl == null || serverUrl.isBlank()) {
			throw new IllegalStateException("The cluster test runs two nodes on one MariaDB database: set "
					+ "MICROSYS_TEST_MYSQL_URL (a URL without database, e.g. jdbc:mysql://127.0.0.1:3306/), "
					+ "MICROSYS_TEST_MYSQL_USER and MICROSYS_TEST_MYSQL_PASSWORD (as .ci/run does), or skip it "
					+ "with -Dmicrosys.test.skipMysql=true.");
		}
		this.watchdog.schedule(() -> {
			this.failed = true;
			System.out.printf("cluster: over the budget of %d s: ending the nodes and nginx%n", BUDGET.toSeconds());
			printLogs();
			destroyAll();
		}, BUDGET.toMillis(), TimeUnit.MILLISECONDS);
		Path jar = Path.of(System.getProperty("microsys.test.provider-jar", "missing"));
		assertThat(jar).as("the provider's jar (system property microsys.test.provider-jar)").isRegularFile();
		Nginx.executable();
		this.dir = Files.createTempDirectory("microsys-cluster");
		Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.database = ClusterDatabase.create(serverUrl, env("MICROSYS_TEST_MYSQL_USER", "root"),
				env("MICROSYS_TEST_MYSQL_PASSWORD", ""));
		this.receiver = new LogoutReceiver();
		int nginxPort = ProviderNode.freePort();
		this.issuer = "http://127.0.0.1:" + nginxPort + "/o";
		Path bootstrap = this.dir.resolve("bootstrap.yml");
		Files.writeString(bootstrap, bootstrapFile(), StandardCharsets.UTF_8);

		byte[] masterKey = new byte[32];
		new SecureRandom().nextBytes(masterKey);
		Map<String, String> environment = Map.of("MICROSYS_SSO_MASTER_KEY",
				Base64.getEncoder().encodeToString(masterKey), "MICROSYS_SSO_ISSUER", this.issuer,
				"MICROSYS_SSO_TRUSTED_PROXIES", "127.0.0.1", "MICROSYS_BOOTSTRAP_FILE", bootstrap.toString(),
				"SPRING_DATASOURCE_URL", this.database.url(), "SPRING_DATASOURCE_USERNAME", this.database.user(),
				"SPRING_DATASOURCE_PASSWORD", this.database.password());
		List<String> arguments = List.of(
				// Each node re-reads the shared key set this often (default 1 minute), so the step
				// that rotates a key on one node need not wait a minute for the other.
				"--microsys.sso.keys.refresh-interval=3s",
				"--microsys.sso.login-throttle.account-threshold=" + ACCOUNT_THRESHOLD,
				"--microsys.sso.login-throttle.initial-block=10m",
				"--logging.level.root=info");
		this.nodeA = new ProviderNode("a", jar, this.dir, environment, arguments);
		this.nodeB = new ProviderNode("b", jar, this.dir, environment, arguments);
		this.nginx = Nginx.start(Path.of(System.getProperty("microsys.deploy.dir", "."), "nginx", "cluster-test.conf"),
				this.dir.resolve("nginx"), nginxPort, "127.0.0.1:" + this.nodeA.port(), "127.0.0.1:" + this.nodeB.port());
		long start = System.nanoTime();
		// Both at once on the empty database: migrations and the bootstrap file race, as in a rollout.
		this.nodeA.start();
		this.nodeB.start();
		CompletableFuture<Void> a = CompletableFuture.runAsync(this.nodeA::awaitReady);
		CompletableFuture<Void> b = CompletableFuture.runAsync(this.nodeB::awaitReady);
		try {
			a.join();
			b.join();
		}
		catch (RuntimeException ex) {
			this.failed = true;
			printLogs();
			throw ex;
		}
		System.out.printf("cluster: two nodes started together on one new database in %d ms%n", millisSince(start));
		this.app = new RelyingParty(this.issuer, APP, APP_SECRET, REDIRECT_URI);
	}

	private String bootstrapFile() {
		return """
				users:
				  - username: %s
				    email: ada@example.com
				    password: "%s"
				    first_name: Ada
				  - username: %s
				    email: grace@example.com
				    password: "%s"
				clients:
				  - client_id: %s
				    name: Portal
				    secret: "%s"
				    redirect_uris: [%s]
				    post_logout_redirect_uris: [%s]
				    backchannel_logout_uri: %s
				    grant_types: [authorization_code, refresh_token]
				    scopes: [openid, profile, email, offline_access]
				    policy:
				      require_https_redirects: false
				      allow_localhost_redirects: true
				  - client_id: %s
				    name: Load
				    secret: "%s"
				    grant_types: [client_credentials]
				    scopes: [api]
				memberships:
				  - client: %s
				    user: %s
				    role: user
				  - client: %s
				    user: %s
				    role: user
				""".formatted(USER, PASSWORD, THROTTLED_USER, PASSWORD, APP, APP_SECRET, REDIRECT_URI,
				POST_LOGOUT_URI, this.receiver.uri(), LOAD_CLIENT, LOAD_SECRET, APP, USER, APP, THROTTLED_USER);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	@AfterAll
	void stopCluster() {
		this.watchdog.shutdownNow();
		destroyAll();
		if (this.dir != null && this.failed) {
			System.out.printf("cluster: all steps in %d ms (logs kept in %s)%n", millisSince(this.started), this.dir);
		}
		else if (this.dir != null) {
			System.out.printf("cluster: all steps in %d ms%n", millisSince(this.started));
			try (Stream<Path> files = Files.walk(this.dir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// A temporary folder left behind is harmless.
			}
		}
	}

	private void destroyAll() {
		for (ProviderNode node : new ProviderNode[] { this.nodeA, this.nodeB }) {
			if (node != null) {
				node.destroy();
			}
		}
		if (this.nginx != null) {
			this.nginx.stop();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
	}

	private void printLogs() {
		StringBuilder logs = new StringBuilder("cluster: logs after a failure\n");
		for (ProviderNode node : new ProviderNode[] { this.nodeA, this.nodeB }) {
			if (node != null) {
				logs.append(node.allLogs(150));
			}
		}
		if (this.nginx != null) {
			logs.append(this.nginx.logs());
			List<String> access = this.nginx.accessLog();
			logs.append("---- nginx access.log (last 40) ----\n")
				.append(String.join("\n", access.subList(Math.max(0, access.size() - 40), access.size())))
				.append('\n');
		}
		System.out.println(logs);
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

	private RelyingParty direct(ProviderNode node) {
		return new RelyingParty(node.url() + "/o", APP, APP_SECRET, REDIRECT_URI);
	}

	private String upstream(ProviderNode node) {
		return "127.0.0.1:" + node.port();
	}

	/** Signs in through nginx and exchanges the code through nginx. */
	private RelyingParty.Json signIn(Browser browser, String scope) {
		RelyingParty.Request request = this.app.request().with("scope", scope);
		String code = this.app.code(browser, request, USER, PASSWORD);
		RelyingParty.Json answer = this.app.exchange(code, request.pkce.verifier());
		assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
		return answer;
	}

	@Test
	@Order(1)
	void signInThroughNginxWhenStepsLandOnBothNodesThenSignedIn() {
		int before = this.nginx.accessLog().size();
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request().with("scope", "openid profile offline_access");
		String code = this.app.code(browser, request, USER, PASSWORD);
		this.tokens = this.app.exchange(code, request.pkce.verifier());

		assertThat(this.tokens.status()).as(this.tokens.raw()).isEqualTo(200);
		assertThat(this.app.verify(this.tokens.string("id_token")).getIssuer()).isEqualTo(this.issuer);
		List<String> steps = this.nginx.accessLog().subList(before, this.nginx.accessLog().size());
		Map<String, Integer> perNode = Nginx.answersPerUpstream(steps);
		System.out.printf("cluster: sign-in through nginx: %d requests, per node %s%n", steps.size(), perNode);
		assertThat(steps).as("authorize, login page, login, authorize again, token, JWKS").hasSizeGreaterThanOrEqualTo(5);
		assertThat(perNode).as("each node answered steps of the one sign-in: " + steps)
			.containsKeys(upstream(this.nodeA), upstream(this.nodeB));
		assertThat(steps).allSatisfy((line) -> assertThat(line.split(" ")[0]).isIn("200", "302", "303"));
	}

	@Test
	@Order(2)
	void refreshOnNodeBWhenTokensCameFromNodeAThenNewTokens() {
		Browser browser = new Browser();
		RelyingParty.Request request = this.app.request().with("scope", "openid offline_access");
		String code = this.app.code(browser, request, USER, PASSWORD);
		RelyingParty.Json fromA = direct(this.nodeA).exchange(code, request.pkce.verifier());
		assertThat(fromA.status()).as(fromA.raw()).isEqualTo(200);

		RelyingParty.Json fromB = direct(this.nodeB).refresh(fromA.string("refresh_token"));

		assertThat(fromB.status()).as(fromB.raw()).isEqualTo(200);
		assertThat(fromB.string("access_token")).isNotEqualTo(fromA.string("access_token"));
		assertThat(this.app.verify(fromB.string("id_token")).getIssuer()).isEqualTo(this.issuer);
		assertThat(direct(this.nodeA).introspect(fromB.string("access_token")).body()).containsEntry("active", true);
		System.out.println("cluster: refresh on node B of node A's token: 200");
	}

	@Test
	@Order(3)
	void logoutOnNodeAWhenSignedInThroughNginxThenSessionEndsOnBAndAppToldOnce() throws Exception {
		Browser browser = new Browser();
		RelyingParty.Json signedIn = signIn(browser, "openid");
		// Signed in: node B issues a code for the session without asking to sign in.
		RelyingParty onB = direct(this.nodeB);
		HttpResponse<String> again = browser.followWithin(browser.get(onB.request().url()), onB.origin());
		assertThat(onB.redirectQuery(again)).containsKey("code");
		long delivered = this.database.number(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'BACKCHANNEL_LOGOUT_DELIVERED'");

		String logout = this.nodeA.url() + "/o/logout?" + Browser.urlEncode(Map.of("id_token_hint",
				signedIn.string("id_token"), "post_logout_redirect_uri", POST_LOGOUT_URI));
		HttpResponse<String> out = browser.followWithin(browser.get(logout), this.nodeA.url());
		assertThat(Browser.isRedirect(out) ? Browser.location(out) : out.uri().toString())
			.as(out.statusCode() + " " + out.body()).startsWith(POST_LOGOUT_URI);

		HttpResponse<String> afterLogout = browser.followWithin(browser.get(onB.request().url()), onB.origin());
		assertThat(afterLogout.statusCode()).isEqualTo(200);
		assertThat(afterLogout.uri().getPath()).as("node B asks to sign in again").isEqualTo("/accounts/login");
		String logoutToken = this.receiver.next(WAIT);
		assertThat(logoutToken).as("back-channel logout delivered").isNotNull();
		assertThat(this.app.verify(logoutToken).getStringClaim("sid"))
			.isEqualTo(this.app.verify(signedIn.string("id_token")).getStringClaim("sid"));
		await().atMost(WAIT).until(() -> this.database.number(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'BACKCHANNEL_LOGOUT_DELIVERED'") > delivered);
		assertThat(this.database.number(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'BACKCHANNEL_LOGOUT_DELIVERED'"))
			.isEqualTo(delivered + 1);
		assertThat(this.receiver.requests()).isEqualTo(1);
		System.out.printf("cluster: logout on node A: session ended on node B, %d back-channel logout sent%n",
				this.receiver.requests());
	}

	@Test
	@Order(4)
	void failedSignInsWhenAlternatingNodesThenThrottleCountsThemTogether() {
		ProviderNode[] nodes = { this.nodeA, this.nodeB };
		for (int attempt = 0; attempt < ACCOUNT_THRESHOLD; attempt++) {
			RelyingParty on = direct(nodes[attempt % 2]);
			HttpResponse<String> page = on.authorize(new Browser(), on.request(), THROTTLED_USER, "wrong-password-" + attempt);
			assertThat(page.body()).as("attempt " + (attempt + 1) + " on node " + nodes[attempt % 2].name())
				.contains("The username or password is not correct.");
		}
		assertThat(this.database.number("SELECT MAX(failures) FROM sso_login_throttle")).isEqualTo(ACCOUNT_THRESHOLD);

		// Each node saw only half of the failures; together they reach the threshold.
		RelyingParty onA = direct(this.nodeA);
		HttpResponse<String> blocked = onA.authorize(new Browser(), onA.request(), THROTTLED_USER, PASSWORD);
		assertThat(blocked.body()).contains("Too many failed sign-ins.");
		RelyingParty onB = direct(this.nodeB);
		assertThat(onB.authorize(new Browser(), onB.request(), THROTTLED_USER, PASSWORD).body())
			.contains("Too many failed sign-ins.");
		System.out.printf("cluster: throttle: %d failed sign-ins alternating nodes, then blocked on both%n",
				ACCOUNT_THRESHOLD);
	}

	@Test
	@Order(5)
	void rollingRestartWithKeyRotationWhenUnderLoadThenNoRequestLostAndBothNodesPublishTheNewKey() throws Exception {
		String oldKid = SignedJWT.parse(this.tokens.string("access_token")).getHeader().getKeyID();
		String userToken = freshUserAccessToken();
		int logBefore = this.nginx.accessLog().size();
		long start = System.nanoTime();
		Load load = Load.start(this.issuer, LOAD_CLIENT, LOAD_SECRET, userToken, LOAD_THREADS);
		try {
			awaitMoreAnswers(load, 100);
			// Node A comes back with a new signing key (an upgrade that rotates keys), node B as it was.
			restart(load, this.nodeA, "--microsys.sso.keys.rotate=true");
			checkRotation(oldKid);
			restart(load, this.nodeB);
			awaitMoreAnswers(load, 100);
		}
		finally {
			load.close();
		}
		List<String> errors = load.errors();
		List<String> proxied = tail(this.nginx.accessLog(), logBefore);
		Map<String, Integer> perNode = Nginx.answersPerUpstream(proxied);
		System.out.printf("cluster: rolling restart: %,d answers, %d errors in %d ms %s, per node %s, %d retried on "
				+ "the other node after a refused connection%n", load.answers(), errors.size(), millisSince(start),
				load.answersByKind(), perNode, Nginx.retried(proxied));
		errors.stream().limit(20).forEach((error) -> System.out.println("cluster: rolling restart error: " + error));
		assertThat(errors).as("requests lost during the rolling restart").isEmpty();
		assertThat(load.answers()).as("answers (a dead load generator must not pass)").isGreaterThanOrEqualTo(400);
		assertThat(perNode.getOrDefault(upstream(this.nodeA), 0)).isGreaterThan(0);
		assertThat(perNode.getOrDefault(upstream(this.nodeB), 0)).isGreaterThan(0);
	}

	/** Stops the node gracefully under load, starts it again and waits until nginx sends it requests. */
	private void restart(Load load, ProviderNode node, String... arguments) {
		long stop = System.nanoTime();
		assertThat(node.stopGracefully()).as("node " + node.name() + " exit code").isIn(0, 143);
		long stopped = millisSince(stop);
		long answersBefore = load.answers();
		node.start(arguments);
		node.awaitReady();
		System.out.printf("cluster: rolling restart: node %s stopped in %d ms, ready again after %d ms "
				+ "(%d answers meanwhile, %d errors so far)%n", node.name(), stopped, millisSince(stop),
				load.answers() - answersBefore, load.errors().size());
		String restarted = upstream(node);
		int seen = this.nginx.accessLog().size();
		await("node " + node.name() + " answers through nginx again").atMost(WAIT)
			.until(() -> Nginx.answersPerUpstream(tail(this.nginx.accessLog(), seen)).getOrDefault(restarted, 0) >= 10);
	}

	/**
	 * Node A restarted with rotation on: both nodes publish the old and the new key, and by the time
	 * any node signs with the new key, the other node's JWKS already lists it.
	 */
	private void checkRotation(String oldKid) throws Exception {
		JWKSet onA = JWKSet.parse(new Browser().get(this.nodeA.url() + "/o/.well-known/jwks.json").body());
		assertThat(onA.getKeys()).hasSize(2);
		assertThat(onA.getKeyByKeyId(oldKid)).isNotNull();
		String newKid = onA.getKeys()
			.stream()
			.map(JWK::getKeyID)
			.filter((kid) -> !kid.equals(oldKid))
			.findFirst()
			.orElseThrow();

		// The new key signs once it has been published for microsys.sso.keys.publish-ahead (the
		// refresh interval and a margin); until then node A signs with the old one.
		await("node A signs with its new key").atMost(WAIT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> newKid.equals(SignedJWT.parse(refreshed(direct(this.nodeA)).string("access_token"))
				.getHeader()
				.getKeyID()));
		RelyingParty.Json refreshed = this.tokens;
		JWKSet onB = JWKSet.parse(new Browser().get(this.nodeB.url() + "/o/.well-known/jwks.json").body());
		assertThat(onB.getKeyByKeyId(newKid)).as("node B publishes the key before the first token it signed").isNotNull();
		assertThat(onB.toJSONObject()).isEqualTo(onA.toJSONObject());
		RelyingParty.Json userinfo = direct(this.nodeB).userinfo(refreshed.string("access_token"));
		assertThat(userinfo.status()).as("node B accepts node A's new key: " + userinfo.raw()).isEqualTo(200);
		assertThat(this.app.verify(refreshed.string("id_token")).getIssuer()).isEqualTo(this.issuer);
		System.out.printf("cluster: key rotation on node A: %d keys published by both nodes%n", onB.getKeys().size());
	}

	@Test
	@Order(6)
	void killWhenUnderLoadThenOnlyRequestsInFlightLostAndNothingStoredMissing() throws Exception {
		String userToken = freshUserAccessToken();
		long signInsBefore = this.database.number(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'LOGIN_SUCCESS' AND username = ?", USER);
		ConcurrentLinkedQueue<Completed> signIns = new ConcurrentLinkedQueue<>();
		AtomicInteger failedSignIns = new AtomicInteger();
		ConcurrentLinkedQueue<String> signInErrors = new ConcurrentLinkedQueue<>();
		long start = System.nanoTime();
		Load load = Load.start(this.issuer, LOAD_CLIENT, LOAD_SECRET, userToken, LOAD_THREADS);
		SignInLoop signing = new SignInLoop(signIns, failedSignIns, signInErrors);
		Thread signInThread = new Thread(signing, "cluster-sign-ins");
		signInThread.start();
		long killedAt;
		try {
			awaitMoreAnswers(load, 150);
			await().atMost(WAIT).until(() -> signIns.size() >= 2);
			this.nodeB.kill();
			killedAt = load.answers();
			awaitMoreAnswers(load, 200);
			int completedAtKill = signIns.size();
			await().atMost(WAIT).until(() -> signIns.size() >= completedAtKill + 2);
		}
		finally {
			signing.stop();
			signInThread.join(60_000);
			load.close();
		}
		List<String> errors = new ArrayList<>(load.errors());
		errors.addAll(signInErrors);
		System.out.printf("cluster: kill -9: %,d answers (%,d after the kill), %d sign-ins completed, %d failed "
				+ "requests in %d ms %s%n", load.answers(), load.answers() - killedAt, signIns.size(), errors.size(),
				millisSince(start), load.answersByKind());
		errors.forEach((error) -> System.out.println("cluster: kill -9: lost in flight: " + error));
		// At most the request each client thread had in flight on the killed node.
		assertThat(errors).as("lost requests").hasSizeLessThanOrEqualTo(LOAD_THREADS + 1);
		assertThat(load.answers()).isGreaterThanOrEqualTo(350);

		RelyingParty survivor = new RelyingParty(this.nodeA.url() + "/o", LOAD_CLIENT, LOAD_SECRET, REDIRECT_URI);
		List<String> issued = load.tokens();
		assertThat(issued).hasSizeGreaterThanOrEqualTo(50);
		long inactive = issued.stream()
			.filter((token) -> !Boolean.TRUE.equals(survivor.introspect(token).body().get("active")))
			.count();
		assertThat(inactive).as("answered tokens unknown after the kill").isZero();
		for (Completed signIn : signIns) {
			assertThat(direct(this.nodeA).introspect(signIn.accessToken()).body()).containsEntry("active", true);
			RelyingParty onA = direct(this.nodeA);
			HttpResponse<String> again = signIn.browser()
				.followWithin(signIn.browser().get(onA.request().url()), onA.origin());
			assertThat(onA.redirectQuery(again)).as("the completed sign-in's session").containsKey("code");
		}
		assertThat(this.database.number(
				"SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'LOGIN_SUCCESS' AND username = ?", USER)
				- signInsBefore).as("sign-in audit events").isGreaterThanOrEqualTo(signIns.size());
		System.out.printf("cluster: kill -9: %d answered tokens active, %d completed sign-ins with session, tokens "
				+ "and audit event%n", issued.size(), signIns.size());
	}

	@Test
	@Order(7)
	void backChannelLogoutWhenEverythingElseRanThenStillSentOnce() {
		assertThat(this.receiver.requests()).as("back-channel logouts received in the whole run").isEqualTo(1);
	}

	private record Completed(Browser browser, String accessToken) {
	}

	/** Signs in through nginx, again and again, keeping each completed sign-in. */
	private final class SignInLoop implements Runnable {

		private final ConcurrentLinkedQueue<Completed> completed;

		private final AtomicInteger failed;

		private final ConcurrentLinkedQueue<String> errors;

		private volatile boolean running = true;

		SignInLoop(ConcurrentLinkedQueue<Completed> completed, AtomicInteger failed,
				ConcurrentLinkedQueue<String> errors) {
			this.completed = completed;
			this.failed = failed;
			this.errors = errors;
		}

		@Override
		public void run() {
			while (this.running) {
				Browser browser = new Browser();
				try {
					RelyingParty.Json answer = signIn(browser, "openid");
					this.completed.add(new Completed(browser, answer.string("access_token")));
				}
				catch (RuntimeException | AssertionError ex) {
					this.failed.incrementAndGet();
					this.errors.add("sign-in: " + ex.getMessage().lines().findFirst().orElse(""));
				}
			}
		}

		void stop() {
			this.running = false;
		}

	}

	/** An access token of a sign-in of its own (refreshing another grant does not end it). */
	private String freshUserAccessToken() {
		return signIn(new Browser(), "openid").string("access_token");
	}

	/** Refreshes the first sign-in's tokens at {@code at}, keeping the refresh token if none comes back. */
	private RelyingParty.Json refreshed(RelyingParty at) {
		String refreshToken = this.tokens.string("refresh_token");
		RelyingParty.Json answer = at.refresh(refreshToken);
		assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
		this.tokens = answer;
		if (answer.string("refresh_token") == null) {
			Map<String, Object> body = new HashMap<>(answer.body());
			body.put("refresh_token", refreshToken);
			this.tokens = new RelyingParty.Json(answer.status(), body, answer.raw());
		}
		return answer;
	}

	private static void awaitMoreAnswers(Load load, int more) {
		long target = load.answers() + more;
		await("load answers").atMost(WAIT).until(() -> load.answers() >= target);
	}

	private static List<String> tail(List<String> lines, int from) {
		return lines.subList(Math.min(from, lines.size()), lines.size());
	}

}
