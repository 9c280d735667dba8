package io.microsys.sso.provider.setup;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.settings.RuntimeSettings;

/** Changes to the settings superusers edit on {@code /sys/settings}; each change publishes {@link SettingsChanged}. */
@Service
class SettingsChanges {

	private final RuntimeSettings settings;

	private final ApplicationEventPublisher events;

	SettingsChanges(RuntimeSettings settings, ApplicationEventPublisher events) {
		this.settings = settings;
		this.events = events;
	}

	/** Sets how people may sign up, if that is a change. */
	void registration(SsoUser superuser, RuntimeSettings.Registration wanted) {
		RuntimeSettings.Registration before = this.settings.registration();
		if (before.equals(wanted)) {
			return;
		}
		this.settings.setRegistration(wanted, superuser.getUuid());
		this.events.publishEvent(new SettingsChanged(superuser.getUuid(), superuser.getUsername(), "registration",
				"enabled " + before.enabled() + " -> " + wanted.enabled() + ", mode " + before.mode().value() + " -> "
						+ wanted.mode().value()));
	}

}
