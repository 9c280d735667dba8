package io.microsys.sso.provider.web;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header check accepts exactly what Spring Security's regular expression accepts. */
class HeaderValuesTests {

	private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@ParameterizedTest
	@ValueSource(strings = { "", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "text/html; q=0.9", "caf\u00e9 \u0645\u0631\u062d\u0628\u0627",
			"a\tb", "a\nb", "a\u0000b", "a\u007fb", "a\u0085b", "a\u009fb", "a\u00a0b", "\u0378", "a\u2028b",
			"\ud83d\ude00", "\ud83d", "\ude00x", "\uffff", "\ufeff", "\u200b" })
	void isAllowedWhenValueThenSameAsSpringSecurity(String value) {
		assertThat(HeaderValues.isAllowedName(value)).isEqualTo(NAMES.matcher(value).matches());
		assertThat(HeaderValues.isAllowedValue(value)).isEqualTo(VALUES.matcher(value).matches());
	}

	@Test
	void isAllowedWhenEveryCharacterThenSameAsSpringSecurity() {
		for (int c = 0; c <= 0xFFFF; c++) {
			String value = "x" + (char) c + "y";
			assertThat(HeaderValues.isAllowedName(value)).as("U+%04X", c).isEqualTo(NAMES.matcher(value).matches());
			assertThat(HeaderValues.isAllowedValue(value)).as("U+%04X", c).isEqualTo(VALUES.matcher(value).matches());
		}
		for (int cp = 0x10000; cp <= 0x10FFFF; cp += 97) {
			String value = new String(Character.toChars(cp));
			assertThat(HeaderValues.isAllowedName(value)).as("U+%X", cp).isEqualTo(NAMES.matcher(value).matches());
			assertThat(HeaderValues.isAllowedValue(value)).as("U+%X", cp).isEqualTo(VALUES.matcher(value).matches());
		}
	}

}
