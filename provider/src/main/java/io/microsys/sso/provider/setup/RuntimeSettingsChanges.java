package io.microsys.sso.provider.setup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.audit.AuditProperties;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.session.SessionProperties;
import io.microsys.sso.provider.settings.EnvironmentOverrides;
import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.settings.SecuritySettings.Setting;
import io.microsys.sso.provider.settings.StoredSettings;
import io.microsys.sso.provider.throttle.ClientThrottleProperties;
import io.microsys.sso.provider.throttle.LoginThrottleProperties;
import io.microsys.sso.provider.twofactor.TwoFactorProperties;

/**
 * The security and client address settings of {@code /sys/settings} as staff read
 * ({@code settings.view}) and change ({@code settings.change}) them: each one's value in effect,
 * its {@code microsys.sso.*} default and the environment variable that fixes it, if any. A save
 * stores the values that changed ({@link StoredSettings}, for every node), skips those an
 * environment variable fixes, and publishes one {@link SettingsChanged} with each before and after.
 */
@Service
class RuntimeSettingsChanges {

	/** The client address settings, in the page's order. */
	static final List<Setting> NETWORK = List.of(Setting.CLIENT_ADDRESS, Setting.CLIENT_ADDRESS_HEADER,
			Setting.PROXY_HOPS);

	private final SecuritySettings settings;

	private final StoredSettings stored;

	private final EnvironmentOverrides overrides;

	private final ApplicationEventPublisher events;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final TwoFactorProperties twoFactor;

	private final SessionProperties sessions;

	private final LoginThrottleProperties loginThrottle;

	private final ClientThrottleProperties clientThrottle;

	private final AuditProperties audit;

	private final PasswordPolicy passwords;

	private final Environment environment;

	private final String defaultLanguage;

	private final boolean trustedProxies;

	RuntimeSettingsChanges(SecuritySettings settings, StoredSettings stored, EnvironmentOverrides overrides,
			ApplicationEventPublisher events, AdminPolicy policy, AccessGuard guard, TwoFactorProperties twoFactor,
			SessionProperties sessions, LoginThrottleProperties loginThrottle, ClientThrottleProperties clientThrottle,
			AuditProperties audit, PasswordPolicy passwords, Environment environment, ProviderProperties provider,
			@Value("${microsys.sso.default-language:en}") String defaultLanguage) {
		this.settings = settings;
		this.stored = stored;
		this.overrides = overrides;
		this.events = events;
		this.policy = policy;
		this.guard = guard;
		this.twoFactor = twoFactor;
		this.sessions = sessions;
		this.loginThrottle = loginThrottle;
		this.clientThrottle = clientThrottle;
		this.audit = audit;
		this.passwords = passwords;
		this.environment = environment;
		this.defaultLanguage = defaultLanguage;
		this.trustedProxies = provider.getTrustedProxies().stream().anyMatch((proxy) -> !proxy.isBlank());
	}

	/**
	 * One setting as the page shows it.
	 *
	 * @param setting which
	 * @param field the form field's name
	 * @param value its value in effect, as text
	 * @param configured its {@code microsys.sso.*} default, as text
	 * @param fixedBy the environment variable that fixes it, or null
	 */
	record Row(Setting setting, String field, String value, String configured, String fixedBy) {

		/** {@code flag}, {@code language} or {@code number}: how the page asks for it. */
		public String kind() {
			return switch (this.setting) {
				case EMAIL_CODES, SINGLE_SESSION -> "flag";
				case DEFAULT_LANGUAGE -> "language";
				default -> "number";
			};
		}

		/** The smallest number allowed, as text (a number in a message would be grouped: 1,000). */
		public String min() {
			return String.valueOf(this.setting.min());
		}

		/** The largest number allowed, as text. */
		public String max() {
			return String.valueOf(this.setting.max());
		}

		public String property() {
			return this.setting.property();
		}

	}

