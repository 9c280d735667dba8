package io.microsys.sso.provider.setup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.oidc.keys.SigningKeyService;
import io.microsys.sso.provider.settings.Links;
import io.microsys.sso.provider.settings.RegistrationProperties;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.setup.bootstrap.BootstrapLoader;
import io.microsys.sso.provider.support.NameKeys;

/**
 * What runs once at start-up, in order: signing keys (created on first start, rotated on request),
 * the bootstrap file, the first superuser from the environment, and, while there is none, a new
 * one-time setup code in the log. Any failure stops start-up; the setup page waits for all of it.
 * The command-line export and import ({@code microsys.sso.command-line}, set by them alone) start
 * the provider for one task and none of this: no new setup code replaces one an operator holds.
 */
@Component
@ConditionalOnProperty(name = "microsys.sso.command-line", havingValue = "false", matchIfMissing = true)
@Order(0)
class StartupTasks implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(StartupTasks.class);

	private final SigningKeyService signingKeys;

	private final BootstrapLoader bootstrap;

	private final FirstSuperuser firstSuperuser;

	private final BootstrapProperties bootstrapProperties;

	private final AdminProperties admin;

	private final RegistrationProperties registration;

	private final Links pages;

	private final RuntimeSettings settings;

	private final Mailer mailer;

	private final SetupCode setupCode;

	StartupTasks(SigningKeyService signingKeys, BootstrapLoader bootstrap, FirstSuperuser firstSuperuser,
			BootstrapProperties bootstrapProperties, AdminProperties admin,
			RegistrationProperties registration, RuntimeSettings settings, Mailer mailer, SetupCode setupCode,
			Links pages) {
		this.pages = pages;
		this.setupCode = setupCode;
		this.settings = settings;
		this.mailer = mailer;
		this.signingKeys = signingKeys;
		this.bootstrap = bootstrap;
		this.firstSuperuser = firstSuperuser;
		this.bootstrapProperties = bootstrapProperties;
		this.admin = admin;
		this.registration = registration;
	}

	@Override
	public void run(ApplicationArguments args) {
		checkRegistrationMail();
		this.signingKeys.initialize();
		if (this.bootstrapProperties.getFile() != null) {
			this.bootstrap.apply(this.bootstrapProperties.getFile());
		}
		createAdminFromEnvironment();
		if (this.firstSuperuser.needed()) {
			// The code is meant for this log: whoever reads it runs the provider.
			logger.warn("No administrator yet: open {} and enter the setup code {} (it works until the "
					+ "administrator exists), or set MICROSYS_SSO_ADMIN_USERNAME and MICROSYS_SSO_ADMIN_PASSWORD",
					this.pages.setup(), this.setupCode.issue());
		}
		else {
			this.setupCode.clear();
		}
	}

	/** Registration mails a link to every person who signs up: without a mail server it cannot work. */
	private void checkRegistrationMail() {
		if (this.mailer.isAvailable()) {
			return;
		}
		if (this.registration.isEnabled()) {
			throw new IllegalStateException("microsys.sso.registration.enabled is true but no mail server is "
					+ "configured (spring.mail.host): sign-ups are confirmed by email");
		}
		if (this.settings.registrationEnabled()) {
			logger.warn("Registration is turned on in the settings but no mail server is configured "
					+ "(spring.mail.host): the sign-up pages answer 404 until one is");
		}
	}

	private void createAdminFromEnvironment() {
		if (this.admin.getUsername() == null || this.admin.getUsername().isBlank() || !this.firstSuperuser.needed()) {
			return;
		}
		if (this.admin.getPassword() == null || this.admin.getPassword().isEmpty()) {
			throw new IllegalStateException("MICROSYS_SSO_ADMIN_USERNAME is set but MICROSYS_SSO_ADMIN_PASSWORD is not");
		}
		this.firstSuperuser.usernameProblem(this.admin.getUsername()).ifPresent((problem) -> {
			throw new IllegalStateException("MICROSYS_SSO_ADMIN_USERNAME is not a valid username: "
					+ ("register.error.username-taken".equals(problem)
							? "it looks like another account's username or email address" : NameKeys.describe(problem)));
		});
		this.firstSuperuser.create(this.admin.getUsername(), this.admin.getEmail(), this.admin.getPassword(), true)
			.ifPresent((problem) -> {
				throw new IllegalStateException(
						"MICROSYS_SSO_ADMIN_PASSWORD is not acceptable: " + PasswordPolicy.describe(problem));
			});
		logger.info("Created the superuser '{}' from the environment", this.admin.getUsername());
	}

}
