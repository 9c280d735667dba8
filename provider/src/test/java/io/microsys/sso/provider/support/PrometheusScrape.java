package io.microsys.sso.provider.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} (the text format), read as Prometheus would: the
 * metric names present and each series' value.
 */
public final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final Map<String, Map<Map<String, String>, Double>> series = new LinkedHashMap<>();

	private PrometheusScrape(String text) {
		for (String line : text.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.find()) {
				continue;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (sample.group(3) != null) {
				Matcher label = LABEL.matcher(sample.group(3));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			this.series.computeIfAbsent(sample.group(1), (name) -> new LinkedHashMap<>())
				.put(labels, Double.parseDouble(sample.group(4)));
		}
	}

	/** Scrapes the management port of {@code provider} (its {@link Provider#management()} origin). */
	public static PrometheusScrape of(Provider provider) {
		return of(provider.management());
	}

	/** Scrapes {@code /actuator/prometheus} under {@code management} (such as {@code http://localhost:9001}). */
	public static PrometheusScrape of(String management) {
		HttpResponse<String> response = new Browser()
			.send(HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus")).GET().build());
		if (response.statusCode() != 200) {
			throw new AssertionError("Scrape answered " + response.statusCode() + ": " + response.body());
		}
		return new PrometheusScrape(response.body());
	}

	/** Reads a scrape's text. */
	public static PrometheusScrape parse(String text) {
		return new PrometheusScrape(text);
	}

	/** The names of the metrics present (with {@code _total}, {@code _count}… as exposed). */
	public Set<String> names() {
		return new TreeSet<>(this.series.keySet());
	}

	/**
	 * The value of the series {@code name} whose labels include {@code labels} (name, value, name,
	 * value…), added up over the matching series; 0 when none matches.
	 */
	public double value(String name, String... labels) {
		double sum = 0;
		for (Map.Entry<Map<String, String>, Double> entry : this.series.getOrDefault(name, Map.of()).entrySet()) {
			boolean matches = true;
			for (int i = 0; i + 1 < labels.length; i += 2) {
				matches &= labels[i + 1].equals(entry.getKey().get(labels[i]));
			}
			if (matches) {
				sum += entry.getValue();
			}
		}
		return sum;
	}

	/** Whether a series {@code name} with exactly these labels (name, value…) is present. */
	public boolean has(String name, String... labels) {
		Map<String, String> wanted = new LinkedHashMap<>();
		for (int i = 0; i + 1 < labels.length; i += 2) {
			wanted.put(labels[i], labels[i + 1]);
		}
		return this.series.getOrDefault(name, Map.of()).containsKey(wanted);
	}

}
