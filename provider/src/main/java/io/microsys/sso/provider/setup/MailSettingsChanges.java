package io.microsys.sso.provider.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.mail.MailDelivery;
import io.microsys.sso.provider.settings.MailSettings;
import io.microsys.sso.provider.settings.StoredSettings;
import io.microsys.sso.provider.support.Forms;

/**
 * The mail server settings staff read ({@code settings.view}) and change ({@code settings.change})
 * on {@code /sys/settings/mail}, and its test message. A change is stored for every node and
 * published as {@link SettingsChanged} (area {@code mail}); the password only as "changed" or
 * "removed", sealed with the master key before it is stored.
 */
@Service
class MailSettingsChanges {

	private final MailSettings settings;

	private final StoredSettings stored;

	private final MailDelivery delivery;

	private final ApplicationEventPublisher events;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	MailSettingsChanges(MailSettings settings, StoredSettings stored, MailDelivery delivery,
			ApplicationEventPublisher events, AdminPolicy policy, AccessGuard guard) {
		this.settings = settings;
		this.stored = stored;
		this.delivery = delivery;
		this.events = events;
		this.policy = policy;
		this.guard = guard;
	}

	/** The settings in effect, and which fields an environment variable fixes. */
	Current current(Actor actor) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.VIEW), null);
		return current();
	}

	/** The same without an actor: the first-run setup, before anybody can sign in. */
	Current current() {
		Map<String, String> fixed = new LinkedHashMap<>();
		for (String key : MailSettings.PROPERTIES.keySet()) {
			this.settings.fixedBy(key).ifPresent((variable) -> fixed.put(key.substring("mail.".length()), variable));
		}
		return new Current(this.settings.effective(), fixed);
	}

	/** Stores what the form asks for (it was validated), and audits what changed. */
	@Transactional
	void save(Actor actor, MailSettingsForm form) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.CHANGE), "settings:mail");
		store(form, actor.uuid(), actor.username());
	}

	/**
	 * Stores what the form asks for, by {@code uuid} (the first-run setup's superuser), in the
	 * caller's transaction; fields fixed by an environment variable are left alone.
	 */
	@Transactional
	void store(MailSettingsForm form, String uuid, String username) {
		MailSettings.Effective before = this.settings.effective();
		Changes changes = Changes.none();
		List<String> detail = new ArrayList<>();
		// A field fixed by an environment variable is not validated nor stored: read leniently.
		String port = Forms.blankToNull(form.port());
		port = (port != null && port.matches("[0-9]{1,5}")) ? Integer.toString(Integer.parseInt(port)) : null;
		String tls = MailSettings.TlsMode.of(form.tls()).map(MailSettings.TlsMode::value).orElse(null);
		put(MailSettings.HOST, "host", before.host(), Forms.blankToNull(form.host()), uuid, changes, detail);
		put(MailSettings.PORT, "port", (before.port() != null) ? before.port().toString() : null,
				port, uuid, changes, detail);
		put(MailSettings.TLS, "tls", before.tls().value(), tls, uuid, changes, detail);
		put(MailSettings.USERNAME, "username", before.username(), Forms.blankToNull(form.username()), uuid, changes,
				detail);
		put(MailSettings.FROM, "from", before.from(), Forms.blankToNull(form.from()), uuid, changes, detail);
		if (!fixed(MailSettings.PASSWORD)) {
			if (form.password() != null && !form.password().isEmpty()) {
				this.stored.put(MailSettings.PASSWORD, this.delivery.seal(form.password()), uuid);
				changes.secret("password");
				detail.add("password changed");
			}
			else if (form.removesPassword() && before.hasPassword()) {
				this.stored.put(MailSettings.PASSWORD, "", uuid);
				changes.secret("password");
				detail.add("password removed");
			}
		}
		if (!detail.isEmpty()) {
			this.events.publishEvent(new SettingsChanged(uuid, username, "mail", String.join(", ", detail), changes));
		}
	}

	/**
	 * Whether the form asks for anything else than the settings in effect (the setup page shows
	 * them filled in; sent back unchanged, they are not stored, so the properties keep deciding).
	 */
	boolean differs(MailSettingsForm form) {
		MailSettings.Effective now = this.settings.effective();
		String port = Forms.blankToNull(form.port());
		return !Objects.equals(now.host(), Forms.blankToNull(form.host()))
				|| !Objects.equals(now.port(), (port != null && port.matches("[0-9]{1,5}")) ? Integer.valueOf(port) : null)
				|| now.tls() != MailSettings.TlsMode.of(form.tls()).orElse(null)
				|| !Objects.equals(now.username(), Forms.blankToNull(form.username()))
				|| !Objects.equals(now.from(), Forms.blankToNull(form.from()))
				|| (form.password() != null && !form.password().isEmpty()) || form.removesPassword();
	}

	private void put(String key, String field, String before, String after, String uuid, Changes changes,
			List<String> detail) {
		if (fixed(key)) {
			return;
		}
		// Stored even when equal to the default, so the console's value holds if a property changes.
		this.stored.put(key, (after != null) ? after : "", uuid);
		if (!Objects.equals(before, after)) {
			changes.field(field, before, after);
			detail.add(field + " " + before + " -> " + after);
		}
	}

	private boolean fixed(String key) {
		return this.settings.fixedBy(key).isPresent();
	}

	/** Sends the test message to {@code to} now, and audits its outcome. */
	MailDelivery.TestOutcome test(Actor actor, String to, String subject, String text) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.CHANGE), "settings:mail-test");
		return test(actor.uuid(), actor.username(), to, subject, text);
	}

	private MailDelivery.TestOutcome test(String uuid, String username, String to, String subject, String text) {
		return test(uuid, username, this.settings.effective(), to, subject, text);
	}

	/**
	 * Sends the test message through settings not saved yet, for the first-run setup (nobody can
	 * sign in yet: the entry names no one).
	 */
	MailDelivery.TestOutcome test(MailSettings.Effective trying, String to, String subject, String text) {
		return test(null, null, trying, to, subject, text);
	}

	private MailDelivery.TestOutcome test(String uuid, String username, MailSettings.Effective effective, String to,
			String subject, String text) {
		MailDelivery.TestOutcome outcome = this.delivery.test(effective, to, subject, text);
		this.events.publishEvent(new MailTestSent(uuid, username, to,
				effective.host() + ((effective.port() != null) ? ":" + effective.port() : ""),
				Optional.ofNullable(outcome.problem()).orElse("sent")));
		return outcome;
	}

	/**
	 * The mail settings shown on the page.
	 *
	 * @param settings the settings in effect
	 * @param fixed the fields ({@code host}, {@code port}, {@code tls}, {@code username},
	 * {@code password}, {@code from}) an environment variable fixes, with the variable's name
	 */
	record Current(MailSettings.Effective settings, Map<String, String> fixed) {

		/** The form as the page shows it: the values in effect, never the password. */
		MailSettingsForm form() {
			return new MailSettingsForm(Objects.toString(this.settings.host(), ""),
					(this.settings.port() != null) ? this.settings.port().toString() : "", this.settings.tls().value(),
					Objects.toString(this.settings.username(), ""), "", null, this.settings.from());
		}

	}

}
