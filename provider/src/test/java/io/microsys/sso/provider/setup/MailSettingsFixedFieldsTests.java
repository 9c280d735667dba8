package io.microsys.sso.provider.setup;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.validation.MapBindingResult;

import io.microsys.sso.provider.settings.MailSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A field an environment variable fixes is shown read-only and never stored: its value does not
 * make the mail settings form fail.
 */
class MailSettingsFixedFieldsTests {

	private static final MailSettings.Effective SETTINGS = new MailSettings.Effective("smtp_relay.internal", 25,
			MailSettings.TlsMode.NONE, null, null, null, "Microsys SSO <no-reply@localhost>", false);

	@Test
	void hasErrorsBesidesFixedWhenOnlyAFixedFieldIsWrongThenNone() {
		MailSettingsChanges.Current current = new MailSettingsChanges.Current(SETTINGS,
				Map.of("host", "SPRING_MAIL_HOST", "password", "SPRING_MAIL_PASSWORD"));
		MapBindingResult fixedOnly = new MapBindingResult(new HashMap<>(), "form");
		fixedOnly.rejectValue("hostValid", "mail.settings.error.host");
		fixedOnly.rejectValue("removePasswordValid", "mail.settings.error.removePassword");
		assertThat(MailSettingsController.hasErrorsBesidesFixed(fixedOnly, current)).isFalse();

		MapBindingResult another = new MapBindingResult(new HashMap<>(), "form");
		another.rejectValue("hostValid", "mail.settings.error.host");
		another.rejectValue("portValid", "mail.settings.error.port");
		assertThat(MailSettingsController.hasErrorsBesidesFixed(another, current)).isTrue();

		MailSettingsChanges.Current nothingFixed = new MailSettingsChanges.Current(SETTINGS, Map.of());
		assertThat(MailSettingsController.hasErrorsBesidesFixed(fixedOnly, nothingFixed)).isTrue();
	}

}
