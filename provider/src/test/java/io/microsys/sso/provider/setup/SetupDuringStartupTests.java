package io.microsys.sso.provider.setup;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import io.microsys.sso.provider.MicrosysSsoApplication;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ProviderTestInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The setup page while start-up tasks still run: the server already accepts connections (it starts
 * before the tasks), but the page answers 503 with a time to retry until they are all done.
 */
class SetupDuringStartupTests {

	static final CountDownLatch release = new CountDownLatch(1);

	/** A start-up task after {@link StartupTasks} that waits until the test lets it finish. */
	@Configuration(proxyBeanMethods = false)
	static class SlowStartupTask {

		@Bean
		@Order(1)
		ApplicationRunner slowStartupTask() {
			return (arguments) -> release.await(2, TimeUnit.MINUTES);
		}

	}

	@Test
	void setupWhenStartupTasksStillRunThenServiceUnavailableThenFormOnceDone() throws Exception {
		Map<String, Object> properties = ProviderTestInitializer.properties();
		String setup = "http://localhost:" + properties.get("server.port") + "/sys/setup";
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		CompletableFuture<ConfigurableApplicationContext> started = CompletableFuture.supplyAsync(
				() -> new SpringApplicationBuilder(MicrosysSsoApplication.class, SlowStartupTask.class).run(arguments));
		try {
			HttpResponse<String> starting = await().atMost(Duration.ofMinutes(3))
				.ignoreExceptionsInstanceOf(IllegalStateException.class)
				.until(() -> new Browser().get(setup), (response) -> response != null);

			assertThat(starting.statusCode()).isEqualTo(503);
			assertThat(starting.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(starting.body()).contains("Microsys SSO is still starting.").doesNotContain("<form");
			assertThat(started).isNotDone();
		}
		finally {
			release.countDown();
		}
		try (ConfigurableApplicationContext context = started.get(3, TimeUnit.MINUTES)) {
			HttpResponse<String> ready = new Browser().get(setup);

			assertThat(ready.statusCode()).isEqualTo(200);
			assertThat(ready.body()).contains("<form method=\"post\" action=\"/sys/setup\">");
		}
	}

}
