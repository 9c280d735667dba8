package io.microsys.sso.provider.oidc.logout;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * Tells connected apps that a provider session ended (OpenID Connect Back-Channel Logout 1.0): a
 * logout token signed with the provider's current key ({@code typ=logout+jwt}, with {@code iss},
 * {@code aud}, {@code sub}, {@code sid}, {@code events}, {@code jti}, {@code iat}, {@code exp}
 * and no {@code nonce}) is POSTed to the app's registered {@code backchannel_logout_uri}.
 * Delivery happens on a background thread, so a logout never waits for an app; a failed delivery
 * is tried again with growing waits and, when it never succeeds, audited. Redirects are not
 * followed. The number of deliveries waiting is bounded.
 */
@Component
public class BackchannelLogoutSender implements DisposableBean {

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/** Lifetime of a logout token; long enough for every retry to carry the same token. */
	private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

	private static final Logger logger = LoggerFactory.getLogger(BackchannelLogoutSender.class);

	private final JwtEncoder encoder;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String issuer;

	private final BackchannelLogoutProperties settings;

	private final HttpClient http;

	private final ScheduledExecutorService executor;

	private final AtomicInteger pending = new AtomicInteger();

	public BackchannelLogoutSender(JWKSource<SecurityContext> keys, ApplicationEventPublisher events, Clock clock,
			ProviderProperties provider, BackchannelLogoutProperties properties) {
		this.encoder = new NimbusJwtEncoder(keys);
		this.events = events;
		this.clock = clock;
		this.issuer = provider.getIssuer();
		this.settings = properties;
		this.http = HttpClient.newBuilder()
			.connectTimeout(this.settings.getTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.executor = Executors.newScheduledThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "backchannel-logout");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Queues the delivery of a logout token for one app; returns at once. */
	public void send(String clientId, String logoutUri, String userUuid, String sessionIdHash) {
		if (this.pending.incrementAndGet() > this.settings.getMaxPending()) {
			this.pending.decrementAndGet();
			failed(clientId, userUuid, "queue_full", "too many deliveries waiting");
			return;
		}
		String token;
		try {
			token = logoutToken(clientId, userUuid, sessionIdHash);
		}
		catch (RuntimeException ex) {
			this.pending.decrementAndGet();
			logger.warn("Could not sign a logout token for app '{}': {}", clientId, ex.getMessage());
			failed(clientId, userUuid, "token_not_signed", ex.getClass().getSimpleName());
			return;
		}
		Delivery delivery = new Delivery(clientId, URI.create(logoutUri), userUuid, token);
		this.executor.execute(() -> attempt(delivery, 1));
	}

	/** Deliveries queued or waiting for a retry. */
	public int pending() {
		return this.pending.get();
	}

	String logoutToken(String clientId, String userUuid, String sessionIdHash) {
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.issuer)
			.subject(userUuid)
			.audience(java.util.List.of(clientId))
			.issuedAt(now)
			.expiresAt(now.plus(TOKEN_LIFETIME))
			.id(UUID.randomUUID().toString())
			.claim("sid", sessionIdHash)
			.claim("events", Map.of(EVENT, Map.of()))
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type("logout+jwt").build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	private void attempt(Delivery delivery, int attempt) {
		String problem;
		try {
			HttpResponse<Void> response = this.http.send(delivery.request(this.settings.getTimeout()),
					HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() >= 200 && response.statusCode() < 300) {
				this.pending.decrementAndGet();
				this.events.publishEvent(
						new BackchannelLogoutDelivered(delivery.clientId(), delivery.userUuid(), attempt));
				return;
			}
			problem = "status " + response.statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.pending.decrementAndGet();
			return;
		}
		catch (Exception ex) {
			problem = ex.getClass().getSimpleName();
		}
		if (attempt < this.settings.getAttempts() && !this.executor.isShutdown()) {
			long wait = this.settings.getInitialBackoff().toMillis() * (long) Math.pow(5, attempt - 1);
			logger.info("Back-channel logout to app '{}' failed ({}); trying again in {} ms", delivery.clientId(),
					problem, wait);
			this.executor.schedule(() -> attempt(delivery, attempt + 1), wait, TimeUnit.MILLISECONDS);
			return;
		}
		this.pending.decrementAndGet();
		logger.warn("Back-channel logout to app '{}' failed after {} attempts ({})", delivery.clientId(), attempt,
				problem);
		failed(delivery.clientId(), delivery.userUuid(), "delivery_failed", "attempts=" + attempt + ", " + problem);
	}

	private void failed(String clientId, String userUuid, String reason, String detail) {
		this.events.publishEvent(new BackchannelLogoutFailed(clientId, userUuid, reason, detail));
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	private record Delivery(String clientId, URI uri, String userUuid, String token) {

		HttpRequest request(Duration timeout) {
			return HttpRequest.newBuilder(this.uri)
				.timeout(timeout)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Cache-Control", "no-store")
				.POST(HttpRequest.BodyPublishers
					.ofString("logout_token=" + URLEncoder.encode(this.token, StandardCharsets.UTF_8)))
				.build();
		}

	}

}
