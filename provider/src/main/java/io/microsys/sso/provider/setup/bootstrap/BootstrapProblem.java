package io.microsys.sso.provider.setup.bootstrap;

/**
 * One problem in the bootstrap file, found while reading or checking it: the message names the
 * entry ({@code users[2] (username 'bob')}) and the problem, never a password, hash or secret. The
 * loader adds the file name and turns it into a {@link BootstrapException}.
 */
final class BootstrapProblem extends RuntimeException {

	BootstrapProblem(String message) {
		super(message, null, false, false);
	}

	/** A problem with one entry. */
	static BootstrapProblem of(String label, String message) {
		return new BootstrapProblem(label + ": " + message);
	}

}
