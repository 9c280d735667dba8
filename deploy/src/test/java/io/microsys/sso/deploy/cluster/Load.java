package io.microsys.sso.deploy.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Steady load through nginx from a few client threads: client_credentials token requests,
 * discovery, JWKS and userinfo, one after the other in each thread. Every answer is counted; an
 * answer other than 2xx (or no answer) is an error, kept with what it was. The access tokens
 * answered with 200 are kept, so the test can check afterwards that each is still known.
 */
final class Load implements AutoCloseable {

	/** One round (token, discovery, JWKS, userinfo) per thread at most this often. */
	private static final Duration PACE = Duration.ofMillis(400);

	private final String issuer;

	private final String basic;

	private final String userAccessToken;

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicLong answers = new AtomicLong();

	private final Map<String, AtomicInteger> answersByKind = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();

	private volatile boolean running = true;

	private Load(String issuer, String clientId, String secret, String userAccessToken) {
		this.issuer = issuer;
		this.basic = "Basic " + Base64.getEncoder()
			.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		this.userAccessToken = userAccessToken;
	}

	/** Starts {@code threads} client threads against the issuer (nginx). */
	static Load start(String issuer, String clientId, String secret, String userAccessToken, int threads) {
		Load load = new Load(issuer, clientId, secret, userAccessToken);
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(load::run, "cluster-load-" + i);
			thread.setDaemon(true);
			load.threads.add(thread);
			thread.start();
		}
		return load;
	}

	private void run() {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpRequest token = HttpRequest.newBuilder(URI.create(this.issuer + "/token"))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", this.basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build();
		HttpRequest discovery = HttpRequest
			.newBuilder(URI.create(this.issuer + "/.well-known/openid-configuration"))
			.timeout(Duration.ofSeconds(60))
			.build();
		HttpRequest jwks = HttpRequest.newBuilder(URI.create(this.issuer + "/.well-known/jwks.json"))
			.timeout(Duration.ofSeconds(60))
			.build();
		HttpRequest userinfo = HttpRequest.newBuilder(URI.create(this.issuer + "/userinfo"))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + this.userAccessToken)
			.build();
		long next = System.nanoTime();
		while (this.running) {
			// Paced, so the load leaves the two cores room to start a node: the restart, not the
			// load, is what is tested.
			next += PACE.toNanos();
			LockSupport.parkNanos(next - System.nanoTime());
			HttpResponse<String> answer = send(http, "token", token);
			if (answer != null && answer.statusCode() == 200) {
				try {
					this.tokens.add((String) JSONObjectUtils.parse(answer.body()).get("access_token"));
				}
				catch (java.text.ParseException ex) {
					this.errors.add("token: 200 without JSON: " + answer.body());
				}
			}
			send(http, "discovery", discovery);
			send(http, "jwks", jwks);
			send(http, "userinfo", userinfo);
		}
	}

	private HttpResponse<String> send(HttpClient http, String kind, HttpRequest request) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			this.answers.incrementAndGet();
			this.answersByKind.computeIfAbsent(kind, (k) -> new AtomicInteger()).incrementAndGet();
			if (response.statusCode() / 100 != 2) {
				this.errors.add(kind + ": " + response.statusCode() + " " + abbreviate(response.body()));
			}
			return response;
		}
		catch (IOException ex) {
			this.errors.add(kind + ": " + ex);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
			return null;
		}
	}

	private static String abbreviate(String body) {
		String line = body.replaceAll("\\s+", " ");
		return (line.length() > 200) ? line.substring(0, 200) + "…" : line;
	}

	/** Answers so far (any status). */
	long answers() {
		return this.answers.get();
	}

	Map<String, AtomicInteger> answersByKind() {
		return this.answersByKind;
	}

	List<String> errors() {
		return List.copyOf(this.errors);
	}

	List<String> tokens() {
		return List.copyOf(this.tokens);
	}

	/** Stops the threads after their current request and waits for them. */
	@Override
	public void close() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(90_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
