package io.microsys.sso.provider.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's default firewall, with its check of header names and values written as loops.
 * The default checks every header it hands out against a regular expression (names
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, values the same plus tab); on a kilobyte-long bearer
 * token that was a visible share of each userinfo request. {@link #isAllowedName} and
 * {@link #isAllowedValue} accept exactly the same strings.
 */
@Configuration(proxyBeanMethods = false)
class HeaderValues {

	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HeaderValues::isAllowedName);
		firewall.setAllowedHeaderValues(HeaderValues::isAllowedValue);
		return firewall;
	}

	/** Whether every code point is assigned and is not a control character. */
	static boolean isAllowedName(String value) {
		return isAllowed(value, false);
	}

	/** As {@link #isAllowedName}, tab allowed. */
	static boolean isAllowedValue(String value) {
		return isAllowed(value, true);
	}

	private static boolean isAllowed(String value, boolean tab) {
		for (int i = 0; i < value.length();) {
			int codePoint = value.codePointAt(i);
			if (codePoint >= 0x20 && codePoint < 0x7f) {
				i++;
				continue;
			}
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
