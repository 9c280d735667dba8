package io.microsys.sso.provider.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A person's browser over real HTTP: keeps cookies, does not follow redirects by itself (tests look
 * at each hop), and fills in forms the way a browser would, CSRF token included.
 */
public final class Browser {

	private final HttpClient http;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private String forwardedFor;

	public Browser() {
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/**
	 * This browser's requests come from {@code ip}, as a reverse proxy would say with
	 * {@code X-Forwarded-For} (which test providers believe from loopback, see
	 * {@link ProviderTestInitializer#DIRECT_CLIENTS}): per-address limits can be tested without
	 * tripping over each other.
	 */
	public Browser from(String ip) {
		this.forwardedFor = ip;
		return this;
	}

	/** GET with an HTML Accept header. */
	public HttpResponse<String> get(String url) {
		return send(builder(url).header("Accept", "text/html").GET().build());
	}

	private HttpRequest.Builder builder(String url) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
		return (this.forwardedFor != null) ? builder.header("X-Forwarded-For", this.forwardedFor) : builder;
	}

	/** POST an urlencoded form. */
	public HttpResponse<String> post(String url, Map<String, String> form) {
		return postEncoded(url, urlEncode(form));
	}

	private HttpResponse<String> postEncoded(String url, String body) {
		return send(builder(url).header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/** Follows redirects from {@code response} while they stay on {@code origin}; returns the last response. */
	public HttpResponse<String> followWithin(HttpResponse<String> response, String origin) {
		HttpResponse<String> current = response;
		for (int hops = 0; hops < 10 && isRedirect(current); hops++) {
			String next = location(current);
			if (!next.startsWith(origin)) {
				return current;
			}
			current = get(next);
		}
		return current;
	}

	/**
	 * Submits the first form of the page found at {@code pageUrl} after filling in {@code values}
	 * (hidden fields such as the CSRF token are kept).
	 */
	public HttpResponse<String> submitForm(HttpResponse<String> page, Map<String, String> values) {
		return submitForm(page, "form[method=post]", values);
	}

	/** Submits the form matching the CSS {@code selector}; repeated fields are all sent. */
	public HttpResponse<String> submitForm(HttpResponse<String> page, String selector, Map<String, String> values) {
		Document document = Jsoup.parse(page.body(), page.uri().toString());
		Element form = document.selectFirst(selector);
		if (form == null) {
			throw new AssertionError("No form " + selector + " on " + page.uri() + ":\n" + page.body());
		}
		List<String> fields = new ArrayList<>();
		for (Element input : form.select("input[name]")) {
			boolean choice = input.attr("type").equals("checkbox") || input.attr("type").equals("radio");
			// Like a browser: unticked boxes and unchosen options are not sent, disabled fields neither.
			if ((choice && !input.hasAttr("checked")) || input.hasAttr("disabled")) {
				continue;
			}
			if (!values.containsKey(input.attr("name"))) {
				fields.add(urlEncode(Map.of(input.attr("name"), input.attr("value"))));
			}
		}
		if (!values.isEmpty()) {
			fields.add(urlEncode(values));
		}
		return postEncoded(form.absUrl("action"), String.join("&", fields));
	}

	/** The CSRF token of the first form on the page (valid for this browser's session). */
	public static String csrfToken(HttpResponse<String> page) {
		Element input = Jsoup.parse(page.body()).selectFirst("form input[name=_csrf]");
		if (input == null) {
			throw new AssertionError("No CSRF token on " + page.uri() + ":\n" + page.body());
		}
		return input.attr("value");
	}

	public static boolean isRedirect(HttpResponse<?> response) {
		return response.statusCode() == 302 || response.statusCode() == 303 || response.statusCode() == 301;
	}

	/** The absolute Location of a redirect. */
	public static String location(HttpResponse<?> response) {
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new AssertionError("No Location on " + response.statusCode() + " from "
					+ response.uri()));
		return response.uri().resolve(location).toString();
	}

	public CookieManager cookies() {
		return this.cookies;
	}

	/** Sends any request with this browser's cookies. */
	public HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static String urlEncode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
