package io.microsys.sso.provider.settings.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.MembershipRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bootstrap file: applied idempotently in one transaction, or refused whole with a clear message. */
@ProviderIntegrationTest
@TestPropertySource(properties = "microsys.test.context=bootstrap")
class BootstrapLoaderTests {

	static final String PASSWORD = "correct horse battery staple";

	@TempDir
	Path folder;

	@Autowired
	BootstrapLoader loader;

	@Autowired
	UserRepository users;

	@Autowired
	ClientRepository clients;

	@Autowired
	MembershipRepository memberships;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ScopeRepository scopes;

	String suffix;

	String bobHash;

	@BeforeEach
	void setUp() {
		this.suffix = TestFixtures.unique("b").substring(2);
		this.bobHash = this.passwordEncoder.encode("bob's long password 42");
	}

	/** A complete, valid file whose names are unique to this test. */
	String validFile() {
		return """
				scopes:
				  - name: Finance-%1$s
				    description: Finance department
				users:
				  - username: alice-%1$s
				    email: alice-%1$s@example.com
				    password: "%2$s"
				    first_name: Alice
				    last_name: Doe
				    scope: finance-%1$s
				    language: ar
				  - username: bob-%1$s
				    password_hash: "%3$s"
				    staff: true
				    active: false
				clients:
				  - client_id: wiki-%1$s
				    name: Team Wiki
				    secret: "wiki-secret-0123456789"
				    redirect_uris: [https://wiki.example.com/login/oauth2/code/microsys]
				    post_logout_redirect_uris: [https://wiki.example.com/]
				    backchannel_logout_uri: https://wiki.example.com/logout/connect/back-channel/microsys
				    grant_types: [authorization_code, refresh_token, client_credentials]
				    scopes: [openid, profile, email, offline_access]
				  - client_id: spa-%1$s
				    name: Single page app
				    redirect_uris: [http://localhost:5173/callback]
				    policy:
				      allow_localhost_redirects: true
				      allow_all_authenticated: true
				memberships:
				  - client: wiki-%1$s
				    user: alice-%1$s
				    role: staff
				  - client: spa-%1$s
				    user: ALICE-%1$s
				    role: admin
				    active: false
				""".formatted(this.suffix, PASSWORD, this.bobHash);
	}

	Path write(String content) throws IOException {
		Path file = this.folder.resolve("bootstrap-" + this.suffix + ".yml");
		Files.writeString(file, content);
		return file;
	}

