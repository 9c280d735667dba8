package io.microsys.sso.provider.setup.bootstrap;

/** The bootstrap file cannot be applied; the message names the file, the entry and the problem. */
public class BootstrapException extends RuntimeException {

	BootstrapException(String message) {
		super(message);
	}

}
