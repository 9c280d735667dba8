package io.microsys.sso.provider.settings.bootstrap;

import java.nio.file.Path;

import org.springframework.stereotype.Service;

/** Applies the bootstrap file (CONTRACT §6). */
@Service
public class BootstrapLoader {

	/** Applies the file in one transaction; throws naming the entry and problem when it is malformed. */
	public void apply(Path file) {
		throw new UnsupportedOperationException("bootstrap file support is not implemented yet");
	}

}
