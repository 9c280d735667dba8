package io.microsys.sso.provider.setup.bootstrap;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Puts the bootstrap file's problem at the top of the start-up failure report, instead of deep in
 * a stack trace. Registered in {@code META-INF/spring.factories}.
 */
class BootstrapFailureAnalyzer extends AbstractFailureAnalyzer<BootstrapException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BootstrapException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct the bootstrap file (the format is in docs/bootstrap.md), or unset MICROSYS_BOOTSTRAP_FILE. "
						+ "Nothing was written to the database.",
				cause);
	}

}
