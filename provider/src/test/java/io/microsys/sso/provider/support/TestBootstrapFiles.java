package io.microsys.sso.provider.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bootstrap files for tests: a complete valid file whose names carry a suffix unique to the test
 * (so tests sharing one provider never meet), files written to a folder, the CONTRACT §6 example,
 * and a snapshot of the tables a bootstrap file writes, to show that a refused file changed nothing.
 */
public final class TestBootstrapFiles {

	/** Password of {@code alice-…} in {@link #valid(String)}. */
	public static final String ALICE_PASSWORD = "correct horse battery staple";

	/** Password whose hash {@code bob-…} gets in {@link #valid(String)}. */
	public static final String BOB_PASSWORD = "bob's long password 42";

	/** Secret of the confidential client {@code wiki-…} in {@link #valid(String)}. */
	public static final String WIKI_SECRET = "wiki-secret-0123456789";

	/** The tables a bootstrap file writes. */
	public static final List<String> TABLES = List.of("sso_scope", "sso_user", "sso_client", "sso_membership");

	private final Path folder;

	private final String suffix = UUID.randomUUID().toString().substring(0, 8);

	private final AtomicInteger files = new AtomicInteger();

	public TestBootstrapFiles(Path folder) {
		this.folder = folder;
	}

	/** {@code base} with this test's suffix, as the names in {@link #valid(String)}. */
	public String name(String base) {
		return base + "-" + this.suffix;
	}

	/**
	 * A complete, valid file: scope {@code Finance-…}; users {@code alice-…} (password, scope
	 * referenced in lower case, Arabic) and {@code bob-…} (the given {@code password_hash}, staff,
	 * inactive); the confidential client {@code wiki-…} (client credentials, back-channel logout) and
	 * the public client {@code spa-…} (localhost redirects, defaults otherwise); alice is staff of
	 * the wiki and an inactive admin of the spa (named in upper case). Seven entries.
	 */
	public String valid(String bobHash) {
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
				    secret: "%4$s"
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
				""".formatted(this.suffix, ALICE_PASSWORD, bobHash, WIKI_SECRET);
	}

	/** Writes {@code content} to a new file in the folder. */
	public Path write(String content) {
		Path file = this.folder.resolve("bootstrap-" + this.suffix + "-" + this.files.incrementAndGet() + ".yml");
		try {
			Files.writeString(file, content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/** The example of CONTRACT §6, verbatim (scope Finance, user alice, client wiki). */
	public static String contractExample() {
		try (InputStream in = TestBootstrapFiles.class.getResourceAsStream("/bootstrap/contract-example.yml")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every row of the {@link #TABLES}, in id order: equal snapshots mean nothing was written. */
	public static Map<String, List<Map<String, Object>>> snapshot(JdbcTemplate jdbc) {
		Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
		for (String table : TABLES) {
			rows.put(table, jdbc.queryForList("SELECT * FROM " + table + " ORDER BY id"));
		}
		return rows;
	}

}
