package io.microsys.sso.provider.setup.bootstrap;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.MembershipRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.session.ProviderSessionEnd;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestBootstrapFiles;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

import static io.microsys.sso.provider.support.TestBootstrapFiles.ALICE_PASSWORD;
import static io.microsys.sso.provider.support.TestBootstrapFiles.BOB_PASSWORD;
import static io.microsys.sso.provider.support.TestBootstrapFiles.WIKI_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bootstrap file on a running provider: applied idempotently in one transaction, or refused
 * whole with a message that names the entry, never a secret, and leaves every row as it was.
 */
@ProviderIntegrationTest
@TestPropertySource(properties = "microsys.test.context=bootstrap")
@ExtendWith(OutputCaptureExtension.class)
class BootstrapLoaderTests {

	/** Values the malformed cases below use where a password, hash or secret goes. */
	static final List<String> SENSITIVE = List.of(ALICE_PASSWORD, "password123", "Qz9!x", "plain-text-hash",
			"tiny-sec", "x-other-pass");

	@TempDir
	Path folder;

	final Provider provider;

	@Autowired
	ApplicationContext context;

	@Autowired
	BootstrapLoader loader;

	@Autowired
	UserRepository users;

	@Autowired
	ScopeRepository scopes;

	@Autowired
	ClientRepository clients;

	@Autowired
	MembershipRepository memberships;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	TestBootstrapFiles files;

	String bobHash;

	BootstrapLoaderTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.files = new TestBootstrapFiles(this.folder);
		this.bobHash = this.passwordEncoder.encode(BOB_PASSWORD);
	}

	SsoUser user(String base) {
		return this.users.findByUsername(this.files.name(base)).orElseThrow();
	}

	SsoClient client(String base) {
		return this.clients.findByClientId(this.files.name(base)).orElseThrow();
	}

	Map<String, List<Map<String, Object>>> snapshot() {
		return TestBootstrapFiles.snapshot(this.jdbc);
	}

	@Test
	void applyWhenFileValidThenEverythingIsCreatedWithHashedSecrets() {
		BootstrapSummary summary = this.loader.apply(this.files.write(this.files.valid(this.bobHash)));

		assertThat(summary).isEqualTo(new BootstrapSummary(7, 0, 0));
		SsoUser alice = user("alice");
		assertThat(alice.getOrigin()).isEqualTo(AccountOrigin.BOOTSTRAP);
		assertThat(alice.getEmail()).isEqualTo(this.files.name("alice") + "@example.com");
		assertThat(alice.isEmailVerified()).isTrue();
		assertThat(alice.getStatus()).isEqualTo(UserStatus.ACTIVE);
		assertThat(alice.getLanguage()).isEqualTo("ar");
		assertThat(alice.isStaff()).isFalse();
		assertThat(this.scopes.findById(alice.getScope().getId()).orElseThrow().getName())
			.isEqualTo(this.files.name("Finance"));
		assertThat(alice.getPasswordHash()).startsWith("{argon2}").doesNotContain(ALICE_PASSWORD);
		assertThat(this.passwordEncoder.matches(ALICE_PASSWORD, alice.getPasswordHash())).isTrue();
		SsoUser bob = user("bob");
		assertThat(bob.isStaff()).isTrue();
		assertThat(bob.getStatus()).isEqualTo(UserStatus.DEACTIVATED);
		assertThat(bob.getDeactivatedAt()).isNotNull();
		assertThat(bob.getPasswordHash()).isEqualTo(this.bobHash);
		assertThat(this.passwordEncoder.matches(BOB_PASSWORD, bob.getPasswordHash())).isTrue();
		SsoClient wiki = client("wiki");
		assertThat(wiki.isPublicClient()).isFalse();
		assertThat(wiki.getSecretHash()).startsWith("{argon2}");
		assertThat(this.passwordEncoder.matches(WIKI_SECRET, wiki.getSecretHash())).isTrue();
		assertThat(wiki.getName()).isEqualTo("Team Wiki");
		assertThat(wiki.getRedirectUris()).containsExactly("https://wiki.example.com/login/oauth2/code/microsys");
		assertThat(wiki.getPostLogoutRedirectUris()).containsExactly("https://wiki.example.com/");
		assertThat(wiki.getBackchannelLogoutUri())
			.isEqualTo("https://wiki.example.com/logout/connect/back-channel/microsys");
		assertThat(wiki.getGrantTypes()).containsExactly("authorization_code", "refresh_token", "client_credentials");
		assertThat(wiki.getScopes()).containsExactly("openid", "profile", "email", "offline_access");
		assertThat(wiki.getPolicy().isActive()).isTrue();
		assertThat(wiki.getPolicy().isRequirePkce()).isTrue();
		assertThat(wiki.getPolicy().isRequireHttpsRedirects()).isTrue();
		assertThat(wiki.getPolicy().isAllowLocalhostRedirects()).isFalse();
		SsoClient spa = client("spa");
		assertThat(spa.isPublicClient()).isTrue();
		assertThat(spa.getGrantTypes()).containsExactly("authorization_code", "refresh_token");
		assertThat(spa.getScopes()).containsExactly("openid", "profile", "email");
		assertThat(spa.getPolicy().isAllowAllAuthenticated()).isTrue();
		assertThat(spa.getPolicy().isAllowLocalhostRedirects()).isTrue();
		assertThat(this.memberships.find(wiki.getId(), alice.getId()).orElseThrow())
			.satisfies((m) -> assertThat(m.getRole()).isEqualTo(MembershipRole.STAFF))
			.satisfies((m) -> assertThat(m.isActive()).isTrue());
		assertThat(this.memberships.find(spa.getId(), alice.getId()).orElseThrow())
			.satisfies((m) -> assertThat(m.getRole()).isEqualTo(MembershipRole.ADMIN))
			.satisfies((m) -> assertThat(m.isActive()).isFalse());
	}

	@Test
	void applyWhenContractExampleThenItApplies() {
		this.loader.apply(this.files.write(TestBootstrapFiles.contractExample()));

		SsoUser alice = this.users.findByUsername("alice").orElseThrow();
		SsoClient wiki = this.clients.findByClientId("wiki").orElseThrow();
		assertThat(this.passwordEncoder.matches("wiki-secret", wiki.getSecretHash())).isTrue();
		assertThat(this.memberships.find(wiki.getId(), alice.getId()).orElseThrow().getRole())
			.isEqualTo(MembershipRole.STAFF);
	}

	@Test
	void applyWhenPublicClientListsTheDeviceGrantThenItIsStoredWithoutRedirectUris() {
		this.loader.apply(this.files.write("clients:\n  - client_id: tv\n    name: Lobby TV\n"
				+ "    grant_types: [urn:ietf:params:oauth:grant-type:device_code]\n    scopes: [openid, profile]\n"));

		SsoClient tv = this.clients.findByClientId("tv").orElseThrow();
		assertThat(tv.isPublicClient()).isTrue();
		assertThat(tv.getGrantTypes()).containsExactly("urn:ietf:params:oauth:grant-type:device_code");
	}

	@Test
	void applyWhenPasswordHashIsBcryptOrPbkdf2ThenStoredAsGivenAndVerifies() {
		String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder().encode(BOB_PASSWORD);
		String pbkdf2 = "{pbkdf2}" + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(BOB_PASSWORD);
		String file = "users:\n  - username: %s\n    password_hash: \"%s\"\n  - username: %s\n    password_hash: \"%s\"\n"
			.formatted(this.files.name("dan"), bcrypt, this.files.name("eve"), pbkdf2);

		this.loader.apply(this.files.write(file));

		assertThat(user("dan").getPasswordHash()).isEqualTo(bcrypt);
		assertThat(user("eve").getPasswordHash()).isEqualTo(pbkdf2);
		assertThat(this.passwordEncoder.matches(BOB_PASSWORD, user("dan").getPasswordHash())).isTrue();
		assertThat(this.passwordEncoder.matches(BOB_PASSWORD, user("eve").getPasswordHash())).isTrue();
	}

	@Test
	void applyWhenAppliedTwiceThenNothingIsDuplicatedRehashedOrWritten() {
		Path file = this.files.write(this.files.valid(this.bobHash));
		this.loader.apply(file);
		Map<String, List<Map<String, Object>>> before = snapshot();

		BootstrapSummary again = this.loader.apply(file);

		assertThat(again).isEqualTo(new BootstrapSummary(0, 0, 7));
		// same rows, same ids, same hashes, same versions and update times
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void applyWhenValuesChangedThenExistingRowsAreUpdated() {
		String original = this.files.valid(this.bobHash);
		this.loader.apply(this.files.write(original));
		long aliceId = user("alice").getId();
		String changed = original.replace("first_name: Alice", "first_name: Alicia")
			.replace("role: staff", "role: admin")
			.replace(WIKI_SECRET, "another-wiki-secret-987")
			.replace("      allow_all_authenticated: true\n", "");

		BootstrapSummary summary = this.loader.apply(this.files.write(changed));

		assertThat(summary).isEqualTo(new BootstrapSummary(0, 4, 3));
		SsoUser alice = user("alice");
		assertThat(alice.getId()).isEqualTo(aliceId);
		assertThat(alice.getFirstName()).isEqualTo("Alicia");
		SsoClient wiki = client("wiki");
		assertThat(this.passwordEncoder.matches("another-wiki-secret-987", wiki.getSecretHash())).isTrue();
		assertThat(this.passwordEncoder.matches(WIKI_SECRET, wiki.getSecretHash())).isFalse();
		assertThat(client("spa").getPolicy().isAllowAllAuthenticated()).isFalse();
		assertThat(this.memberships.find(wiki.getId(), alice.getId()).orElseThrow().getRole())
			.isEqualTo(MembershipRole.ADMIN);
	}

	@Test
	void applyWhenExistingNamesDifferInCaseThenExistingRowsAreUpdated() {
		Scope scope = new TransactionTemplate(this.transactionManager)
			.execute((status) -> this.scopes.save(new Scope(this.files.name("LEGAL"))));
		SsoUser carol = this.provider.fixtures().user((u) -> u.setUsername(this.files.name("Carol")));
		int scopeCount = this.scopes.findAll().size();
		long userCount = this.users.count();
		String file = """
				scopes:
				  - name: %1$s
				    description: Legal department
				users:
				  - username: %2$s
				    first_name: Carol
				    scope: %3$s
				""".formatted(this.files.name("legal"), this.files.name("CAROL"), this.files.name("Legal"));

		BootstrapSummary summary = this.loader.apply(this.files.write(file));

		assertThat(summary).isEqualTo(new BootstrapSummary(0, 2, 0));
		assertThat(this.scopes.findAll()).hasSize(scopeCount);
		assertThat(this.users.count()).isEqualTo(userCount);
		Scope legal = this.scopes.findById(scope.getId()).orElseThrow();
		assertThat(legal.getName()).isEqualTo(this.files.name("legal"));
		assertThat(legal.getDescription()).isEqualTo("Legal department");
		SsoUser updated = this.users.findById(carol.getId()).orElseThrow();
		assertThat(updated.getUsername()).isEqualTo(this.files.name("CAROL"));
		assertThat(updated.getScope().getId()).isEqualTo(scope.getId());
		assertThat(updated.getOrigin()).isEqualTo(AccountOrigin.ADMIN);
		// no password in the file: the account keeps its own
		assertThat(updated.getPasswordHash()).isEqualTo(carol.getPasswordHash());
	}

	@Test
	void applyWhenPolicyLetsAppAdminsAppointAdminsThenStoredAndOffAgainWhenLeftOut() {
		String name = this.files.name("team");
		String app = "clients:\n  - client_id: " + name + "\n    name: Team\n    secret: \"" + WIKI_SECRET
				+ "\"\n    redirect_uris: [https://team.example.com/cb]\n";
		this.loader.apply(this.files.write(app + "    policy:\n      app_admins_appoint_admins: true\n"));

		assertThat(client("team").getPolicy().isAppAdminsAppointAdmins()).isTrue();

		this.loader.apply(this.files.write(app));

		assertThat(client("team").getPolicy().isAppAdminsAppointAdmins()).isFalse();
	}

	@Test
	void applyWhenPolicyAllowsParAndRequiresDpopThenAppCarriesBoth() {
		String name = this.files.name("api");
		this.loader.apply(this.files.write("clients:\n  - client_id: " + name + "\n    name: API\n    secret: \""
				+ WIKI_SECRET + "\"\n    redirect_uris: [https://api.example.com/cb]\n    policy:\n      allow_par: true\n"
				+ "      require_dpop: true\n"));

		SsoClient api = client("api");
		assertThat(api.getPolicy().isAllowPar()).isTrue();
		assertThat(api.getPolicy().isRequirePar()).isFalse();
		assertThat(api.getPolicy().isDpopAllowed()).isTrue();
		assertThat(api.getPolicy().isRequireDpop()).isTrue();
		assertThat(this.jdbc.queryForMap("SELECT allow_par, require_par, allow_dpop, require_dpop FROM sso_client "
				+ "WHERE client_id = ?", name).values()).containsExactly(true, false, true, true);

		this.loader.apply(this.files.write("clients:\n  - client_id: " + name + "\n    name: API\n    secret: \""
				+ WIKI_SECRET + "\"\n    redirect_uris: [https://api.example.com/cb]\n"));

		assertThat(client("api").getPolicy()).extracting("allowPar", "requirePar", "allowDpop", "requireDpop")
			.containsExactly(false, false, false, false);
	}

	static List<Arguments> malformed() {
		String carol = "users:\n  - username: carol\n    password: \"%s\"\n".formatted(ALICE_PASSWORD);
		String app = "clients:\n  - client_id: app\n    name: App\n";
		return List.of(Arguments.of("users: [unclosed", "the file is not valid YAML at line 1"),
				Arguments.of("users:\n  - username: carol\n    password: \"x-other-pass\"\n    password: \"x-other-pass\"\n",
						"the file is not valid YAML at line 4, column 5: found duplicate key password"),
				Arguments.of("groups: []\n", "the file: unknown key 'groups'"),
				Arguments.of(carol + "    colour: blue\n", "users[0] (username 'carol'): unknown key 'colour'"),
				Arguments.of(app + "    redirect_uris: [https://a.example.com/cb]\n    policy:\n      strict: true\n",
						"clients[0] (client id 'app').policy: unknown key 'strict'"),
				Arguments.of(carol + "    staff: yes-please\n",
						"users[0] (username 'carol'): 'staff' must be true or false"),
				Arguments.of(carol + "    scope: Nowhere\n", "users[0] (username 'carol'): unknown scope 'Nowhere'"),
				Arguments.of("memberships:\n  - client: ghost\n    user: nobody\n    role: user\n",
						"memberships[0] (client 'ghost', user 'nobody'): unknown client 'ghost'"),
				Arguments.of(app + "    redirect_uris: [https://a.example.com/cb]\n"
						+ "memberships:\n  - client: app\n    user: nobody\n    role: user\n",
						"memberships[0] (client 'app', user 'nobody'): unknown user 'nobody'"),
				Arguments.of(app + "    redirect_uris: [http://app.example.com/cb]\n",
						"clients[0] (client id 'app'): redirect URI 'http://app.example.com/cb' must use https (or set "
								+ "require_https_redirects: false in the app's policy)"),
				Arguments.of(app + "    redirect_uris: [http://localhost:8080/cb]\n",
						"clients[0] (client id 'app'): redirect URI 'http://localhost:8080/cb' points to localhost, which the "
								+ "policy does not allow (set allow_localhost_redirects: true in the app's policy for a "
								+ "development app)"),
				Arguments.of("users:\n  - username: carol\n    password: \"password123\"\n",
						"users[0] (username 'carol'): password is one of the 10,000 most common passwords"),
				Arguments.of("users:\n  - username: carol\n    password: \"Qz9!x\"\n",
						"users[0] (username 'carol'): password is shorter than 8 characters"),
				Arguments.of(carol + "    password_hash: \"{bcrypt}plain-text-hash\"\n",
						"users[0] (username 'carol'): give either password or password_hash, not both"),
				Arguments.of("users:\n  - username: carol\n    password_hash: \"plain-text-hash\"\n",
						"users[0] (username 'carol'): password_hash must be {argon2}, {bcrypt} or {pbkdf2}"),
				Arguments.of(carol + app + "    redirect_uris: [https://a.example.com/cb]\n"
						+ "memberships:\n  - client: app\n    user: carol\n    role: owner\n",
						"memberships[0] (client 'app', user 'carol'): role must be one of admin, staff, user"),
				Arguments.of(carol + "  - username: CAROL\n    password: \"x-other-pass\"\n",
						"users[1] (username 'CAROL'): username 'CAROL' is declared twice"),
				Arguments.of(carol + "  - username: cárol\n    password: \"x-other-pass\"\n",
						"users[1] (username 'cárol'): username 'cárol' looks like another username in the file"),
				Arguments.of("users:\n  - username: carol@example.com\n    password: \"x-other-pass\"\n",
						"users[0] (username 'carol@example.com'): a username may not contain @"),
				Arguments.of("users:\n  - username: \"car\u200bol\"\n    password: \"x-other-pass\"\n",
						"a username may not contain invisible characters, control characters or spaces"),
				Arguments.of(app + "    redirect_uris: [https://a.example.com/cb]\n    grant_types: [client_credentials]\n",
						"clients[0] (client id 'app'): a public client (no secret) cannot use client_credentials"),
				Arguments.of(app + "    secret: \"x-app-secret-1\"\n    redirect_uris: [https://a.example.com/cb]\n"
						+ "    policy:\n      allow_par: false\n      require_par: true\n",
						"clients[0] (client id 'app').policy: require_par: true needs allow_par: true"),
				Arguments.of(app + "    secret: \"x-app-secret-1\"\n    redirect_uris: [https://a.example.com/cb]\n"
						+ "    policy:\n      allow_dpop: false\n      require_dpop: true\n",
						"clients[0] (client id 'app').policy: require_dpop: true needs allow_dpop: true"),
				Arguments.of(app + "    redirect_uris: [https://a.example.com/cb]\n    policy:\n      require_par: true\n",
						"clients[0] (client id 'app'): a public client (no secret) cannot push authorization requests"),
				Arguments.of(app + "    redirect_uris: [https://a.example.com/cb]\n"
						+ "    grant_types: [authorization_code, \"urn:ietf:params:oauth:grant-type:token-exchange\"]\n",
						"clients[0] (client id 'app'): a public client (no secret) cannot use "
								+ "urn:ietf:params:oauth:grant-type:token-exchange"),
				Arguments.of(app + "    redirect_uris: [https://a.example.com/cb]\n    grant_types: [password]\n",
						"clients[0] (client id 'app'): unknown grant type 'password'"),
				Arguments.of(app + "    secret: \"tiny\"\n    redirect_uris: [https://a.example.com/cb]\n",
						"clients[0] (client id 'app'): secret must be 8 to 512 characters long"));
	}

	@ParameterizedTest
	@MethodSource("malformed")
	void applyWhenFileMalformedThenMessageNamesEntryAndNothingChanges(String content, String expected) {
		this.loader.apply(this.files.write(this.files.valid(this.bobHash)));
		Map<String, List<Map<String, Object>>> before = snapshot();
		Path file = this.files.write(content);

		assertThatThrownBy(() -> this.loader.apply(file)).isInstanceOf(BootstrapException.class)
			.hasMessageStartingWith("Bootstrap file " + file + ": ")
			.hasMessageContaining(expected)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(SENSITIVE));

		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void applyWhenLastEntryBrokenThenChangesBeforeItAreNotWritten() {
		String original = this.files.valid(this.bobHash);
		this.loader.apply(this.files.write(original));
		Map<String, List<Map<String, Object>>> before = snapshot();
		String broken = "scopes:\n  - name: " + this.files.name("Legal") + "\n"
				+ original.replace("scopes:\n", "")
					.replace("first_name: Alice", "first_name: Alicia")
					.replace("role: staff", "role: admin")
					.replace(WIKI_SECRET, "another-wiki-secret-987")
				+ "  - client: " + this.files.name("wiki") + "\n    user: " + this.files.name("ghost")
				+ "\n    role: user\n";

		assertThatThrownBy(() -> this.loader.apply(this.files.write(broken)))
			.hasMessageContaining("memberships[2] (client '" + this.files.name("wiki") + "', user '"
					+ this.files.name("ghost") + "'): unknown user '" + this.files.name("ghost") + "'");

		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void applyWhenWritingFailsHalfwayThenEverythingWrittenIsRolledBack() {
		this.loader.apply(this.files.write(this.files.valid(this.bobHash)));
		Map<String, List<Map<String, Object>>> before = snapshot();
		AtomicInteger attempts = new AtomicInteger();
		BootstrapApplier failing = new BootstrapApplier(this.scopes, this.users, this.clients, this.memberships,
				this.passwordEncoder, Clock.systemUTC()) {
			@Override
			BootstrapSummary apply(BootstrapFile file) {
				super.apply(file);
				attempts.incrementAndGet();
				throw new DataIntegrityViolationException("simulated");
			}
		};
		BootstrapLoader loader = new BootstrapLoader(this.context.getBean(BootstrapValidator.class), failing,
				this.context, this.transactionManager,
				this.context.getBean(ProviderSessionEnd.class), this.context.getBean(TrustedBrowsers.class));
		String changed = this.files.valid(this.bobHash).replace("first_name: Alice", "first_name: Alicia")
				+ "  - client: " + this.files.name("wiki") + "\n    user: " + this.files.name("bob")
				+ "\n    role: user\n";

		assertThatThrownBy(() -> loader.apply(this.files.write(changed))).isInstanceOf(BootstrapException.class)
			.hasMessageContaining("the database refused it (DataIntegrityViolationException); nothing was changed");

		assertThat(attempts).hasValue(3);
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void applyWhenTwoNodesApplyTheSameNewFileAtOnceThenBothSucceedWithoutDuplicates() throws Exception {
		Path file = this.files.write(this.files.valid(this.bobHash));
		long usersBefore = this.users.count();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService nodes = Executors.newFixedThreadPool(2);
		try {
			List<Future<BootstrapSummary>> results = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				results.add(nodes.submit(() -> {
					start.await();
					return this.loader.apply(file);
				}));
			}
			start.countDown();
			for (Future<BootstrapSummary> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS).created()).isBetween(0, 7);
			}
		}
		finally {
			nodes.shutdownNow();
		}

		assertThat(this.users.count()).isEqualTo(usersBefore + 2);
		assertThat(this.loader.apply(file)).isEqualTo(new BootstrapSummary(0, 0, 7));
	}

	@Test
	void applyWhenFileWouldDemoteOrDeactivateSuperuserThenRefused() {
		SsoUser root = this.provider.fixtures().user((u) -> {
			u.setUsername(this.files.name("root"));
			u.setStaff(true);
			u.setSuperuser(true);
		});
		Map<String, List<Map<String, Object>>> before = snapshot();
		String demote = "users:\n  - username: %s\n    staff: true\n".formatted(root.getUsername());
		String deactivate = "users:\n  - username: %s\n    superuser: true\n    active: false\n"
			.formatted(root.getUsername());

		assertThatThrownBy(() -> this.loader.apply(this.files.write(demote)))
			.hasMessageContaining("users[0] (username '" + root.getUsername()
					+ "'): is an existing superuser, and a superuser cannot be demoted");
		assertThatThrownBy(() -> this.loader.apply(this.files.write(deactivate)))
			.hasMessageContaining("users[0] (username '" + root.getUsername() + "'): a superuser cannot be inactive");

		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void applyWhenFileMissingThenMessageNamesPath() {
		Path missing = this.folder.resolve("nope.yml");

		assertThatThrownBy(() -> this.loader.apply(missing)).isInstanceOf(BootstrapException.class)
			.hasMessage("Bootstrap file " + missing + ": the file does not exist");
	}

	@Test
	void applyWhenFileEmptyOrOnlyCommentsThenNothingChanges() {
		Map<String, List<Map<String, Object>>> before = snapshot();

		assertThat(this.loader.apply(this.files.write(""))).isEqualTo(new BootstrapSummary(0, 0, 0));
		assertThat(this.loader.apply(this.files.write("# nothing yet\n"))).isEqualTo(new BootstrapSummary(0, 0, 0));

		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void applyWhenAppliedThenOneLogLineAndOneAuditEventWithoutSecrets(CapturedOutput output) {
		String audited = "SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'BOOTSTRAP_APPLIED'";
		int eventsBefore = this.jdbc.queryForObject(audited, Integer.class);
		Path file = this.files.write(this.files.valid(this.bobHash));

		this.loader.apply(file);
		assertThatThrownBy(() -> this.loader.apply(this.files.write("users:\n  - username: carol\n    password: \"Qz9!x\"\n")));

		assertThat(this.jdbc.queryForObject(audited, Integer.class)).isEqualTo(eventsBefore + 1);
		assertThat(this.jdbc.queryForObject(
				"SELECT detail FROM sso_audit_event WHERE event_type = 'BOOTSTRAP_APPLIED' ORDER BY id DESC LIMIT 1",
				String.class))
			.isEqualTo("7 created, 0 updated, 0 unchanged");
		assertThat(output.getOut()).containsOnlyOnce("Applied bootstrap file " + file)
			.contains("7 created, 0 updated, 0 unchanged")
			.doesNotContain(ALICE_PASSWORD, BOB_PASSWORD, WIKI_SECRET, this.bobHash, user("alice").getPasswordHash(),
					client("wiki").getSecretHash(), "Qz9!x");
	}

}
