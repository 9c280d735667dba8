package io.microsys.sso.provider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.microsys.sso.provider.admin.transfer.TransferCommand;
import io.microsys.sso.provider.persistence.MigrateCommand;

/**
 * Entry point of the Microsys SSO identity provider. Each feature's {@code microsys.sso.*} settings
 * are a {@code @ConfigurationProperties} class in the feature's package, found by the scan.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MicrosysSsoApplication {

	/**
	 * Serves the provider; with {@code --export=FILE} or {@code --import=FILE}, runs that against
	 * the configured database without a web server and exits ({@link TransferCommand}); with
	 * {@code --migrate}, applies the database migrations and exits ({@link MigrateCommand}).
	 */
	public static void main(String[] args) {
		if (MigrateCommand.requested(args)) {
			System.exit(MigrateCommand.run(args, System.out, System.err));
		}
		if (TransferCommand.requested(args)) {
			System.exit(TransferCommand.run(MicrosysSsoApplication.class, args, System.out, System.err));
		}
		SpringApplication.run(MicrosysSsoApplication.class, args);
	}

}
