package io.microsys.sso.provider.setup;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The declarative bootstrap file ({@code microsys.sso.bootstrap.*}). */
@ConfigurationProperties("microsys.sso.bootstrap")
@Validated
public class BootstrapProperties {

	/** Path of a YAML file of scopes, users, clients and memberships applied at start-up. */
	private Path file;

	public Path getFile() {
		return this.file;
	}

	public void setFile(Path file) {
		this.file = file;
	}

}
