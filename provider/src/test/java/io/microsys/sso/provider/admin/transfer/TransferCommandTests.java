package io.microsys.sso.provider.admin.transfer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.microsys.sso.provider.MicrosysSsoApplication;
import io.microsys.sso.provider.support.ProviderTestInitializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --export=FILE} and {@code --import=FILE [--dry-run] [--mode=…]}, run in-process as
 * {@link MicrosysSsoApplication#main} runs them (without its {@code System.exit}), against a
 * database of their own: the provider starts without a web server, does the one thing, and
 * answers with an exit status and readable output.
 */
@Tag("db")
class TransferCommandTests {

	private static final String DOCUMENT = """
			{"format": "microsys-sso-settings", "format_version": 1,
			 "settings": {"registration.enabled": "false"},
			 "scopes": [{"name": "Finance", "description": "Money"}],
			 "groups": [{"name": "Helpdesk", "permissions": ["users.view"]}],
			 "apps": [{"client_id": "cli-wiki", "confidential": true, "name": "Wiki",
			           "redirect_uris": ["https://wiki.example.com/cb"]}]}
			""";

	@TempDir
	Path work;

	private Map<String, Object> properties;

	private JdbcTemplate jdbc;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@BeforeEach
	void freshDatabase() {
		this.properties = ProviderTestInitializer.properties();
		this.jdbc = new JdbcTemplate(new DriverManagerDataSource((String) this.properties.get("spring.datasource.url"),
				(String) this.properties.get("spring.datasource.username"),
				(String) this.properties.get("spring.datasource.password")));
	}

	@Test
	void requestedWhenExportOrImportThenTheCommandElseTheServer() {
		assertThat(TransferCommand.requested(new String[] { "--export=x.json" })).isTrue();
		assertThat(TransferCommand.requested(new String[] { "--server.port=1", "--import=x.json" })).isTrue();
		assertThat(TransferCommand.requested(new String[] { "--server.port=1" })).isFalse();
	}

	@Test
	void importWhenDryRunThenPrintsTheDiffAndChangesNothingThenAppliesAndExportsIt() throws Exception {
		Path document = Files.writeString(this.work.resolve("in.json"), DOCUMENT);

		assertThat(run("--import=" + document, "--dry-run")).as(errors()).isZero();
		assertThat(output()).contains("Dry run (nothing changed), mode skip", "new scope Finance",
				"new group Helpdesk", "new app cli-wiki", "to do: generate a secret for app cli-wiki");
		assertThat(count("sso_scope") + count("sso_group") + count("sso_client") + count("sso_setting")).isZero();

		this.out.reset();
		assertThat(run("--import=" + document, "--mode=overwrite")).as(errors()).isZero();
		assertThat(output()).contains("Imported, mode overwrite");
		assertThat(count("sso_scope")).isEqualTo(1);
		assertThat(count("sso_group_permission")).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT secret_hash FROM sso_client WHERE client_id = 'cli-wiki'",
				String.class)).as("confidential, with a secret nobody knows").isNotNull();

		this.jdbc.update("INSERT INTO sso_setting (setting_key, setting_value, updated_at) VALUES (?, ?, ?)",
				"mail.password", "CIPHERTEXT-OF-THE-MAIL-PASSWORD", Timestamp.from(Instant.now()));
		Path exported = this.work.resolve("out.json");
		this.out.reset();
		assertThat(run("--export=" + exported, "--memberships")).as(errors()).isZero();
		String text = Files.readString(exported);
		assertThat(text).contains("\"cli-wiki\"", "\"Finance\"", "\"memberships\":[]", TransferFormat.PLACEHOLDER)
			.doesNotContain("CIPHERTEXT-OF-THE-MAIL-PASSWORD", this.jdbc.queryForObject(
					"SELECT secret_hash FROM sso_client WHERE client_id = 'cli-wiki'", String.class));
		assertThat(output()).contains("Exported settings=2 scopes=1 groups=1 apps=1 memberships=0");
	}

	@Test
	void importWhenBadDocumentThenStatusOneWithTheProblemsAndNothingChanged() throws Exception {
		Path document = Files.writeString(this.work.resolve("bad.json"),
				DOCUMENT.replace("https://wiki.example.com/cb", "http://wiki.example.com/cb")
					.replace("\"Money\"", "\"Money\", \"colour\": \"red\""));

		assertThat(run("--import=" + document)).isEqualTo(1);

		assertThat(errors()).contains("was not imported; nothing was changed", "$.scopes[0].colour: unknown key");
		assertThat(count("sso_scope") + count("sso_client")).isZero();
		this.err.reset();
		Files.writeString(document, DOCUMENT.replace("https://wiki.example.com/cb", "http://wiki.example.com/cb"));
		assertThat(run("--import=" + document)).isEqualTo(1);
		assertThat(errors()).contains("$.apps[0]", "must use https");
		assertThat(count("sso_scope") + count("sso_client")).isZero();
	}

	@Test
	void exportWhenTheManagementPortIsTakenThenRunsWithoutListeningThere() throws Exception {
		// A node running on the same host holds the management port the command is configured with.
		try (ServerSocket node = new ServerSocket((Integer) this.properties.get("management.server.port"), 1,
				InetAddress.getLoopbackAddress())) {
			assertThat(run("--export=" + this.work.resolve("export.json"))).as(errors()).isZero();
		}
	}

	@Test
	void runWhenArgumentsContradictThenStatusTwoWithoutStarting() {
		assertThat(run("--export=a.json", "--dry-run")).isEqualTo(2);
		assertThat(run("--import=a.json", "--mode=sometimes")).isEqualTo(2);
		assertThat(errors()).contains("--mode is skip or overwrite", "usage:");
	}

	private int run(String... command) {
		String[] args = new String[command.length + this.properties.size()];
		System.arraycopy(command, 0, args, 0, command.length);
		int i = command.length;
		for (Map.Entry<String, Object> property : this.properties.entrySet()) {
			args[i++] = "--" + property.getKey() + "=" + property.getValue();
		}
		return TransferCommand.run(MicrosysSsoApplication.class, args,
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private long count(String table) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
	}

	private String output() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String errors() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