	Map<String, Integer> counts() {
		Map<String, Integer> counts = new HashMap<>();
		for (String table : List.of("sso_scope", "sso_user", "sso_client", "sso_membership")) {
			counts.put(table, this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class));
		}
		return counts;
	}

	@Test
	void applyWhenFileValidThenEverythingIsCreatedWithHashedSecrets() throws Exception {
		BootstrapLoader.Summary summary = this.loader.apply(write(validFile()));

		assertThat(summary.created()).isEqualTo(7);
		SsoUser alice = this.users.findByUsername("alice-" + this.suffix).orElseThrow();
		assertThat(alice.getOrigin()).isEqualTo(AccountOrigin.BOOTSTRAP);
		assertThat(this.scopes.findById(alice.getScope().getId()).orElseThrow().getName())
			.isEqualTo("Finance-" + this.suffix);
		assertThat(alice.getLanguage()).isEqualTo("ar");
		assertThat(alice.isEmailVerified()).isTrue();
		assertThat(alice.getStatus()).isEqualTo(UserStatus.ACTIVE);
		assertThat(alice.getPasswordHash()).startsWith("{argon2}").doesNotContain(PASSWORD);
		assertThat(this.passwordEncoder.matches(PASSWORD, alice.getPasswordHash())).isTrue();
		SsoUser bob = this.users.findByUsername("bob-" + this.suffix).orElseThrow();
		assertThat(bob.isStaff()).isTrue();
		assertThat(bob.getStatus()).isEqualTo(UserStatus.DEACTIVATED);
		assertThat(this.passwordEncoder.matches("bob's long password 42", bob.getPasswordHash())).isTrue();
		SsoClient wiki = this.clients.findByClientId("wiki-" + this.suffix).orElseThrow();
		assertThat(wiki.getSecretHash()).startsWith("{argon2}");
		assertThat(this.passwordEncoder.matches("wiki-secret-0123456789", wiki.getSecretHash())).isTrue();
		assertThat(wiki.getGrantTypes()).containsExactly("authorization_code", "refresh_token", "client_credentials");
		assertThat(wiki.getPolicy().isRequirePkce()).isTrue();
		assertThat(wiki.getPolicy().isRequireHttpsRedirects()).isTrue();
		SsoClient spa = this.clients.findByClientId("spa-" + this.suffix).orElseThrow();
		assertThat(spa.isPublicClient()).isTrue();
		assertThat(spa.getPolicy().isAllowAllAuthenticated()).isTrue();
		assertThat(spa.getScopes()).containsExactly("openid", "profile", "email");
		assertThat(this.memberships.find(wiki.getId(), alice.getId()).orElseThrow().getRole())
			.isEqualTo(MembershipRole.STAFF);
		assertThat(this.memberships.find(spa.getId(), alice.getId()).orElseThrow().isActive()).isFalse();
	}

	@Test
	void applyWhenAppliedTwiceThenNothingDuplicatedAndNothingRehashed() throws Exception {
		Path file = write(validFile());
		this.loader.apply(file);
		Map<String, Integer> before = counts();
		SsoUser alice = this.users.findByUsername("alice-" + this.suffix).orElseThrow();
		String clientHash = this.clients.findByClientId("wiki-" + this.suffix).orElseThrow().getSecretHash();

		BootstrapLoader.Summary again = this.loader.apply(file);

		assertThat(again.created()).isZero();
		assertThat(again.updated()).isZero();
		assertThat(again.unchanged()).isEqualTo(7);
		assertThat(counts()).isEqualTo(before);
		SsoUser reloaded = this.users.findByUsername("alice-" + this.suffix).orElseThrow();
		assertThat(reloaded.getId()).isEqualTo(alice.getId());
		assertThat(reloaded.getUuid()).isEqualTo(alice.getUuid());
		assertThat(reloaded.getPasswordHash()).isEqualTo(alice.getPasswordHash());
		assertThat(this.clients.findByClientId("wiki-" + this.suffix).orElseThrow().getSecretHash())
			.isEqualTo(clientHash);
	}

	@Test
	void applyWhenValuesChangedThenExistingRowsUpdated() throws Exception {
		this.loader.apply(write(validFile()));
		String changed = validFile().replace("role: staff", "role: admin")
			.replace("first_name: Alice", "first_name: Alicia")
			.replace("wiki-secret-0123456789", "another-wiki-secret-987");

		BootstrapLoader.Summary summary = this.loader.apply(write(changed));

		assertThat(summary.updated()).isEqualTo(3);
		SsoUser alice = this.users.findByUsername("alice-" + this.suffix).orElseThrow();
		assertThat(alice.getFirstName()).isEqualTo("Alicia");
		SsoClient wiki = this.clients.findByClientId("wiki-" + this.suffix).orElseThrow();
		assertThat(this.passwordEncoder.matches("another-wiki-secret-987", wiki.getSecretHash())).isTrue();
		assertThat(this.memberships.find(wiki.getId(), alice.getId()).orElseThrow().getRole())
			.isEqualTo(MembershipRole.ADMIN);
	}

	static List<Arguments> malformed() {
		return List.of(Arguments.of("users: [unclosed", "the file is not valid YAML"),
				Arguments.of("groups: []\n", "the file: unknown key 'groups'"),
				Arguments.of("users:\n  - username: carol\n    password: \"%s\"\n    colour: blue\n".formatted(PASSWORD),
						"users[0] (username 'carol'): unknown key 'colour'"),
				Arguments.of("users:\n  - username: carol\n    password: \"%s\"\n    scope: Nowhere\n".formatted(PASSWORD),
						"users[0] (username 'carol'): unknown scope 'Nowhere'"),
				Arguments.of("users:\n  - username: carol\n    password: \"password123\"\n",
						"users[0] (username 'carol'): password is one of the 10,000 most common passwords"),
				Arguments.of("users:\n  - username: carol\n    password: \"short\"\n",
						"users[0] (username 'carol'): password is shorter than 10 characters"),
				Arguments.of("users:\n  - username: carol\n    password: \"%s\"\n    password_hash: \"{bcrypt}x\"\n"
					.formatted(PASSWORD), "users[0] (username 'carol'): give either password or password_hash"),
				Arguments.of("users:\n  - username: carol\n    password_hash: \"plain-text\"\n",
						"users[0] (username 'carol'): password_hash must look like"),
				Arguments.of("users:\n  - username: carol\n    password: \"%1$s\"\n  - username: CAROL\n    password: \"%1$s\"\n"
					.formatted(PASSWORD), "users[1] (username 'CAROL'): username 'CAROL' is declared twice"),
				Arguments.of("users:\n  - username: carol\n    password: \"%s\"\n    staff: yes-please\n".formatted(PASSWORD),
						"users[0] (username 'carol'): 'staff' must be true or false"),
				Arguments.of("clients:\n  - client_id: app\n    name: App\n    redirect_uris: [http://app.example.com/cb]\n",
						"clients[0] (client id 'app'): redirect URI 'http://app.example.com/cb' must use https"),
				Arguments.of("clients:\n  - client_id: app\n    name: App\n    redirect_uris: [http://localhost:8080/cb]\n",
						"clients[0] (client id 'app'): redirect URI 'http://localhost:8080/cb' points to localhost"),
				Arguments.of("clients:\n  - client_id: app\n    name: App\n    redirect_uris: [https://app.example.com/cb]\n    grant_types: [client_credentials]\n",
						"clients[0] (client id 'app'): a public client (no secret) cannot use client_credentials"),
				Arguments.of("clients:\n  - client_id: app\n    name: App\n    redirect_uris: [https://app.example.com/cb]\n    grant_types: [password]\n",
						"clients[0] (client id 'app'): unknown grant type 'password'"),
				Arguments.of("clients:\n  - client_id: app\n    name: App\n    redirect_uris: [https://a.example.com/cb]\n    policy:\n      strict: true\n",
						"clients[0] (client id 'app').policy: unknown key 'strict'"),
				Arguments.of("memberships:\n  - client: ghost\n    user: nobody\n    role: user\n",
						"memberships[0]: unknown client 'ghost'"),
				Arguments.of("clients:\n  - client_id: app\n    name: App\n    redirect_uris: [https://a.example.com/cb]\nmemberships:\n  - client: app\n    user: nobody\n    role: user\n",
						"memberships[0]: unknown user 'nobody'"),
				Arguments.of("users:\n  - username: carol\n    password: \"%s\"\nclients:\n  - client_id: app\n    name: App\n    redirect_uris: [https://a.example.com/cb]\nmemberships:\n  - client: app\n    user: carol\n    role: owner\n"
					.formatted(PASSWORD), "memberships[0]: role must be one of admin, staff, user"));
	}

	@ParameterizedTest
	@MethodSource("malformed")
	void applyWhenFileMalformedThenMessageNamesEntryAndNothingChanges(String content, String expected)
			throws Exception {
		this.loader.apply(write(validFile()));
		Map<String, Integer> before = counts();
		Path file = write(content);

		assertThatThrownBy(() -> this.loader.apply(file)).isInstanceOf(BootstrapException.class)
			.hasMessageStartingWith("Bootstrap file " + file + ": ")
			.hasMessageContaining(expected)
			.hasMessageNotContaining(PASSWORD)
			.hasMessageNotContaining("password123")
			.hasMessageNotContaining("short\"");

		assertThat(counts()).isEqualTo(before);
	}

	@Test
	void applyWhenLaterEntryBrokenThenEarlierValidEntriesAreNotWritten() throws Exception {
		String file = """
				scopes:
				  - name: Legal-%1$s
				users:
				  - username: dave-%1$s
				    password: "%2$s"
				clients:
				  - client_id: bad-%1$s
				    name: Bad
				    redirect_uris: [ftp://files.example.com/cb]
				""".formatted(this.suffix, PASSWORD);
		Map<String, Integer> before = counts();

		assertThatThrownBy(() -> this.loader.apply(write(file))).hasMessageContaining(
				"clients[0] (client id 'bad-" + this.suffix + "'): redirect URI 'ftp://files.example.com/cb' must use http or https");

		assertThat(counts()).isEqualTo(before);
		assertThat(this.users.findByUsername("dave-" + this.suffix)).isEmpty();
	}

	@Test
	void applyWhenFileMissingThenMessageNamesPath() {
		Path missing = this.folder.resolve("nope.yml");

		assertThatThrownBy(() -> this.loader.apply(missing)).isInstanceOf(BootstrapException.class)
			.hasMessageContaining("nope.yml")
			.hasMessageContaining("cannot be read");
	}

	@Test
	void applyWhenFileEmptyThenNothingHappens() throws Exception {
		Map<String, Integer> before = counts();

		this.loader.apply(write(""));

		assertThat(counts()).isEqualTo(before);
	}

	@Test
	void startupWhenBootstrapFileMalformedThenProviderDoesNotStart() throws Exception {
		Path file = write("users:\n  - username: erin\n    password: \"qwerty\"\n");
		Map<String, Object> properties = new HashMap<>(ProviderTestInitializer.properties());
		properties.put("microsys.sso.bootstrap.file", file.toString());

		assertThatThrownBy(() -> ProviderTestInitializer.start(properties).close())
			.hasStackTraceContaining("users[0] (username 'erin'): password is shorter than 10 characters");
	}

	@Test
	void startupWhenBootstrapFileValidThenAppliedAtEachStart() throws Exception {
		Path file = write(validFile());
		Map<String, Object> properties = new HashMap<>(ProviderTestInitializer.properties());
		properties.put("microsys.sso.bootstrap.file", file.toString());

		try (var first = ProviderTestInitializer.start(properties)) {
			assertThat(first.getBean(ClientRepository.class).findByClientId("wiki-" + this.suffix)).isPresent();
		}
		try (var second = ProviderTestInitializer.start(properties)) {
			assertThat(second.getBean(UserRepository.class).count()).isEqualTo(2);
		}
	}

}
