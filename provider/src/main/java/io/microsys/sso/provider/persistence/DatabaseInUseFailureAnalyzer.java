package io.microsys.sso.provider.persistence;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Says in one line that the embedded H2 database is in use by another process (a second provider
 * started on the same data folder), instead of the stack trace of the connection pool. Registered
 * in {@code META-INF/spring.factories}.
 */
class DatabaseInUseFailureAnalyzer implements FailureAnalyzer {

	/** H2's {@code ErrorCode.DATABASE_ALREADY_OPEN_1}: the database file is locked by another process. */
	static final int H2_DATABASE_ALREADY_OPEN = 90020;

	private static final Pattern FILE = Pattern.compile("\"([^\"]+)\"");

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException sql && isDatabaseInUse(sql)) {
				return new FailureAnalysis("The embedded database " + file(sql)
						+ " is in use by another process, most likely a Microsys SSO provider already running "
						+ "on the same data folder.",
						"Stop the other provider first, or give this one a data folder of its own "
								+ "(MICROSYS_SSO_DATA_DIR). Several providers share a database only on MySQL "
								+ "(SPRING_DATASOURCE_URL).",
						sql);
			}
		}
		return null;
	}

	private static boolean isDatabaseInUse(SQLException ex) {
		return ex.getErrorCode() == H2_DATABASE_ALREADY_OPEN
				|| (ex.getMessage() != null && ex.getMessage().startsWith("Database may be already in use"));
	}

	/** The locked file as H2 names it ({@code Database may be already in use: "/path/x.mv.db". …}). */
	private static String file(SQLException ex) {
		Matcher matcher = FILE.matcher((ex.getMessage() != null) ? ex.getMessage() : "");
		return matcher.find() ? matcher.group(1) : "in the data folder";
	}

}
