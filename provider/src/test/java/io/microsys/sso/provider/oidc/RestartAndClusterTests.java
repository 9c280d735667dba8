package io.microsys.sso.provider.oidc;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestDatabase;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The provider keeps its keys, grants and logins in the database: a restart changes nothing for
 * connected apps, a key rotation breaks no issued token, and two nodes share sign-ins.
 */
@Tag("db")
class RestartAndClusterTests {

	/** Properties of a provider whose database survives the JVM's view of a restart (a file for H2). */
	private static Map<String, Object> durableProperties() {
		Map<String, Object> properties = new HashMap<>(ProviderTestInitializer.properties());
		if (!TestDatabase.isMysql()) {
			properties.put("spring.datasource.url", "jdbc:h2:file:" + ProviderTestInitializer.dataDir(properties)
					+ "/sso;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE");
		}
		// No configured master key: the first start creates the key file, the restart reads it.
		properties.remove("microsys.sso.master-key");
		return properties;
	}

	private record Issued(RelyingParty app, RelyingParty.Json tokens, String jwks) {
	}

	private static Issued signIn(ConfigurableApplicationContext context, String issuer) {
		TestFixtures fixtures = new TestFixtures(context);
		SsoClient client = fixtures.confidentialClient((c) -> {
		});
		SsoUser user = fixtures.user();
		fixtures.membership(client, user, MembershipRole.ADMIN);
		RelyingParty app = new RelyingParty(issuer, client.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = app.request().with("scope", "openid offline_access");
		String code = app.code(new Browser(), request, user.getUsername(), TestFixtures.PASSWORD);
		RelyingParty.Json tokens = app.exchange(code, request.pkce.verifier());
		assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
		String jwks = new Browser().get(issuer + "/.well-known/jwks.json").body();
		return new Issued(app, tokens, jwks);
	}

	@Test
	void restartWhenSameDatabaseThenSameJwksAndIssuedTokensStillWork() throws Exception {
		Map<String, Object> properties = durableProperties();
		String issuer = (String) properties.get("microsys.sso.issuer");
		Issued before;
		try (ConfigurableApplicationContext first = ProviderTestInitializer.start(properties)) {
			before = signIn(first, issuer);
		}
		java.nio.file.Path keyFile = ProviderTestInitializer.dataDir(properties).resolve("master.key");
		assertThat(java.nio.file.Files.getPosixFilePermissions(keyFile))
			.isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

		try (ConfigurableApplicationContext second = ProviderTestInitializer.start(properties)) {
			String jwksAfter = new Browser().get(issuer + "/.well-known/jwks.json").body();
			assertThat(JWKSet.parse(jwksAfter).toJSONObject()).isEqualTo(JWKSet.parse(before.jwks()).toJSONObject());
			assertThat(before.app().verify(before.tokens().string("id_token")).getIssuer()).isEqualTo(issuer);
			assertThat(before.app().introspect(before.tokens().string("access_token")).body()).containsEntry("active",
					true);
			// The provider itself accepts the old key's tokens as bearer tokens too.
			RelyingParty.Json userinfo = before.app().userinfo(before.tokens().string("access_token"));
			assertThat(userinfo.status()).as(userinfo.raw()).isEqualTo(200);
			assertThat(userinfo.body()).containsEntry("microsys_sso_role", "admin");
			assertThat(before.app().userinfo(before.tokens().string("access_token")).status()).isEqualTo(200);
			assertThat(before.app().refresh(before.tokens().string("refresh_token")).status()).isEqualTo(200);
		}
	}

	@Test
	void restartWhenMasterKeyIsNotTheDatabasesThenStartFailsNamingTheProblem() throws Exception {
		Map<String, Object> properties = durableProperties();
		try (ConfigurableApplicationContext first = ProviderTestInitializer.start(properties)) {
			assertThat(first.isActive()).isTrue();
		}
		// The key file is lost and a new one is made: the stored signing keys cannot be opened.
		Path keyFile = ProviderTestInitializer.dataDir(properties).resolve("master.key");
		Files.delete(keyFile);

		assertThatThrownBy(() -> ProviderTestInitializer.start(properties).close())
			.hasStackTraceContaining("The master key cannot decrypt the signing keys stored in the database")
			.hasStackTraceContaining("MICROSYS_SSO_MASTER_KEY");
		String issuer = (String) properties.get("microsys.sso.issuer");
		assertThatThrownBy(() -> new Browser().get(issuer + "/.well-known/jwks.json"))
			.as("nothing answers on the provider's port")
			.hasCauseInstanceOf(ConnectException.class);
	}

	@Test
	void rotationWhenRequestedAtStartThenNewKeySignsAndOldTokensStillVerify() throws Exception {
		Map<String, Object> properties = durableProperties();
		String issuer = (String) properties.get("microsys.sso.issuer");
		Issued before;
		try (ConfigurableApplicationContext first = ProviderTestInitializer.start(properties)) {
			before = signIn(first, issuer);
		}
		String oldKid = SignedJWT.parse(before.tokens().string("access_token")).getHeader().getKeyID();
		Map<String, Object> rotating = new HashMap<>(properties);
		rotating.put("microsys.sso.keys.rotate", "true");
		// One node: the new key may sign at once (a cluster publishes it on every node first).
		rotating.put("microsys.sso.keys.publish-ahead", "0s");

		try (ConfigurableApplicationContext second = ProviderTestInitializer.start(rotating)) {
			JWKSet published = JWKSet.parse(new Browser().get(issuer + "/.well-known/jwks.json").body());
			assertThat(published.getKeys()).hasSize(2);
			assertThat(published.getKeyByKeyId(oldKid)).isNotNull();
			assertThat(published.getKeys()).allSatisfy((key) -> assertThat(key.isPrivate()).isFalse());
			assertThat(before.app().verify(before.tokens().string("access_token")).getClaim("microsys_sso_role"))
				.isEqualTo("admin");
			assertThat(before.app().introspect(before.tokens().string("access_token")).body()).containsEntry("active",
					true);
			// The provider itself accepts the old key's tokens as bearer tokens too.
			RelyingParty.Json userinfo = before.app().userinfo(before.tokens().string("access_token"));
			assertThat(userinfo.status()).as(userinfo.raw()).isEqualTo(200);
			assertThat(userinfo.body()).containsEntry("microsys_sso_role", "admin");

			Issued after = signIn(second, issuer);
			String newKid = SignedJWT.parse(after.tokens().string("access_token")).getHeader().getKeyID();
			assertThat(newKid).isNotEqualTo(oldKid);
			assertThat(after.app().verify(after.tokens().string("id_token")).getIssuer()).isEqualTo(issuer);
		}
	}

	@Test
	void twoNodesWhenSignedInAtOneThenTheOtherIssuesCodesWithoutLogin() {
		Map<String, Object> nodeA = ProviderTestInitializer.properties();
		Map<String, Object> nodeB = new HashMap<>(ProviderTestInitializer.properties());
		for (String shared : new String[] { "spring.datasource.url", "spring.datasource.username",
				"spring.datasource.password", "microsys.sso.master-key", "microsys.sso.issuer" }) {
			nodeB.put(shared, nodeA.get(shared));
		}
		String issuerA = (String) nodeA.get("microsys.sso.issuer");
		String issuerB = "http://localhost:" + nodeB.get("server.port") + "/o";
		try (ConfigurableApplicationContext a = ProviderTestInitializer.start(nodeA);
				ConfigurableApplicationContext b = ProviderTestInitializer.start(nodeB)) {
			TestFixtures fixtures = new TestFixtures(a);
			SsoClient client = fixtures.confidentialClient((c) -> {
			});
			SsoUser user = fixtures.user();
			fixtures.membership(client, user, MembershipRole.STAFF);
			Browser browser = new Browser();
			RelyingParty viaA = new RelyingParty(issuerA, client.getClientId(), TestFixtures.SECRET,
					TestFixtures.REDIRECT_URI);
			viaA.code(browser, viaA.request(), user.getUsername(), TestFixtures.PASSWORD);

			RelyingParty viaB = new RelyingParty(issuerB, client.getClientId(), TestFixtures.SECRET,
					TestFixtures.REDIRECT_URI);
			RelyingParty.Request request = viaB.request();
			HttpResponse<String> response = browser.followWithin(browser.get(request.url()), viaB.origin());
			String code = viaB.redirectQuery(response).get("code");
			assertThat(code).isNotNull();

			RelyingParty.Json tokens = viaA.exchange(code, request.pkce.verifier());
			assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
			assertThat(viaA.verify(tokens.string("id_token")).getIssuer()).isEqualTo(issuerA);
			assertThat(viaB.introspect(tokens.string("access_token")).body()).containsEntry("active", true);
		}
	}

}
