package io.microsys.sso.provider.web;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every page and email exists in English and Arabic: the two bundles have the same keys, and every key a template names is in them. */
class MessagesTests {

	static final Path RESOURCES = Path.of("src/main/resources");

	private static Properties load(String name) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(name), StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

	@Test
	void bundlesWhenComparedThenSameKeysAndNoEmptyArabicText() throws IOException {
		Properties english = load("messages.properties");
		Properties arabic = load("messages_ar.properties");
		assertThat(arabic.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
		for (String key : arabic.stringPropertyNames()) {
			String text = arabic.getProperty(key);
			assertThat(text).as(key).isNotBlank();
			if (!key.equals("app.name") && english.getProperty(key).matches(".*[A-Za-z]{4,}.*")) {
				assertThat(text).as("Arabic text of " + key).containsPattern("[\\u0600-\\u06FF]");
			}
		}
	}

	@Test
	void templatesWhenTheyNameAMessageThenItExists() throws IOException {
		Set<String> keys = load("messages.properties").stringPropertyNames();
		Pattern literal = Pattern.compile("#\\{([A-Za-z][\\w.-]*)[(}]");
		Set<String> missing = new TreeSet<>();
		try (Stream<Path> templates = Files.walk(RESOURCES.resolve("templates"))) {
			for (Path template : templates.filter(Files::isRegularFile).toList()) {
				Matcher matcher = literal.matcher(Files.readString(template));
				while (matcher.find()) {
					if (!keys.contains(matcher.group(1))) {
						missing.add(RESOURCES.relativize(template) + ": " + matcher.group(1));
					}
				}
			}
		}
		assertThat(missing).isEmpty();
	}

}
