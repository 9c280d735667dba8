package io.microsys.sso.provider.settings;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settings an administrator changes while the provider runs, kept in the database so every node
 * reads the same value. A setting nobody changed yet is its {@code microsys.sso.*} property.
 * Each read is one primary-key lookup.
 */
@Service
public class RuntimeSettings {

	static final String REGISTRATION_ENABLED = "registration.enabled";

	static final String REGISTRATION_MODE = "registration.mode";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final RegistrationProperties defaults;

	private final ObjectProvider<JavaMailSender> mailSender;

	public RuntimeSettings(JdbcTemplate jdbc, Clock clock, RegistrationProperties properties,
			ObjectProvider<JavaMailSender> mailSender) {
		this.mailSender = mailSender;
		this.jdbc = jdbc;
		this.clock = clock;
		this.defaults = properties;
	}

	/** Whether public registration is on, and what a confirmed address leads to. */
	public Registration registration() {
		List<String[]> rows = this.jdbc.query(
				"SELECT setting_key, setting_value FROM sso_setting WHERE setting_key IN (?, ?)",
				(rs, row) -> new String[] { rs.getString(1), rs.getString(2) }, REGISTRATION_ENABLED,
				REGISTRATION_MODE);
		boolean enabled = this.defaults.isEnabled();
		RegistrationMode mode = this.defaults.getMode();
		for (String[] row : rows) {
			if (REGISTRATION_ENABLED.equals(row[0])) {
				enabled = Boolean.parseBoolean(row[1]);
			}
			else {
				mode = RegistrationMode.of(row[1]).orElse(mode);
			}
		}
		return new Registration(enabled, mode);
	}

	/** Whether public registration is turned on (it may still lack a mail server). */
	public boolean registrationEnabled() {
		return registration().enabled();
	}

	/**
	 * The activation mode when people can sign up now: registration on and a mail server
	 * configured (sign-ups are confirmed by email); empty otherwise.
	 */
	public Optional<RegistrationMode> openRegistration() {
		if (this.mailSender.getIfAvailable() == null) {
			return Optional.empty(); // no query on the login page of a provider without mail
		}
		Registration registration = registration();
		return registration.enabled() ? Optional.of(registration.mode()) : Optional.empty();
	}

	/** Stores the registration settings; the caller checked that mail works before enabling. */
	@Transactional
	public void setRegistration(Registration registration, String changedBy) {
		put(REGISTRATION_ENABLED, String.valueOf(registration.enabled()), changedBy);
		put(REGISTRATION_MODE, registration.mode().value(), changedBy);
	}

	/** Stores one setting: update, then insert on a miss (no gap-lock upsert). */
	void put(String key, String value, String changedBy) {
		Timestamp now = Timestamp.from(this.clock.instant());
		int updated = this.jdbc.update(
				"UPDATE sso_setting SET setting_value = ?, updated_at = ?, updated_by = ? WHERE setting_key = ?", value,
				now, changedBy, key);
		if (updated == 0) {
			try {
				this.jdbc.update(
						"INSERT INTO sso_setting (setting_key, setting_value, updated_at, updated_by) VALUES (?, ?, ?, ?)",
						key, value, now, changedBy);
			}
			catch (DuplicateKeyException ex) {
				put(key, value, changedBy);
			}
		}
	}

	/** The registration settings. */
	public record Registration(boolean enabled, RegistrationMode mode) {
	}

}
