package io.microsys.sso.provider.support;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a refused request looks like from outside: a 4xx that names no exception, class or server
 * version, and says what went wrong, as an OAuth 2.0 error for protocol endpoints or as the
 * provider's error page for people.
 */
public final class ErrorResponses {

	/** The error page's sentence for a 400 (and other 4xx without a sentence of their own). */
	public static final String BAD_REQUEST = "The request could not be understood.";

	/** The error page's sentence for a 403. */
	public static final String FORBIDDEN = "You are not allowed to see this page.";

	/** The error page's sentence for a 404. */
	public static final String NOT_FOUND = "The page you asked for does not exist.";

	/** Text only a stack trace, an exception or a server banner would put in a response. */
	private static final List<String> LEAKS = List.of("Exception", "at org.", "at java.", "java.",
			"Internal Server Error", "Apache Tomcat", "Whitelabel");

	private ErrorResponses() {
	}

	/** Neither the body nor any header gives away how the server is built. */
	public static void assertNothingLeaked(HttpResponse<String> response) {
		assertThat(response.body()).as(describe(response)).doesNotContain(LEAKS);
		response.headers()
			.map()
			.forEach((name, values) -> assertThat(values).as(name + " of " + describe(response))
				.noneMatch((value) -> LEAKS.stream().anyMatch(value::contains)));
	}

	/** An OAuth 2.0 error response (RFC 6749 §5.2): this status, JSON, and this {@code error} code. */
	public static void assertOAuthError(HttpResponse<String> response, int status, String error) {
		assertNothingLeaked(response);
		assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as(describe(response))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(RelyingParty.Json.of(response).string("error")).as(describe(response)).isEqualTo(error);
	}

	/** The provider's own error page, with this status and the sentence a person reads. */
	public static void assertErrorPage(HttpResponse<String> response, int status, String sentence) {
		assertNothingLeaked(response);
		assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as(describe(response))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).as(describe(response))
			.contains("<title>Something went wrong · Microsys SSO</title>", sentence);
		assertThat(response.headers().firstValue("Location")).as(describe(response)).isEmpty();
	}

	static String describe(HttpResponse<String> response) {
		String body = response.body();
		return response.request().method() + " " + abbreviate(response.uri().toString()) + " -> "
				+ response.statusCode() + " " + response.headers().map() + "\n" + abbreviate(body);
	}

	private static String abbreviate(String text) {
		return (text.length() > 600) ? text.substring(0, 600) + "… (" + text.length() + " chars)" : text;
	}

}
