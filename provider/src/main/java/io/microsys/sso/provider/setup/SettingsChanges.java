package io.microsys.sso.provider.setup;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.settings.RuntimeSettings;

/**
 * The settings staff read ({@code settings.view}) and change ({@code settings.change}) on
 * {@code /sys/settings}; each change publishes {@link SettingsChanged} with each value before and
 * after.
 */
@Service
class SettingsChanges {

	private final RuntimeSettings settings;

	private final ApplicationEventPublisher events;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	SettingsChanges(RuntimeSettings settings, ApplicationEventPublisher events, AdminPolicy policy,
			AccessGuard guard) {
		this.settings = settings;
		this.events = events;
		this.policy = policy;
		this.guard = guard;
	}

	/** The settings as they are now. */
	Current current(Actor actor) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.VIEW), null);
		return new Current(this.settings.registration(), this.settings.branding());
	}

	/** Sets how people may sign up, if that is a change. */
	void registration(Actor actor, RuntimeSettings.Registration wanted) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.CHANGE), "settings:registration");
		RuntimeSettings.Registration before = this.settings.registration();
		if (before.equals(wanted)) {
			return;
		}
		this.settings.setRegistration(wanted, actor.uuid());
		this.events.publishEvent(new SettingsChanged(actor.uuid(), actor.username(), "registration",
				"enabled " + before.enabled() + " -> " + wanted.enabled() + ", mode " + before.mode().value() + " -> "
						+ wanted.mode().value(),
				Changes.none()
					.field("enabled", before.enabled(), wanted.enabled())
					.field("mode", before.mode().value(), wanted.mode().value())));
	}

	/** Sets the sign-in page's logo and colour, if that is a change; the values were validated. */
	void branding(Actor actor, RuntimeSettings.Branding wanted) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.CHANGE), "settings:branding");
		RuntimeSettings.Branding before = this.settings.branding();
		if (before.equals(wanted)) {
			return;
		}
		this.settings.setBranding(wanted, actor.uuid());
		this.events.publishEvent(new SettingsChanged(actor.uuid(), actor.username(), "branding",
				"logo " + before.logoUrl() + " -> " + wanted.logoUrl() + ", colour " + before.colour() + " -> "
						+ wanted.colour(),
				Changes.none()
					.field("logo_url", before.logoUrl(), wanted.logoUrl())
					.field("colour", before.colour(), wanted.colour())));
	}

	/** The settings shown on the page. */
	record Current(RuntimeSettings.Registration registration, RuntimeSettings.Branding branding) {
	}

}
