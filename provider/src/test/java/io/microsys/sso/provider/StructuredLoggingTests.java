package io.microsys.sso.provider;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON logs for log collectors: {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} (Spring Boot's
 * structured logging) turns the provider's console lines into Elastic Common Schema JSON, with the
 * provider's logging set-up (application.yml, no logback file of its own). Checked in a small JVM of
 * its own, since the setting reconfigures logging for the whole process.
 */
class StructuredLoggingTests {

	@Test
	void consoleWhenEcsFormatFromTheEnvironmentThenJsonLines() throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), Main.class.getName())
			.redirectErrorStream(true);
		builder.environment().put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();

		List<String> lines = output.lines().filter((line) -> line.startsWith("{")).toList();
		assertThat(lines).as(output).isNotEmpty();
		Map<String, Object> started = null;
		for (String line : lines) {
			Map<String, Object> entry = JSONObjectUtils.parse(line);
			assertThat(entry).containsKeys("@timestamp", "log", "message", "ecs");
			if (String.valueOf(entry.get("message")).startsWith("Started ")) {
				started = entry;
			}
		}
		assertThat(started).as(output).isNotNull();
		assertThat(started.get("log")).asString().contains("INFO");
	}

	/** Starts and stops an empty application with the provider's class path and application.yml. */
	public static final class Main {

		public static void main(String[] args) {
			new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE).run(args).close();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
