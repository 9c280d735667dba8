package io.microsys.sso.provider.oidc;

import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The fast resolver finds the same token, or fails the same way, as Spring Security's. */
class BearerTokensTests {

	private static final String JWT = "eyJraWQiOiJrIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJ1In0.c2lnbmF0dXJlLV8rLw==";

	@ParameterizedTest
	@ValueSource(strings = { "Bearer " + JWT, "bearer " + JWT, "BEARER abc", "Bearer a~b.c_d-e+f/g=", "Bearer ===",
			"Bearer ", "Bearer", "Bearer a b", "Bearer a=b", "Bearer  abc", "Basic YTpi", "Bearer ab\u00e9",
			"Bearer abc\t" })
	void resolveWhenHeaderOnlyThenSameAsSpringSecurity(String header) {
		assertSameOutcome((request) -> request.addHeader("Authorization", header));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void resolveWhenTokenAlsoInParameterThenSameAsSpringSecurity(String method) {
		assertSameOutcome((request) -> {
			request.setMethod(method);
			request.addHeader("Authorization", "Bearer abc");
			request.setQueryString("access_token=abc");
			request.addParameter("access_token", "abc");
		});
		assertSameOutcome((request) -> {
			request.setMethod(method);
			request.addHeader("Authorization", "Bearer abc");
			request.setContentType("application/x-www-form-urlencoded");
			request.addParameter("access_token", "abc");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void resolveWhenNoHeaderThenSameAsSpringSecurity(String method) {
		assertSameOutcome((request) -> request.setMethod(method));
		assertSameOutcome((request) -> {
			request.setMethod(method);
			request.setQueryString("access_token=abc");
			request.addParameter("access_token", "abc");
		});
	}

	private static void assertSameOutcome(Consumer<MockHttpServletRequest> setUp) {
		Object expected = outcome(new DefaultBearerTokenResolver(), setUp);
		Object actual = outcome(new BearerTokens(), setUp);
		assertThat(actual).isEqualTo(expected);
	}

	private static Object outcome(BearerTokenResolver resolver, Consumer<MockHttpServletRequest> setUp) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/o/userinfo");
		setUp.accept(request);
		Throwable failure = catchThrowable(() -> resolver.resolve(request));
		if (failure instanceof OAuth2AuthenticationException ex) {
			return ex.getError().getErrorCode() + ": " + ex.getError().getDescription();
		}
		assertThat(failure).isNull();
		return String.valueOf(resolver.resolve(request));
	}

}
