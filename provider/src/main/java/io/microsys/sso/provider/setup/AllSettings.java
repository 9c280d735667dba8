package io.microsys.sso.provider.setup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.FieldError;
import org.springframework.validation.MapBindingResult;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.MailSettings;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.settings.SecuritySettings.Setting;
import io.microsys.sso.provider.settings.StoredSettings;

/**
 * The run-time settings of {@code /sys/settings} as one document, for the admin API: read
 * ({@code settings.view}) with a version, and replaced whole ({@code settings.change}, and {@code settings.view} for the
 * answer) with the page's own checks and saves, so a rule cannot differ between page and API.
 * <p>
 * The version is a hash of the stored rows ({@code sso_setting}), not a counter: the settings are
 * many independent rows written by several pages, the import and the first-run setup, none of
 * which keeps a version, and a hash notices a change by any of them without touching their code.
 * A replacement compares it under a lock (one row of {@code sso_settings_lock}, locked for the
 * transaction on every node), reading the rows afresh, so of two callers who read the same
 * version, one wins and the other is told the settings changed meanwhile; every other write of a
 * setting takes the same lock ({@link StoredSettings#lock}), so none slips in between the
 * comparison and the replacement's writes.
 */
@Service
public class AllSettings {

	private final SettingsChanges changes;

	private final RuntimeSettingsChanges runtime;

	private final MailSettingsChanges mail;

	private final Mailer mailer;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final JdbcTemplate jdbc;

	private final StoredSettings stored;

	private final TransactionTemplate transaction;

	private final MessageSource messages;

	AllSettings(SettingsChanges changes, RuntimeSettingsChanges runtime, MailSettingsChanges mail, Mailer mailer,
			AdminPolicy policy, AccessGuard guard, JdbcTemplate jdbc, StoredSettings stored,
			PlatformTransactionManager transactions, MessageSource messages) {
		this.stored = stored;
		this.changes = changes;
		this.runtime = runtime;
		this.mail = mail;
		this.mailer = mailer;
		this.policy = policy;
		this.guard = guard;
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.messages = messages;
	}

	/** The client address settings and their names in the document. */
	static final Map<Setting, String> NETWORK = Map.of(Setting.CLIENT_ADDRESS, "mode", Setting.CLIENT_ADDRESS_HEADER,
			"header", Setting.PROXY_HOPS, "hops");

	/**
	 * The settings as the page shows them.
	 *
	 * @param registration whether people may sign up, and what happens once they confirmed their address
	 * @param branding the sign-in page's logo and colour
	 * @param security each security setting by its field name: a flag, a number or a language code
	 * @param network how the client's address is found: {@code mode}, {@code header}, {@code hops}
	 * @param mail the mail server (read only here; never its password)
	 * @param fixedBy the fields an environment variable fixes ({@code security.emailCodes} → its variable)
	 * @param trustedProxies whether {@code microsys.sso.trusted-proxies} is set (it wins over {@code network})
	 * @param version the version the ETag carries
	 */
	public record Document(RuntimeSettings.Registration registration, RuntimeSettings.Branding branding,
			Map<String, Object> security, Map<String, Object> network, Mail mail, Map<String, String> fixedBy,
			boolean trustedProxies, long version) {
	}

	/** The mail server as the page shows it, without the password. */
	public record Mail(String host, Integer port, String tls, String username, String from, boolean passwordSet) {
	}

	/**
	 * What a replacement asks for: the writable parts, every field present (fixed fields may be
	 * left out, and are left alone as on the page).
	 */
	public record Wanted(Boolean registrationEnabled, String registrationMode, String logoUrl, String colour,
			Map<String, Object> security, Map<String, Object> network) {
	}

	/** A field the replacement cannot take, and why (in the caller's language). */
	public record Problem(String field, String message) {
	}

	/** The replacement was refused before anything changed: {@link #problems} (400), or {@link #conflict} (409). */
	public static class Refused extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient List<Problem> problems;

		private final boolean conflict;

		Refused(List<Problem> problems, String conflict) {
			super(conflict);
			this.problems = List.copyOf(problems);
			this.conflict = conflict != null;
		}

