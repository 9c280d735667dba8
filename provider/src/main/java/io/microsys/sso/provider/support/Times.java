package io.microsys.sso.provider.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Times as pages show them ({@code 2026-12-01 20:15 UTC}); templates call it as {@code @times}. */
@Component("times")
public class Times {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	/** The time as text, or an empty text for none. */
	public static String text(Instant time) {
		return (time != null) ? TIME.format(time) : "";
	}

	/** {@link #text} for templates. */
	public String format(Instant time) {
		return text(time);
	}

}