	/** The value each setting has when nothing is stored: its property's, as text. */
	String configured(Setting setting) {
		return switch (setting) {
			case EMAIL_CODES -> String.valueOf(this.twoFactor.isEmailCodes());
			case SINGLE_SESSION -> String.valueOf(this.sessions.isSingleSession());
			case TRUSTED_BROWSER_DAYS -> String.valueOf(this.twoFactor.getTrustedBrowser().toDays());
			case PASSWORD_MIN_LENGTH -> String.valueOf(this.passwords.configuredMinLength());
			case LOGIN_ACCOUNT_THRESHOLD -> String.valueOf(this.loginThrottle.getAccountThreshold());
			case LOGIN_IP_THRESHOLD -> String.valueOf(this.loginThrottle.getIpThreshold());
			case LOGIN_MAIL_THRESHOLD -> String.valueOf(this.loginThrottle.getMailThreshold());
			case CLIENT_THRESHOLD -> String.valueOf(this.clientThrottle.getClientThreshold());
			case CLIENT_IP_THRESHOLD -> String.valueOf(this.clientThrottle.getIpThreshold());
			case DEFAULT_LANGUAGE -> this.defaultLanguage;
			case AUDIT_RETENTION_DAYS -> String.valueOf(
					(this.audit.getRetention() != null) ? this.audit.getRetention().toDays() : Duration.ZERO.toDays());
			case CLIENT_ADDRESS, CLIENT_ADDRESS_HEADER, PROXY_HOPS -> {
				SecuritySettings.ClientAddressResolution direct = SecuritySettings.ClientAddressResolution.DIRECT;
				String fallback = (setting == Setting.CLIENT_ADDRESS) ? direct.mode().value()
						: (setting == Setting.CLIENT_ADDRESS_HEADER) ? direct.header() : String.valueOf(direct.hops());
				yield this.environment.getProperty(setting.property(), fallback);
			}
		};
	}

	/** The setting's value in effect, as text. */
	String current(Setting setting) {
		return this.settings.value(setting, configured(setting));
	}

	/** The rows of {@code which}, each named by its field in {@code fields}. */
	List<Row> rows(Actor actor, List<Setting> which, Map<Setting, String> fields) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.VIEW), null);
		List<Row> rows = new ArrayList<>();
		for (Setting setting : which) {
			rows.add(new Row(setting, fields.get(setting), current(setting), configured(setting),
					this.settings.fixedBy(setting).orElse(null)));
		}
		return rows;
	}

	/** Each setting's value in effect, for a form. */
	Map<Setting, String> currentValues(List<Setting> which) {
		Map<Setting, String> values = new EnumMap<>(Setting.class);
		which.forEach((setting) -> values.put(setting, current(setting)));
		return values;
	}

	/** The settings an environment variable fixes. */
	Set<Setting> fixed() {
		Set<Setting> fixed = EnumSet.noneOf(Setting.class);
		for (Setting setting : Setting.values()) {
			if (fixed(setting)) {
				fixed.add(setting);
			}
		}
		return fixed;
	}

	private boolean fixed(Setting setting) {
		return this.overrides.isFixed(setting.property());
	}

	/** Whether {@code microsys.sso.trusted-proxies} is set: it wins over the client address setting. */
	boolean trustedProxies() {
		return this.trustedProxies;
	}

	/** Stores the security settings that changed; {@code form} was checked. */
	@Transactional
	public void saveSecurity(Actor actor, SecurityForm form) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.CHANGE), "settings:security");
		save(actor, "security", List.copyOf(SecurityForm.FIELDS.keySet()), form::value);
	}

	/** Stores the client address settings that changed; {@code form} was checked. */
	@Transactional
	public void saveNetwork(Actor actor, NetworkForm form) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.CHANGE), "settings:network");
		save(actor, "network", NETWORK, form::value);
	}

	private void save(Actor actor, String area, List<Setting> which,
			java.util.function.Function<Setting, String> wanted) {
		Changes changes = Changes.none();
		StringJoiner detail = new StringJoiner(", ");
		for (Setting setting : which) {
			if (fixed(setting)) {
				continue;
			}
			String before = current(setting);
			String after = wanted.apply(setting);
			if (after.equals(before)) {
				continue;
			}
			this.stored.put(setting.key(), after, actor.uuid());
			changes.field(setting.key(), before, after);
			detail.add(setting.key() + " " + before + " -> " + after);
		}
		if (!changes.isEmpty()) {
			this.events.publishEvent(new SettingsChanged(actor.uuid(), actor.username(), area, detail.toString(),
					changes));
		}
	}

}