		public List<Problem> problems() {
			return this.problems;
		}

		public boolean conflict() {
			return this.conflict;
		}

	}

	/** The settings changed since the version the caller read. */
	public static class ChangedMeanwhile extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ChangedMeanwhile() {
			super("The settings changed since they were read");
		}

	}

	/** The settings now, for staff holding {@code settings.view}. */
	public Document read(Actor actor) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.VIEW), null);
		return document(actor, version());
	}

	/**
	 * Replaces the writable settings when the stored ones are still at {@code expected} (any when
	 * empty), with the page's checks and saves (each change audited as from the page); answers the
	 * settings after.
	 *
	 * @throws Refused with the problems when a value is not one the page would take, or when turning
	 * registration on without working mail or changing the client address under trusted proxies
	 * @throws ChangedMeanwhile when the settings are no longer at {@code expected}
	 */
	public Document replace(Actor actor, OptionalLong expected, Wanted wanted) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.CHANGE), "settings");
		// The answer is the settings after: reading them is part of the call, checked before any change.
		this.guard.require(actor, this.policy.mayUse(actor, Area.SETTINGS, Action.VIEW), "settings");
		Set<Setting> fixed = this.runtime.fixed();
		List<Problem> problems = new ArrayList<>();
		Optional<RegistrationMode> mode = RegistrationMode.of(wanted.registrationMode());
		if (wanted.registrationEnabled() == null) {
			problems.add(new Problem("registration.enabled", message("settings.error.invalid")));
		}
		if (mode.isEmpty()) {
			problems.add(new Problem("registration.mode", message("settings.error.invalid")));
		}
		BrandingForm branding = new BrandingForm(wanted.logoUrl(), wanted.colour());
		if (!branding.isLogoUrlValid()) {
			problems.add(new Problem("branding.logoUrl", message("settings.branding.error.logo")));
		}
		if (!branding.isColourValid()) {
			problems.add(new Problem("branding.colour", message("settings.branding.error.colour")));
		}
		Map<Setting, String> securityValues = new HashMap<>();
		SecurityForm.FIELDS.forEach((setting, field) -> securityValues.put(setting,
				typed(wanted.security(), field, fixed.contains(setting) ? "" : null)));
		SecurityForm security = SecurityForm.of(securityValues);
		check("security", wanted.security(), SecurityForm.FIELDS, fixed, problems,
				(errors) -> security.check(errors, fixed));
		NetworkForm network = new NetworkForm(typed(wanted.network(), "mode", null),
				typed(wanted.network(), "header", null), typed(wanted.network(), "hops", null));
		check("network", wanted.network(), NETWORK, fixed, problems, (errors) -> network.check(errors, fixed));
		if (!problems.isEmpty()) {
			throw new Refused(problems, null);
		}
		RuntimeSettings.Registration registration = new RuntimeSettings.Registration(wanted.registrationEnabled(),
				mode.get());
		if (registration.enabled() && !this.changes.current(actor).registration().enabled()) {
			Optional<String> mailProblem = this.mailer.problem();
			if (mailProblem.isPresent()) {
				throw new Refused(List.of(new Problem("registration.enabled",
						message("settings.error.mail-" + mailProblem.get()))), "mail");
			}
		}
		boolean networkChanges = RuntimeSettingsChanges.NETWORK.stream()
			.anyMatch((setting) -> !fixed.contains(setting)
					&& !network.value(setting).equals(this.runtime.current(setting)));
		if (networkChanges && this.runtime.trustedProxies()) {
			throw new Refused(List.of(new Problem("network", message("settings.network.valve"))), "trusted-proxies");
		}
		this.transaction.executeWithoutResult((status) -> {
			this.stored.lock();
			if (expected.isPresent() && expected.getAsLong() != version()) {
				throw new ChangedMeanwhile();
			}
			this.changes.registration(actor, registration);
			this.changes.branding(actor, branding.branding());
			this.runtime.saveSecurity(actor, security);
			if (networkChanges) {
				this.runtime.saveNetwork(actor, network);
			}
		});
		return document(actor, version());
	}

	private void check(String part, Map<String, Object> given, Map<Setting, String> fields, Set<Setting> fixed,
			List<Problem> problems, java.util.function.Consumer<MapBindingResult> checks) {
		if (given == null) {
			problems.add(new Problem(part, "is required"));
			return;
		}
		for (String name : given.keySet()) {
			if (!fields.containsValue(name)) {
				problems.add(new Problem(part + "." + name, "is not a setting"));
			}
		}
		fields.forEach((setting, name) -> {
			if (!fixed.contains(setting) && given.get(name) == null) {
				problems.add(new Problem(part + "." + name, "is required"));
			}
		});
		MapBindingResult errors = new MapBindingResult(new HashMap<>(), part);
		checks.accept(errors);
		for (FieldError error : errors.getFieldErrors()) {
			problems.add(new Problem(part + "." + error.getField(),
					this.messages.getMessage(error, LocaleContextHolder.getLocale())));
		}
	}

	/** A value of the document as the page's form would post it (a flag, a number, text). */
	private static String typed(Map<String, Object> values, String field, String otherwise) {
		Object value = (values != null) ? values.get(field) : null;
		if (value == null) {
			return otherwise;
		}
		return String.valueOf(value);
	}

	private String message(String code) {
		return this.messages.getMessage(code, null, code, LocaleContextHolder.getLocale());
	}

	private Document document(Actor actor, long version) {
		SettingsChanges.Current current = this.changes.current(actor);
		Map<String, String> fixedBy = new TreeMap<>();
		Map<String, Object> security = new LinkedHashMap<>();
		for (RuntimeSettingsChanges.Row row : this.runtime.rows(actor, List.copyOf(SecurityForm.FIELDS.keySet()),
				SecurityForm.FIELDS)) {
			security.put(row.field(), typedValue(row.setting(), row.value()));
			if (row.fixedBy() != null) {
				fixedBy.put("security." + row.field(), row.fixedBy());
			}
		}
		Map<String, Object> network = new LinkedHashMap<>();
		for (RuntimeSettingsChanges.Row row : this.runtime.rows(actor, RuntimeSettingsChanges.NETWORK, NETWORK)) {
			network.put(row.field(), typedValue(row.setting(), row.value()));
			if (row.fixedBy() != null) {
				fixedBy.put("network." + row.field(), row.fixedBy());
			}
		}
		MailSettingsChanges.Current mailNow = this.mail.current(actor);
		MailSettings.Effective effective = mailNow.settings();
		mailNow.fixed().forEach((field, variable) -> fixedBy.put("mail." + field, variable));
		Mail mail = new Mail(effective.host(), effective.port(),
				(effective.tls() != null) ? effective.tls().name().toLowerCase(Locale.ROOT) : null, effective.username(),
				effective.from(), effective.hasPassword());
		return new Document(current.registration(), current.branding(), security, network, mail, fixedBy,
				this.runtime.trustedProxies(), version);
	}

	private static Object typedValue(Setting setting, String value) {
		if (value == null) {
			return null;
		}
		return switch (setting) {
			case EMAIL_CODES, SINGLE_SESSION -> Boolean.valueOf(value);
			case DEFAULT_LANGUAGE, CLIENT_ADDRESS, CLIENT_ADDRESS_HEADER -> value;
			default -> {
				try {
					yield Integer.valueOf(value);
				}
				catch (NumberFormatException ex) {
					yield value;
				}
			}
		};
	}

	/**
	 * The version of the stored settings: a hash of every stored row, read afresh (not from any
	 * node's cache), as a positive number.
	 */
	long version() {
		Map<String, String> rows = new TreeMap<>();
		this.jdbc.query("SELECT setting_key, setting_value FROM sso_setting", (rs) -> {
			rows.put(rs.getString(1), rs.getString(2));
		});
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			rows.forEach((key, value) -> {
				digest.update(key.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
				digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			});
			byte[] hash = digest.digest();
			long version = 0;
			for (int i = 0; i < 8; i++) {
				version = (version << 8) | (hash[i] & 0xff);
			}
			return version & Long.MAX_VALUE;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
