package io.microsys.sso.provider.setup;

import java.util.Set;

import org.springframework.validation.Errors;

import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.settings.SecuritySettings.AddressMode;
import io.microsys.sso.provider.settings.SecuritySettings.Setting;
import io.microsys.sso.provider.support.Forms;

/**
 * What the settings page's client address form posts: the mode ({@code direct}, {@code header},
 * {@code proxy}), the header's name and the number of trusted proxies. The header and the number
 * are checked whatever the mode, so a stored value is always one that may be used.
 */
record NetworkForm(String mode, String header, String hops) {

	/** A setting's value as it is stored. */
	String value(Setting setting) {
		return switch (setting) {
			case CLIENT_ADDRESS -> Forms.blankToNull(this.mode);
			case CLIENT_ADDRESS_HEADER -> Forms.blankToNull(this.header);
			case PROXY_HOPS -> {
				String typed = Forms.blankToNull(this.hops);
				Integer number = SecuritySettings.parseNumber(setting, typed);
				yield (number != null) ? String.valueOf(number) : typed;
			}
			default -> throw new IllegalArgumentException(setting.name());
		};
	}

	/** Rejects every field that is not fixed and holds no value its setting may take. */
	void check(Errors errors, Set<Setting> fixed) {
		if (!fixed.contains(Setting.CLIENT_ADDRESS) && AddressMode.of(value(Setting.CLIENT_ADDRESS)).isEmpty()) {
			errors.rejectValue("mode", "settings.network.error.mode");
		}
		if (!fixed.contains(Setting.CLIENT_ADDRESS_HEADER)
				&& !SecuritySettings.valid(Setting.CLIENT_ADDRESS_HEADER, value(Setting.CLIENT_ADDRESS_HEADER))) {
			errors.rejectValue("header", "settings.network.error.header");
		}
		if (!fixed.contains(Setting.PROXY_HOPS) && !SecuritySettings.valid(Setting.PROXY_HOPS, value(Setting.PROXY_HOPS))) {
			errors.rejectValue("hops", "settings.network.error.hops");
		}
	}

	/** The form to show again, each field at most as long as a valid value. */
	NetworkForm forDisplay() {
		return new NetworkForm(Forms.clip(this.mode, 10), Forms.clip(this.header, 64), Forms.clip(this.hops, 12));
	}

}
