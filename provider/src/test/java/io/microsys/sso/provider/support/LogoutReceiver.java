package io.microsys.sso.provider.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A connected app's back-channel logout endpoint on a free loopback port: it records every logout
 * token POSTed to it and answers with a chosen status.
 */
public final class LogoutReceiver implements AutoCloseable {

	private final HttpServer server;

	private final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile int status = 200;

	public LogoutReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/logout/connect/back-channel/microsys", (exchange) -> {
			this.requests.incrementAndGet();
			try (InputStream body = exchange.getRequestBody()) {
				String form = new String(body.readAllBytes(), StandardCharsets.UTF_8);
				if ("POST".equals(exchange.getRequestMethod())
						&& exchange.getRequestHeaders().getFirst("Content-Type").startsWith(
								"application/x-www-form-urlencoded")
						&& form.startsWith("logout_token=")) {
					this.tokens.add(URLDecoder.decode(form.substring("logout_token=".length()), StandardCharsets.UTF_8));
				}
			}
			exchange.sendResponseHeaders(this.status, -1);
			exchange.close();
		});
		this.server.start();
	}

	public String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/logout/connect/back-channel/microsys";
	}

	public void answer(int status) {
		this.status = status;
	}

	/** The next logout token received, or {@code null} after the wait. */
	public String next(Duration wait) throws InterruptedException {
		return this.tokens.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	public int requests() {
		return this.requests.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
