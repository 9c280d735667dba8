package io.microsys.sso.provider.mail;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.context.MessageSource;
import org.springframework.dao.DataAccessException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.outbox.Outbox;
import io.microsys.sso.provider.outbox.OutboxProperties;
import io.microsys.sso.provider.support.Language;

/**
 * Sends the provider's email: each message in the person's language (English or Arabic, right to
 * left), as plain text and HTML, from {@code templates/mail/NAME.txt} and {@code NAME.html}, with
 * the subject {@code mail.NAME.subject}. A message is written into the {@link Outbox} (encrypted:
 * it may hold a link or a code) in the caller's transaction and leaves once that commits, on a
 * background thread, so a page answers as fast whether or not it sent one (nothing to learn from
 * the timing); a mail server that is down delays it, a restart does not lose it. Mail is available
 * when a mail server is configured ({@code /sys/settings/mail}, or {@code spring.mail.host}); each
 * message goes through the settings in effect when it leaves ({@link MailDelivery}).
 */
@Service
public class Mailer {

	private static final Logger logger = LoggerFactory.getLogger(Mailer.class);

	private final MailDelivery delivery;

	private final MessageSource messages;

	private final TemplateEngine templates;

	private final Outbox outbox;

	private final Clock clock;

	/** The outbox kind of a message. */
	static final String KIND = "mail";

	public Mailer(MailDelivery delivery, MessageSource messages, OutboxProperties outboxProperties, Outbox outbox,
			Clock clock) {
		this.delivery = delivery;
		this.outbox = outbox;
		this.clock = clock;
		this.messages = messages;
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 1));
		engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 2));
		engine.setTemplateEngineMessageSource(messages);
		this.templates = engine;
		outbox.register(new Outbox.Kind(KIND, outboxProperties.getMailMaxPending(), 2), this::deliver);
	}

	private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/mail/");
		resolver.setSuffix(suffix);
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
		resolver.setOrder(order);
		resolver.setCheckExistence(true);
		return resolver;
	}

	/** Whether a mail server is configured. */
	public boolean isAvailable() {
		return this.delivery.sender().isPresent();
	}

	/**
	 * Why mail cannot be sent now, if it cannot: {@code not-configured} (no {@code spring.mail.host})
	 * or {@code unreachable} (the server did not answer a connection test). Connects to the server,
	 * so it is for settings pages, not for each message.
	 */
	public Optional<String> problem() {
		JavaMailSender mailSender = this.delivery.sender().orElse(null);
		if (mailSender == null) {
			return Optional.of("not-configured");
		}
		if (mailSender instanceof JavaMailSenderImpl impl) {
			try {
				impl.testConnection();
			}
			catch (MessagingException ex) {
				logger.warn("The mail server did not answer a connection test: {}", ex.getMessage());
				return Optional.of("unreachable");
			}
		}
		return Optional.empty();
	}

	/**
	 * Queues a message; never fails the caller (a failure is logged without the message's
	 * content, which may hold a code or a link).
	 * @param language the person's language ({@code en}, {@code ar})
	 * @param values the template's variables
	 */
	public void send(String to, String language, String name, Map<String, Object> values) {
		send(to, language, name, values, null);
	}

	/**
	 * Queues a message that is pointless after {@code validFor} (it holds a code or a link that
	 * expires by then): not sent at all when it could not leave in time.
	 */
	public void send(String to, String language, String name, Map<String, Object> values, Duration validFor) {
		JavaMailSender mailSender = this.delivery.sender().orElse(null);
		if (mailSender == null || to == null || to.isBlank()) {
			logger.warn("Mail '{}' not sent: {}", name, (mailSender == null) ? "no mail server configured (spring.mail.host)" : "no address");
			return;
		}
		Locale locale = locale(language);
		Context context = new Context(locale);
		context.setVariables(values);
		context.setVariable("lang", locale.getLanguage());
		context.setVariable("dir", Language.of(locale).direction());
		String subject = this.messages.getMessage("mail." + name + ".subject", null, locale);
		String text = this.templates.process(name + ".txt", context);
		String html = this.templates.process(name + ".html", context);
		try {
			if (!this.outbox.enqueue(KIND, (validFor != null) ? this.clock.instant().plus(validFor) : null, to,
					subject, text, html, name)) {
				logger.warn("Mail '{}' not sent: too many messages waiting", name);
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Mail '{}' not sent: it could not be stored: {}", name, ex.getMessage());
		}
	}

	/**
	 * The locale a message is written in: the person's language, with Western digits
	 * ({@code -u-nu-latn}), so a count in an Arabic message reads {@code 15}, not {@code ١٥}, like
	 * the codes and links beside it and like the pages (one kind of numerals). Messages are still
	 * found by the language alone.
	 */
	static Locale locale(String language) {
		return new Locale.Builder().setLocale(Language.orDefault(language).locale())
			.setUnicodeLocaleKeyword("nu", "latn")
			.build();
	}

	/** Sends a message from the outbox; a failure is thrown, so the outbox tries again later. */
	private void deliver(List<String> fields) throws MessagingException {
		String name = fields.get(4);
		JavaMailSender mailSender = this.delivery.sender().orElse(null);
		if (mailSender == null) {
			throw new IllegalStateException("no mail server configured (spring.mail.host) for mail '" + name + "'");
		}
		MimeMessage message = mailSender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
		helper.setFrom(this.delivery.from());
		helper.setTo(fields.get(0));
		helper.setSubject(fields.get(1));
		helper.setText(fields.get(2), fields.get(3));
		try {
			mailSender.send(message);
		}
		catch (MailException ex) {
			throw new IllegalStateException("mail '" + name + "' could not be sent: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Sends a message now, on the caller's thread, for an administrator who must know whether it
	 * left (an invitation), never for a page anyone can use (its timing would tell). Why it was
	 * not sent, if it was not: {@code not-configured} (no {@code spring.mail.host}) or
	 * {@code failed} (the server could not be reached or refused it; logged without the content).
	 * @param language the person's language ({@code en}, {@code ar})
	 * @param values the template's variables
	 */
	public Optional<String> sendNow(String to, String language, String name, Map<String, Object> values) {
		JavaMailSender mailSender = this.delivery.sender().orElse(null);
		if (mailSender == null) {
			logger.warn("Mail '{}' not sent: no mail server configured (spring.mail.host)", name);
			return Optional.of("not-configured");
		}
		Locale locale = locale(language);
		Context context = new Context(locale);
		context.setVariables(values);
		context.setVariable("lang", locale.getLanguage());
		context.setVariable("dir", Language.of(locale).direction());
		try {
			MimeMessage message = mailSender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
			helper.setFrom(this.delivery.from());
			helper.setTo(to);
			helper.setSubject(this.messages.getMessage("mail." + name + ".subject", null, locale));
			helper.setText(this.templates.process(name + ".txt", context), this.templates.process(name + ".html", context));
			mailSender.send(message);
			return Optional.empty();
		}
		catch (MessagingException | MailException ex) {
			logger.warn("Mail '{}' could not be sent: {}", name, ex.getMessage());
			return Optional.of("failed");
		}
	}

}
