package io.microsys.sso.provider.setup;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import org.springframework.validation.Errors;

import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.settings.SecuritySettings.Setting;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;

/**
 * What the settings page's security form posts: each flag {@code true} (nothing when the box is not
 * ticked), each number as typed, a language code. Fields an environment variable fixes are
 * ignored (a browser does not send them: they are disabled or read-only).
 */
record SecurityForm(String emailCodes, String singleSession, String trustedBrowserDays, String passwordMinLength,
		String loginAccountThreshold, String loginIpThreshold, String loginMailThreshold, String clientThreshold,
		String clientIpThreshold, String defaultLanguage, String auditRetentionDays) {

	/** Each setting of the form and the name of its field, in the page's order. */
	static final Map<Setting, String> FIELDS = fields();

	private static Map<Setting, String> fields() {
		Map<Setting, String> fields = new EnumMap<>(Setting.class);
		fields.put(Setting.EMAIL_CODES, "emailCodes");
		fields.put(Setting.SINGLE_SESSION, "singleSession");
		fields.put(Setting.TRUSTED_BROWSER_DAYS, "trustedBrowserDays");
		fields.put(Setting.PASSWORD_MIN_LENGTH, "passwordMinLength");
		fields.put(Setting.LOGIN_ACCOUNT_THRESHOLD, "loginAccountThreshold");
		fields.put(Setting.LOGIN_IP_THRESHOLD, "loginIpThreshold");
		fields.put(Setting.LOGIN_MAIL_THRESHOLD, "loginMailThreshold");
		fields.put(Setting.CLIENT_THRESHOLD, "clientThreshold");
		fields.put(Setting.CLIENT_IP_THRESHOLD, "clientIpThreshold");
		fields.put(Setting.DEFAULT_LANGUAGE, "defaultLanguage");
		fields.put(Setting.AUDIT_RETENTION_DAYS, "auditRetentionDays");
		return Collections.unmodifiableMap(fields);
	}

	/** The form showing {@code values} (setting → its value as text). */
	static SecurityForm of(Map<Setting, String> values) {
		return new SecurityForm(values.get(Setting.EMAIL_CODES), values.get(Setting.SINGLE_SESSION),
				values.get(Setting.TRUSTED_BROWSER_DAYS), values.get(Setting.PASSWORD_MIN_LENGTH),
				values.get(Setting.LOGIN_ACCOUNT_THRESHOLD), values.get(Setting.LOGIN_IP_THRESHOLD),
				values.get(Setting.LOGIN_MAIL_THRESHOLD), values.get(Setting.CLIENT_THRESHOLD),
				values.get(Setting.CLIENT_IP_THRESHOLD), values.get(Setting.DEFAULT_LANGUAGE),
				values.get(Setting.AUDIT_RETENTION_DAYS));
	}

	/** The typed value of a setting's field, as posted. */
	String typed(Setting setting) {
		return switch (setting) {
			case EMAIL_CODES -> this.emailCodes;
			case SINGLE_SESSION -> this.singleSession;
			case TRUSTED_BROWSER_DAYS -> this.trustedBrowserDays;
			case PASSWORD_MIN_LENGTH -> this.passwordMinLength;
			case LOGIN_ACCOUNT_THRESHOLD -> this.loginAccountThreshold;
			case LOGIN_IP_THRESHOLD -> this.loginIpThreshold;
			case LOGIN_MAIL_THRESHOLD -> this.loginMailThreshold;
			case CLIENT_THRESHOLD -> this.clientThreshold;
			case CLIENT_IP_THRESHOLD -> this.clientIpThreshold;
			case DEFAULT_LANGUAGE -> this.defaultLanguage;
			case AUDIT_RETENTION_DAYS -> this.auditRetentionDays;
			default -> throw new IllegalArgumentException(setting.name());
		};
	}

	/** A setting's value as it is stored ({@code true}/{@code false}, a number without spaces, a code). */
	String value(Setting setting) {
		String typed = Forms.blankToNull(typed(setting));
		return switch (setting) {
			case EMAIL_CODES, SINGLE_SESSION -> (typed == null) ? "false" : typed;
			case DEFAULT_LANGUAGE -> (typed != null) ? Language.of(typed).map(Language::code).orElse(typed) : null;
			default -> {
				Integer number = SecuritySettings.parseNumber(setting, typed);
				yield (number != null) ? String.valueOf(number) : typed;
			}
		};
	}

	/** Rejects every field that is not fixed and holds no value its setting may take. */
	void check(Errors errors, Set<Setting> fixed) {
		for (Map.Entry<Setting, String> field : FIELDS.entrySet()) {
			Setting setting = field.getKey();
			if (fixed.contains(setting) || SecuritySettings.valid(setting, value(setting))) {
				continue;
			}
			switch (setting) {
				case EMAIL_CODES, SINGLE_SESSION -> errors.rejectValue(field.getValue(), "settings.error.flag");
				case DEFAULT_LANGUAGE -> errors.rejectValue(field.getValue(), "settings.error.language");
				default -> errors.rejectValue(field.getValue(), "settings.error.number",
						new Object[] { String.valueOf(setting.min()), String.valueOf(setting.max()) }, null);
			}
		}
	}

	/** The form to show again, each field at most as long as a valid value. */
	SecurityForm forDisplay() {
		Map<Setting, String> values = new EnumMap<>(Setting.class);
		for (Setting setting : FIELDS.keySet()) {
			values.put(setting, Forms.clip(typed(setting), 12));
		}
		return of(values);
	}

}
