package io.microsys.sso.sample.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A browser for protocol tests: real HTTP, its own cookie jar, redirects followed one at a time so
 * that every hop can be checked, and forms submitted as a person would (hidden fields included).
 */
public final class WebBrowser {

	private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private final HttpClient client;

	public WebBrowser() {
		this.client = HttpClient.newBuilder()
			.cookieHandler(new LoopbackIsSecure(new CookieManager(null, CookiePolicy.ACCEPT_ALL)))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	public HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", HTML).GET().build());
	}

	public HttpResponse<String> post(String url, Map<String, String> form) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Accept", HTML)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form)))
			.build());
	}

	/** Follows redirects until a page that is not one (at most 20 hops). */
	public HttpResponse<String> follow(HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hop = 0; hop < 20 && isRedirect(current); hop++) {
			current = get(location(current));
		}
		return current;
	}

	/** Follows redirects while they stay on {@code origin}; returns the first response leaving it. */
	public HttpResponse<String> followWithin(HttpResponse<String> response, String origin) {
		HttpResponse<String> current = response;
		for (int hop = 0; hop < 20 && isRedirect(current) && location(current).startsWith(origin); hop++) {
			current = get(location(current));
		}
		return current;
	}

	/** Submits the first form on the page matching {@code selector}, with these values set. */
	public HttpResponse<String> submit(HttpResponse<String> page, String selector, Map<String, String> values) {
		Element form = Jsoup.parse(page.body(), page.uri().toString()).selectFirst(selector);
		if (form == null) {
			throw new AssertionError("No form '" + selector + "' on " + page.uri() + ":\n" + page.body());
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (Element input : form.select("input[name]")) {
			fields.put(input.attr("name"), input.attr("value"));
		}
		fields.putAll(values);
		return post(form.absUrl("action"), fields);
	}

	public static boolean isRedirect(HttpResponse<?> response) {
		int status = response.statusCode();
		return status == 301 || status == 302 || status == 303 || status == 307;
	}

	public static String location(HttpResponse<?> response) {
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new AssertionError("No Location on " + response.statusCode() + " from " + response.uri()));
		return response.uri().resolve(location).toString();
	}

	public static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((entry) -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Browsers treat {@code http://localhost} and {@code http://127.0.0.1} as secure contexts, so a
	 * {@code Secure} cookie set there (Keycloak sets its session cookies so even over HTTP) is sent
	 * back; Java's cookie manager would not. Loopback addresses are handed to it as HTTPS.
	 */
	private static final class LoopbackIsSecure extends CookieHandler {

		private final CookieManager cookies;

		LoopbackIsSecure(CookieManager cookies) {
			this.cookies = cookies;
		}

		@Override
		public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
			return this.cookies.get(secure(uri), headers);
		}

		@Override
		public void put(URI uri, Map<String, List<String>> headers) throws IOException {
			this.cookies.put(secure(uri), headers);
		}

		private static URI secure(URI uri) {
			boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
			if (!loopback || !"http".equals(uri.getScheme())) {
				return uri;
			}
			try {
				return new URI("https", uri.getRawAuthority(), uri.getRawPath(), null, null);
			}
			catch (java.net.URISyntaxException ex) {
				return uri;
			}
		}

	}

}
