package io.microsys.sso.provider.login;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.account.PasswordPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page that asks for a new password asks for what {@link PasswordPolicy} checks: its lengths
 * come from the policy (the layout's {@code passwordMinLength} and {@code passwordMaxLength}), never
 * a number of its own (the setup page once wanted 10 characters where the policy says 8).
 */
class PasswordFieldsTests {

	static final Path TEMPLATES = Path.of("src/main/resources/templates");

	static final Pattern NEW_PASSWORD_INPUT = Pattern.compile("<input[^>]*autocomplete=\"new-password\"[^>]*>");

	@Test
	void templatesWhenTheyAskForANewPasswordThenLengthsComeFromThePolicy() throws IOException {
		List<String> fields = new ArrayList<>();
		List<String> wrong = new ArrayList<>();
		try (Stream<Path> templates = Files.walk(TEMPLATES)) {
			for (Path template : templates.filter((path) -> path.toString().endsWith(".html")).toList()) {
				Matcher input = NEW_PASSWORD_INPUT.matcher(Files.readString(template));
				while (input.find()) {
					String field = TEMPLATES.relativize(template) + ": " + input.group();
					fields.add(field);
					if (input.group().matches(".*\\s(minlength|maxlength)=.*")
							|| !input.group().contains("th:maxlength=\"${passwordMaxLength}\"")
							|| (input.group().contains("minlength")
									&& !input.group().contains("th:minlength=\"${passwordMinLength}\""))) {
						wrong.add(field);
					}
				}
			}
		}
		assertThat(fields).as("new-password fields").hasSizeGreaterThanOrEqualTo(8)
			.filteredOn((field) -> field.contains("th:minlength=\"${passwordMinLength}\""))
			.hasSizeGreaterThanOrEqualTo(4);
		assertThat(wrong).isEmpty();
	}

}
