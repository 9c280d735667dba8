package io.microsys.sso.provider.setup;

import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.settings.EnvironmentOverrides;
import io.microsys.sso.provider.settings.IssuerSetting;
import io.microsys.sso.provider.settings.MailSettings;
import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.settings.StoredSettings;
import io.microsys.sso.provider.support.Forms;

/**
 * The first-run setup's settings: the issuer (stored, in effect from the next start of each node),
 * the mail server and public registration (in effect at once), saved with the first superuser in
 * one transaction and audited as theirs.
 */
@Service
class SetupSettings {

	private final FirstSuperuser firstSuperuser;

	private final UserRepository users;

	private final StoredSettings stored;

	private final RuntimeSettings runtime;

	private final MailSettings mail;

	private final MailSettingsChanges mailChanges;

	private final EnvironmentOverrides overrides;

	private final ProviderProperties provider;

	private final ApplicationEventPublisher events;

	SetupSettings(FirstSuperuser firstSuperuser, UserRepository users, StoredSettings stored, RuntimeSettings runtime,
			MailSettings mail, MailSettingsChanges mailChanges, EnvironmentOverrides overrides,
			ProviderProperties provider, ApplicationEventPublisher events) {
		this.firstSuperuser = firstSuperuser;
		this.users = users;
		this.stored = stored;
		this.runtime = runtime;
		this.mail = mail;
		this.mailChanges = mailChanges;
		this.overrides = overrides;
		this.provider = provider;
		this.events = events;
	}

	/** The issuer this node runs with. */
	String runningIssuer() {
		return this.provider.getIssuer();
	}

	/** The environment variable fixing the issuer, if one does. */
	Optional<String> issuerFixedBy() {
		return this.overrides.variableFor(IssuerSetting.PROPERTY);
	}

	/** The issuer stored for the next start, when it differs from the running one. */
	Optional<String> pendingIssuer() {
		if (issuerFixedBy().isPresent()) {
			return Optional.empty();
		}
		return this.stored.get(IssuerSetting.KEY).filter((stored) -> !stored.equals(runningIssuer()));
	}

	/** The registration settings now. */
	RuntimeSettings.Registration registration() {
		return this.runtime.registration();
	}

	/** The form as first shown: the settings as they are now (the issuer to be, if one is stored). */
	SetupForm initial() {
		RuntimeSettings.Registration registration = registration();
		return SetupForm.initial(pendingIssuer().orElse(runningIssuer()), registration.enabled(), registration.mode(),
				this.mailChanges.current().form());
	}

	/** Whether registration could be turned on with what the form sets: it needs a mail server. */
	boolean mailFor(SetupForm form) {
		return form.setsMail() || this.mail.isConfigured();
	}

	/**
	 * Creates the first superuser and stores the settings the form gives, at once. The password
	 * problem code if the password is not acceptable (nothing stored); throws
	 * {@link IllegalStateException} like {@link FirstSuperuser#create}.
	 */
	@Transactional
	Optional<String> complete(SetupForm form) {
		String username = form.username().trim();
		Optional<String> problem = this.firstSuperuser.create(username, form.email().trim(), form.password(), false);
		if (problem.isPresent()) {
			return problem;
		}
		SsoUser superuser = this.users.findByUsername(username).orElseThrow();
		String uuid = superuser.getUuid();
		String issuer = Forms.blankToNull(form.issuer());
		if (issuer != null && issuerFixedBy().isEmpty()) {
			String wanted = IssuerSetting.normalized(issuer);
			String before = this.stored.get(IssuerSetting.KEY).orElse(runningIssuer());
			if (!wanted.equals(before)) {
				this.stored.put(IssuerSetting.KEY, wanted, uuid);
				this.events.publishEvent(new SettingsChanged(uuid, username, "issuer",
						"issuer " + before + " -> " + wanted + " (from the next start)",
						Changes.none().field("issuer", before, wanted)));
			}
		}
		if (form.setsMail() && this.mailChanges.differs(form.mail())) {
			this.mailChanges.store(form.mail(), uuid, username);
		}
		if (form.registrationMode() != null) {
			RuntimeSettings.Registration before = this.runtime.registration();
			RuntimeSettings.Registration wanted = new RuntimeSettings.Registration(
					"true".equals(form.registrationEnabled()), RegistrationMode.of(form.registrationMode()).orElseThrow());
			if (!before.equals(wanted)) {
				this.runtime.setRegistration(wanted, uuid);
				this.events.publishEvent(new SettingsChanged(uuid, username, "registration",
						"enabled " + before.enabled() + " -> " + wanted.enabled() + ", mode " + before.mode().value()
								+ " -> " + wanted.mode().value(),
						Changes.none()
							.field("enabled", before.enabled(), wanted.enabled())
							.field("mode", before.mode().value(), wanted.mode().value())));
			}
		}
		return Optional.empty();
	}

}
