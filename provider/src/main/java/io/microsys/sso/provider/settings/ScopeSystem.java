package io.microsys.sso.provider.settings;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whether the scope system is on: a setting kept in the database (on until an administrator turns
 * it off on {@code /sys/scopes}). When off, console pages that ask {@link #isOn()} hide their scope
 * columns, filters and fields; nothing else changes (scoped staff keep their scope's rule, people
 * keep their scope). Available to templates as {@code @scopeSystem.isOn()}. Each read is one
 * primary-key lookup.
 */
@Service("scopeSystem")
public class ScopeSystem {

	static final String SCOPES_ENABLED = "scopes.enabled";

	private final JdbcTemplate jdbc;

	private final RuntimeSettings settings;

	public ScopeSystem(JdbcTemplate jdbc, RuntimeSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/** Whether scopes are shown and offered in the console. */
	@Transactional(readOnly = true)
	public boolean isOn() {
		List<String> values = this.jdbc.queryForList("SELECT setting_value FROM sso_setting WHERE setting_key = ?",
				String.class, SCOPES_ENABLED);
		return values.isEmpty() || Boolean.parseBoolean(values.get(0));
	}

	/** Turns the scope system on or off; the caller checked the actor may and records the change. */
	@Transactional
	public void turn(boolean on, String changedBy) {
		this.settings.put(SCOPES_ENABLED, String.valueOf(on), changedBy);
	}

}
