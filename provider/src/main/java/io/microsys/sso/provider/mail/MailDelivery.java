package io.microsys.sso.provider.mail;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.net.ssl.SSLException;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.crypto.MasterKey;
import io.microsys.sso.provider.settings.MailSettings;
import io.microsys.sso.provider.settings.MailSettings.Effective;
import io.microsys.sso.provider.settings.MailSettings.TlsMode;

/**
 * The mail sender for the settings in effect ({@link MailSettings}): while nothing is stored from
 * the console, the one Spring Boot made from {@code spring.mail.*}; once something is, a sender
 * built from the effective settings, built again when they change (on any node within
 * {@link io.microsys.sso.provider.settings.StoredSettings#CACHE}), so a change needs no restart.
 * Opens the stored password with the master key; never logs it.
 */
@Component
public class MailDelivery {

	/** How long the test message waits for the server to connect and to answer (ms). */
	static final int TEST_TIMEOUT_MILLIS = 5000;

	private static final Logger logger = LoggerFactory.getLogger(MailDelivery.class);

	private final MailSettings settings;

	private final MasterKey masterKey;

	private final ObjectProvider<JavaMailSender> configured;

	private final Map<String, String> properties;

	private volatile Built built;

	private record Built(Effective settings, JavaMailSenderImpl sender) {
	}

