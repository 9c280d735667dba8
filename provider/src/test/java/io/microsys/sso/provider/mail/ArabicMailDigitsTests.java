package io.microsys.sso.provider.mail;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestMail;

import static io.microsys.sso.provider.support.TestFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One kind of numerals in Arabic email, as on the pages: every mail template, sent in Arabic
 * through the real outbox to a real SMTP server (and the invitation also sent at once), arrives
 * with its codes, counts and expiry times in Western digits, with no Arabic-Indic (U+0660–U+0669)
 * or Extended Arabic-Indic (U+06F0–U+06F9) digit in its subject, text or HTML.
 */
@ProviderIntegrationTest
class ArabicMailDigitsTests {

	private static final Pattern EASTERN_DIGITS = Pattern.compile("[\u0660-\u0669\u06F0-\u06F9]");

	/** The numbers each template shows, as they must read. */
	private static final Map<String, List<String>> NUMBERS = Map.of("account-created", List.of("72"), "email-code",
			List.of("15", "123456"), "invitation", List.of("7"), "password-reset", List.of("15"),
			"registration-verify", List.of("72"));

	private final Mailer mailer;

	ArabicMailDigitsTests(Provider provider) {
		this.mailer = provider.context().getBean(Mailer.class);
	}

	/** Every variable any mail template uses, with numbers as their callers pass them (Long). */
	private static Map<String, Object> values() {
		Map<String, Object> values = new HashMap<>();
		values.put("name", "رنا");
		values.put("by", "admin");
		values.put("username", "rana");
		values.put("link", "http://localhost:9000/accounts/password/reset/abc");
		values.put("login", "http://localhost:9000/accounts/login");
		values.put("reset", "http://localhost:9000/accounts/password/reset");
		values.put("email", "rana@example.com");
		values.put("applicant", "سامي");
		values.put("reason", "سبب");
		values.put("inviter", "admin");
		values.put("app", "Team Wiki");
		values.put("role", "user");
		values.put("code", "123456");
		values.put("hours", 72L);
		values.put("minutes", 15L);
		values.put("days", 7L);
		return values;
	}

	private static List<String> templates() throws IOException {
		Resource[] found = new PathMatchingResourcePatternResolver().getResources("classpath:templates/mail/*.html");
		return Arrays.stream(found)
			.map(Resource::getFilename)
			.map((file) -> file.substring(0, file.length() - ".html".length()))
			.sorted()
			.toList();
	}

	private static void assertWesternDigits(String template, MimeMessage message) {
		String subject = TestMail.subject(message);
		String text = TestMail.text(message);
		String html = TestMail.html(message);
		assertThat(subject + text + html).as(template).doesNotContainPattern(EASTERN_DIGITS);
		assertThat(html).as(template).contains("dir=\"rtl\"");
		for (String number : NUMBERS.getOrDefault(template, List.of())) {
			assertThat(text).as(template).contains(number);
			assertThat(html).as(template).contains(number);
		}
	}

	@Test
	void sendWhenArabicThenEveryTemplateHasOnlyWesternDigits() throws IOException {
		List<String> templates = templates();
		assertThat(templates).contains("account-created", "email-code", "invitation", "password-reset",
				"registration-verify");
		for (String template : templates) {
			String address = unique("ar-" + template) + "@example.com";

			this.mailer.send(address, "ar", template, values());

			assertWesternDigits(template, TestMail.await(address, 1));
		}
	}

	@Test
	void sendNowWhenArabicInvitationThenOnlyWesternDigits() {
		String address = unique("ar-now") + "@example.com";

		assertThat(this.mailer.sendNow(address, "ar", "invitation", values())).isEmpty();

		assertWesternDigits("invitation", TestMail.await(address, 1));
	}

}
