package io.microsys.sso.provider.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.ProviderTestInitializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP that is broken on the wire, sent over a raw socket: answered 400 (never 500, never an
 * ERROR in the log), quickly, and, where the servlet container answers by itself, with the same
 * protective headers as the provider's own pages. Shares {@link BadInputTests}' provider.
 */
@ProviderIntegrationTest
@TestPropertySource(properties = { "microsys.test.context=bad-input",
		ProviderTestInitializer.DIRECT_CLIENTS + "=true" })
@ExtendWith(OutputCaptureExtension.class)
class MalformedHttpTests {

	@Value("${server.port}")
	int port;

	/** What came back: the status line and headers (names lower-cased), then the body. */
	record Answer(String head, String body, Duration took) {

		int status() {
			String[] parts = this.head.split(" ", 3);
			return (parts.length > 1) ? Integer.parseInt(parts[1]) : -1;
		}

		String header(String name) {
			for (String line : this.head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
					return line.substring(colon + 1).trim();
				}
			}
			return null;
		}

	}

	/** Sends the bytes as they are and reads until the server closes the connection (at most 30 s). */
	Answer send(String request) {
		long start = System.nanoTime();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			try {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					received.write(buffer, 0, read);
				}
			}
			catch (SocketTimeoutException | java.net.SocketException ex) {
				// What arrived is the answer.
			}
			String text = received.toString(StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			return (end < 0) ? new Answer(text, "", took) : new Answer(text.substring(0, end), text.substring(end + 4), took);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String host() {
		return "Host: localhost:" + this.port + "\r\n";
	}

	static void assertRefused(Answer answer, CapturedOutput output) {
		assertThat(answer.status()).as(answer.head()).isIn(400, 505);
		assertThat(answer.body()).doesNotContain("Exception", "Apache Tomcat", "at org.");
		assertThat(output.getOut()).doesNotContain(" ERROR ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/accounts/login", "/o/token", "/o/revoke", "/accounts/password/reset",
			"/api/admin/v1/users", "/scim/v2/Users", "/no/such/page" })
	void postWhenChunkedBodyIsBrokenThenBadRequest(String path, CapturedOutput output) {
		for (String contentType : new String[] { "application/x-www-form-urlencoded", "application/json" }) {
			Answer answer = send("POST " + path + " HTTP/1.1\r\n" + host() + "Content-Type: " + contentType + "\r\n"
					+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + "zz\r\nabc\r\n0\r\n\r\n");

			assertThat(answer.status()).as(contentType + " " + answer.head()).isBetween(400, 499);
		}
		assertThat(output.getOut()).doesNotContain(" ERROR ");
	}

	@Test
	void postWhenBodyIsShorterThanContentLengthThenConnectionFreedWithinSeconds(CapturedOutput output) {
		Answer answer = send("POST /accounts/login HTTP/1.1\r\n" + host()
				+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nusername=a");

		assertThat(answer.took()).as("Tomcat's default read timeout is 20 s").isLessThan(Duration.ofSeconds(12));
		// Tomcat drops the connection after the read timeout (-1: closed without an answer).
		assertThat(answer.status()).as(answer.head()).isIn(-1, 408);
		assertThat(output.getOut()).doesNotContain(" ERROR ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /accounts/login?a=<b> HTTP/1.1\r\n", "GET /accounts/{login} HTTP/1.1\r\n",
			"GET /accounts/login HTTP/1.1\r\nBad Header: x\r\n", "GET /accounts/login HTTP/9.9\r\n" })
	void requestWhenRefusedByTheContainerThenItsPageHasTheProvidersHeaders(String start, CapturedOutput output) {
		Answer answer = send(start + host() + "Connection: close\r\n\r\n");

		assertRefused(answer, output);
		assertThat(answer.header("content-security-policy")).as(answer.head()).contains("default-src 'none'")
			.contains("frame-ancestors 'none'");
		assertThat(answer.header("x-content-type-options")).as(answer.head()).isEqualTo("nosniff");
		assertThat(answer.header("x-frame-options")).as(answer.head()).isEqualTo("DENY");
		assertThat(answer.header("referrer-policy")).as(answer.head()).isEqualTo("no-referrer");
		assertThat(answer.header("cache-control")).as(answer.head()).contains("no-store");
	}

}
