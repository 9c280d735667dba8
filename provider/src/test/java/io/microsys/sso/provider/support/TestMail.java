package io.microsys.sso.provider.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;

/**
 * A real SMTP server (GreenMail) on loopback, one for the whole test run: every provider the tests
 * start sends its mail here ({@code spring.mail.*} from {@link ProviderTestInitializer}), and tests
 * read what was delivered to an address. Fixture addresses are unique, so tests never read each
 * other's mail.
 */
public final class TestMail {

	private static GreenMail server;

	private TestMail() {
	}

	/** The server, started on first use. */
	public static synchronized GreenMail server() {
		if (server == null) {
			ServerSetup smtp = new ServerSetup(ProviderTestInitializer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
			server = new GreenMail(smtp);
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		}
		return server;
	}

	public static int port() {
		return server().getSmtp().getPort();
	}

	/** Messages delivered to {@code address} so far. */
	public static List<MimeMessage> to(String address) {
		List<MimeMessage> found = new ArrayList<>();
		for (MimeMessage message : server().getReceivedMessages()) {
			try {
				for (Address recipient : message.getRecipients(Message.RecipientType.TO)) {
					if (recipient.toString().equalsIgnoreCase(address)) {
						found.add(message);
					}
				}
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return found;
	}

	/** Waits (up to 10 s) until {@code count} messages were delivered to {@code address}; returns the last. */
	public static MimeMessage await(String address, int count) {
		List<MimeMessage> messages = Awaitility.await("message " + count + " to " + address)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> to(address), (delivered) -> delivered.size() >= count);
		return messages.get(count - 1);
	}

	/** The text/plain part of a message. */
	public static String text(MimeMessage message) {
		return part(message, "text/plain");
	}

	/** The text/html part of a message. */
	public static String html(MimeMessage message) {
		return part(message, "text/html");
	}

	public static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The From address of a message, as sent. */
	public static String from(MimeMessage message) {
		try {
			return message.getFrom()[0].toString();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The first match of {@code regex}'s group 1 (or whole match) in the message's text. */
	public static String find(MimeMessage message, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text(message));
		if (!matcher.find()) {
			throw new AssertionError("No " + regex + " in:\n" + text(message));
		}
		return (matcher.groupCount() > 0) ? matcher.group(1) : matcher.group();
	}

	private static String part(MimeMessage message, String type) {
		try {
			String found = find(message.getContent(), type);
			if (found == null) {
				throw new AssertionError("No " + type + " part in " + GreenMailUtil.getWholeMessage(message));
			}
			return found;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String find(Object content, String type) throws Exception {
		if (content instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart part = multipart.getBodyPart(i);
				if (part.isMimeType(type)) {
					return (String) part.getContent();
				}
				String nested = find(part.getContent(), type);
				if (nested != null) {
					return nested;
				}
			}
		}
		return null;
	}

}
