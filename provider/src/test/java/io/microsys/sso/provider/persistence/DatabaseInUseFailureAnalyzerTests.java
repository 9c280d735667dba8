package io.microsys.sso.provider.persistence;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.microsys.sso.provider.support.ProviderTestInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A second provider on the same embedded database folder: H2 refuses the locked file, and start-up
 * says so in one line instead of a stack trace. The lock is taken the way another process holds
 * it (a lock on the whole {@code .mv.db} file).
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseInUseFailureAnalyzerTests {

	@TempDir
	Path dataDir;

	/** The embedded database in {@link #dataDir}, created and closed (the same URL as application.yml). */
	String createDatabase() throws SQLException {
		String url = "jdbc:h2:file:" + this.dataDir.resolve("microsys-sso")
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			connection.createStatement().execute("CREATE TABLE t (id INT)");
		}
		return url;
	}

	FileChannel databaseFile() throws Exception {
		return FileChannel.open(this.dataDir.resolve("microsys-sso.mv.db"), StandardOpenOption.READ,
				StandardOpenOption.WRITE);
	}

	@Test
	void analyzeWhenH2FileIsLockedThenOneLineNamingTheFileAndWhatToDo() throws Exception {
		String url = createDatabase();
		SQLException refused;
		try (FileChannel channel = databaseFile(); FileLock lock = channel.lock()) {
			refused = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "sa", ""));
		}
		assertThat(refused.getErrorCode()).isEqualTo(DatabaseInUseFailureAnalyzer.H2_DATABASE_ALREADY_OPEN);

		FailureAnalysis analysis = new DatabaseInUseFailureAnalyzer()
			.analyze(new BeanCreationException("flywayInitializer", "Migration failed", new RuntimeException(refused)));

		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).doesNotContain("\n")
			.isEqualTo("The embedded database " + this.dataDir.resolve("microsys-sso.mv.db")
					+ " is in use by another process, most likely a Microsys SSO provider already running on the "
					+ "same data folder.");
		assertThat(analysis.getAction()).doesNotContain("\n").contains("Stop the other provider", "MICROSYS_SSO_DATA_DIR");
	}

	@Test
	void analyzeWhenAnotherDatabaseProblemThenNotThisAnalysis() {
		SQLException refused = new SQLException("Access denied for user 'microsys'", "28000", 1045);

		assertThat(new DatabaseInUseFailureAnalyzer().analyze(new IllegalStateException(refused))).isNull();
	}

	@Test
	void startWhenEmbeddedDatabaseInUseThenOneLineAndNoStackTrace(CapturedOutput output) throws Exception {
		createDatabase();
		Map<String, Object> properties = new HashMap<>(ProviderTestInitializer.properties());
		// The embedded database of application.yml, in this data folder.
		properties.remove("spring.datasource.url");
		properties.remove("spring.datasource.username");
		properties.remove("spring.datasource.password");
		properties.put("microsys.sso.data-dir", this.dataDir.toString());
		try (FileChannel channel = databaseFile(); FileLock lock = channel.lock()) {
			assertThatThrownBy(() -> ProviderTestInitializer.start(properties).close())
				.hasStackTraceContaining("Database may be already in use");
		}

		assertThat(output.getAll()).contains("APPLICATION FAILED TO START",
				"The embedded database " + this.dataDir.resolve("microsys-sso.mv.db") + " is in use by another process")
			.doesNotContain("\tat ", "Caused by:");
	}

}
