package io.microsys.sso.provider.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;

import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator as operators and load balancers see it: everything on the management port, readable
 * without signing in and nothing else there; on the public port only the contract's {@code /health}
 * and the probe paths under it, without details.
 */
@ProviderIntegrationTest
class ActuatorTests {

	final Provider provider;

	ActuatorTests(Provider provider) {
		this.provider = provider;
	}

	/** GET as Prometheus, the kubelet or a load balancer sends it (no HTML Accept header). */
	HttpResponse<String> get(String url) {
		return new Browser().send(HttpRequest.newBuilder(URI.create(url)).GET().build());
	}

	HttpResponse<String> send(String method, String url, String form) {
		return new Browser().send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.method(method, HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	@Test
	void actuatorWhenPublicPortThenNotFound() {
		String origin = this.provider.origin();
		for (String path : new String[] { "/actuator", "/actuator/prometheus", "/actuator/health",
				"/actuator/health/readiness", "/actuator/info", "/actuator/env" }) {
			assertThat(get(origin + path).statusCode()).as(path).isEqualTo(404);
		}
	}

	@Test
	void actuatorWhenManagementPortThenAnswersWithoutSigningIn() {
		String management = this.provider.management();
		assertThat(management).isNotEqualTo(this.provider.origin());
		HttpResponse<String> health = get(management + "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		assertThat(get(management + "/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get(management + "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get(management + "/actuator/info").statusCode()).isEqualTo(200);
		HttpResponse<String> prometheus = get(management + "/actuator/prometheus");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(prometheus.body()).contains("jvm_memory_used_bytes", "hikaricp_connections_active",
				"microsys_sso_signins_total");
	}

	@Test
	void managementPortWhenNotAnEndpointReadThenRefused() {
		String management = this.provider.management();
		// The protocol chain's filters would answer here without the management chain.
		HttpResponse<String> token = send("POST", management + "/o/token",
				"grant_type=client_credentials&client_id=x&client_secret=" + TestFixtures.SECRET);
		assertThat(token.statusCode()).isEqualTo(403);
		assertThat(token.body()).doesNotContain("access_token");
		assertThat(send("POST", management + "/accounts/login", "username=a&password=b").statusCode())
			.isEqualTo(403);
		assertThat(send("POST", management + "/actuator/health", "").statusCode()).isEqualTo(403);
		assertThat(get(management + "/actuator/env").statusCode()).isEqualTo(403);
		assertThat(get(management + "/actuator/shutdown").statusCode()).isEqualTo(403);
		assertThat(get(management + "/accounts/login").statusCode()).isEqualTo(403);
	}

	@Test
	void healthWhenPublicPortThenReadinessWithoutDetails() {
		String origin = this.provider.origin();
		for (String path : new String[] { "/health", "/health/readiness", "/health/liveness" }) {
			HttpResponse<String> health = get(origin + path);
			assertThat(health.statusCode()).as(path).isEqualTo(200);
			assertThat(health.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
		}
		assertThat(get(origin + "/health/db").statusCode()).isEqualTo(404);
	}

	@Test
	void healthGroupsWhenProbesThenReadinessNeedsTheDatabaseAndMailNoGroup() {
		HealthEndpointGroups groups = this.provider.context().getBean(HealthEndpointGroups.class);
		assertThat(groups.getNames()).contains("public", "readiness", "liveness");
		for (String group : new String[] { "public", "readiness" }) {
			assertThat(groups.get(group).isMember("db")).as(group).isTrue();
			assertThat(groups.get(group).isMember("readinessState")).as(group).isTrue();
			assertThat(groups.get(group).isMember("mail")).as(group).isFalse();
			assertThat(groups.get(group).isMember("diskSpace")).as(group).isFalse();
		}
		assertThat(groups.get("liveness").isMember("livenessState")).isTrue();
		assertThat(groups.get("liveness").isMember("db")).isFalse();
		assertThat(groups.get("public").getAdditionalPath().toString()).isEqualTo("server:/health");
		assertThat(this.provider.context().containsBean("mailHealthContributor")).isFalse();
	}

	@Test
	void shutdownWhenStoppedThenGracefulForUpToThirtySeconds() {
		assertThat(this.provider.context().getBean(ServerProperties.class).getShutdown()).isEqualTo(Shutdown.GRACEFUL);
		assertThat(this.provider.context().getBean(LifecycleProperties.class).getTimeoutPerShutdownPhase())
			.isEqualTo(Duration.ofSeconds(30));
	}

}
