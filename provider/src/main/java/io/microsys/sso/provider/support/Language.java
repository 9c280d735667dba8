package io.microsys.sso.provider.support;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages pages and emails are written in. A person's stored language, a {@code ?lang=}
 * choice or a cookie is read through {@link #of(String)}, so an unknown or missing value never
 * reaches a template or the database.
 */
public enum Language {

	/** English, the default. */
	ENGLISH("en", false),
	/** Arabic, written right to left. */
	ARABIC("ar", true);

	/** Every supported language as a locale, the default first. */
	public static final List<Locale> LOCALES = Arrays.stream(values()).map(Language::locale).toList();

	private final String code;

	private final boolean rightToLeft;

	private final Locale locale;

	Language(String code, boolean rightToLeft) {
		this.code = code;
		this.rightToLeft = rightToLeft;
		this.locale = Locale.forLanguageTag(code);
	}

	/** The supported language with this code (any case, surrounding spaces ignored). */
	public static Optional<Language> of(String code) {
		if (code == null) {
			return Optional.empty();
		}
		for (Language language : values()) {
			if (language.code.equalsIgnoreCase(code.trim())) {
				return Optional.of(language);
			}
		}
		return Optional.empty();
	}

	/** The supported language with this code, or English. */
	public static Language orDefault(String code) {
		return of(code).orElse(ENGLISH);
	}

	/** The language of a locale, or English when it is not supported. */
	public static Language of(Locale locale) {
		return (locale != null) ? orDefault(locale.getLanguage()) : ENGLISH;
	}

	/** Its ISO 639-1 code, as stored with a person. */
	public String code() {
		return this.code;
	}

	/** Its locale. */
	public Locale locale() {
		return this.locale;
	}

	/** Its name written in itself ("English", "العربية"), for a choice of languages. */
	public String nativeName() {
		return this.locale.getDisplayLanguage(this.locale);
	}

	/** The HTML {@code dir} of text in this language: {@code rtl} or {@code ltr}. */
	public String direction() {
		return this.rightToLeft ? "rtl" : "ltr";
	}

}