	public MailDelivery(MailSettings settings, MasterKey masterKey, ObjectProvider<JavaMailSender> configured,
			Environment environment) {
		this.settings = settings;
		this.masterKey = masterKey;
		this.configured = configured;
		this.properties = Binder.get(environment)
			.bind("spring.mail.properties", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
	}

	/** The sender for the settings in effect, or empty when no mail server is configured. */
	public Optional<JavaMailSender> sender() {
		Effective effective = this.settings.effective();
		if (!effective.anyStored()) {
			return Optional.ofNullable(this.configured.getIfAvailable());
		}
		if (effective.host() == null) {
			return Optional.empty();
		}
		Built current = this.built;
		if (current != null && current.settings().equals(effective)) {
			return Optional.of(current.sender());
		}
		JavaMailSenderImpl sender = build(effective, false);
		this.built = new Built(effective, sender);
		return Optional.of(sender);
	}

	/** The From address of every message. */
	public String from() {
		return this.settings.effective().from();
	}

	/** Seals a password for storing under {@link MailSettings#PASSWORD}: Base64 of the master key's box. */
	public String seal(String password) {
		return Base64.getEncoder()
			.encodeToString(this.masterKey.encrypt(password.getBytes(StandardCharsets.UTF_8), MailSettings.PASSWORD_CONTEXT));
	}

	private String password(Effective effective) {
		if (effective.plainPassword() != null) {
			return effective.plainPassword();
		}
		if (effective.sealedPassword() == null) {
			return null;
		}
		try {
			return new String(this.masterKey.decrypt(Base64.getDecoder().decode(effective.sealedPassword()),
					MailSettings.PASSWORD_CONTEXT), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			logger.warn("The stored mail password does not open with this master key; sending without it");
			return null;
		}
	}

	private JavaMailSenderImpl build(Effective effective, boolean test) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(effective.host());
		if (effective.port() != null) {
			sender.setPort(effective.port());
		}
		sender.setUsername(effective.username());
		sender.setPassword(password(effective));
		sender.setDefaultEncoding("UTF-8");
		String protocol = (effective.tls() == TlsMode.SMTPS) ? "smtps" : "smtp";
		sender.setProtocol(protocol);
		Properties javaMail = new Properties();
		this.properties.forEach((key, value) -> {
			if (!key.contains("starttls") && !key.contains(".ssl.")) {
				javaMail.setProperty(key, value);
				if (key.startsWith("mail.smtp.") && protocol.equals("smtps")) {
					javaMail.setProperty("mail.smtps." + key.substring("mail.smtp.".length()), value);
				}
			}
		});
		String prefix = "mail." + protocol + ".";
		if (test) {
			for (String timeout : new String[] { "connectiontimeout", "timeout", "writetimeout" }) {
				javaMail.setProperty(prefix + timeout, Integer.toString(TEST_TIMEOUT_MILLIS));
			}
		}
		javaMail.setProperty(prefix + "auth", Boolean.toString(effective.username() != null));
		javaMail.setProperty("mail.smtp.starttls.enable", Boolean.toString(effective.tls() == TlsMode.STARTTLS));
		javaMail.setProperty("mail.smtp.starttls.required", Boolean.toString(effective.tls() == TlsMode.STARTTLS));
		if (effective.tls() != TlsMode.NONE) {
			javaMail.setProperty(prefix + "ssl.checkserveridentity", "true");
		}
		sender.setJavaMailProperties(javaMail);
		return sender;
	}

	/**
	 * Sends a short message to {@code to} now, through the settings in effect, waiting at most a
	 * few seconds, and tells what the server answered.
	 */
	public TestOutcome test(String to, String subject, String text) {
		return test(this.settings.effective(), to, subject, text);
	}

	/**
	 * Sends the test message through {@code effective} (settings not stored yet: the first-run
	 * setup tries them before saving them).
	 */
	public TestOutcome test(Effective effective, String to, String subject, String text) {
		if (effective.host() == null) {
			return TestOutcome.failed("not-configured", null);
		}
		JavaMailSenderImpl sender = build(effective, true);
		Transport transport = null;
		try {
			MimeMessage message = sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
			helper.setFrom(effective.from());
			helper.setTo(to);
			helper.setSubject(subject);
			helper.setText(text);
			message.saveChanges();
			transport = sender.getSession().getTransport(sender.getProtocol());
			transport.connect(effective.host(), sender.getPort(), effective.username(), sender.getPassword());
			transport.sendMessage(message, message.getAllRecipients());
			return TestOutcome.sent(reply(transport));
		}
		catch (MessagingException ex) {
			String problem = problem(ex);
			String reply = (transport != null) ? reply(transport) : null;
			logger.warn("The test message through {}:{} was not sent ({}): {}", effective.host(), sender.getPort(),
					problem, ex.getMessage());
			return TestOutcome.failed(problem, (reply != null) ? reply : clip(ex.getMessage()));
		}
		finally {
			if (transport != null) {
				try {
					transport.close();
				}
				catch (MessagingException ex) {
					// Sent or not, closing the connection is not the outcome.
				}
			}
		}
	}

	private static String reply(Transport transport) {
		// The SMTP transport (Angus Mail, a runtime dependency) keeps the server's last answer.
		try {
			Object answer = transport.getClass().getMethod("getLastServerResponse").invoke(transport);
			return (answer instanceof String text) ? clip(text) : null;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static String clip(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String line = text.strip().replaceAll("\\s+", " ");
		return (line.length() > 300) ? line.substring(0, 300) + "…" : line;
	}

	/** What went wrong, as a key of the page's sentences. */
	static String problem(MessagingException ex) {
		if (ex instanceof AuthenticationFailedException) {
			return "auth";
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException) {
				return "tls";
			}
			if (cause instanceof UnknownHostException) {
				return "unknown-host";
			}
			if (cause instanceof SocketTimeoutException) {
				return "timeout";
			}
			if (cause instanceof ConnectException) {
				return "refused";
			}
		}
		String message = (ex.getMessage() != null) ? ex.getMessage() : "";
		if (message.contains("STARTTLS")) {
			return "tls";
		}
		if (ex instanceof SendFailedException) {
			return "rejected";
		}
		return "failed";
	}

	/**
	 * How a test message went.
	 *
	 * @param sent whether the server accepted it
	 * @param problem why not ({@code refused}, {@code unknown-host}, {@code timeout}, {@code auth},
	 * {@code tls}, {@code rejected}, {@code not-configured}, {@code failed}), or null
	 * @param reply the server's last answer (or the error's text), or null
	 */
	public record TestOutcome(boolean sent, String problem, String reply) {

		static TestOutcome sent(String reply) {
			return new TestOutcome(true, null, reply);
		}

		static TestOutcome failed(String problem, String reply) {
			return new TestOutcome(false, problem, reply);
		}

	}

}
