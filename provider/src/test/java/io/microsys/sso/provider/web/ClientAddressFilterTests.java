package io.microsys.sso.provider.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.settings.SecuritySettings.AddressMode;
import io.microsys.sso.provider.settings.SecuritySettings.ClientAddressResolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The one place the client's address is found: the TCP peer, a trusted proxy's header, or the
 * address a number of trusted proxies appended to {@code X-Forwarded-For}; never an entry the
 * client wrote beyond the trusted hops.
 */
class ClientAddressFilterTests {

	static final String PEER = "10.0.0.5";

	String resolved(ClientAddressResolution resolution, Map<String, List<String>> headers) throws Exception {
		return resolved(resolution, headers, List.of());
	}

	String resolved(ClientAddressResolution resolution, Map<String, List<String>> headers, List<String> proxies)
			throws Exception {
		SecuritySettings settings = mock(SecuritySettings.class);
		given(settings.clientAddress()).willReturn(resolution);
		ProviderProperties properties = new ProviderProperties();
		properties.setTrustedProxies(proxies);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setRemoteAddr(PEER);
		headers.forEach((name, values) -> values.forEach((value) -> request.addHeader(name, value)));
		AtomicReference<String> seen = new AtomicReference<>();
		new ClientAddressFilter(settings, properties).doFilter(request, new MockHttpServletResponse(),
				new MockFilterChain() {
					@Override
					public void doFilter(jakarta.servlet.ServletRequest passed, jakarta.servlet.ServletResponse response) {
						seen.set(((HttpServletRequest) passed).getRemoteAddr());
					}
				});
		return seen.get();
	}

	static ClientAddressResolution proxy(int hops) {
		return new ClientAddressResolution(AddressMode.PROXY, "X-Real-IP", hops);
	}

	@Test
	void directWhenForwardedForAndRealIpSentThenThePeer() throws Exception {
		assertThat(resolved(ClientAddressResolution.DIRECT,
				Map.of("X-Forwarded-For", List.of("203.0.113.1"), "X-Real-IP", List.of("203.0.113.2"))))
			.isEqualTo(PEER);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "1|203.0.113.9|203.0.113.9", "1|198.51.100.1, 203.0.113.9|203.0.113.9",
			"2|198.51.100.1, 203.0.113.9|198.51.100.1", "2|evil, 198.51.100.1, 203.0.113.9|198.51.100.1",
			"3|198.51.100.1, 203.0.113.9|198.51.100.1", "1|198.51.100.1,203.0.113.9 |203.0.113.9",
			"1|2001:DB8::1|2001:db8:0:0:0:0:0:1" })
	void proxyWhenHopsThenTheAddressThatManyFromTheRightOrTheLeftMost(int hops, String header, String expected)
			throws Exception {
		assertThat(resolved(proxy(hops), Map.of("X-Forwarded-For", List.of(header)))).isEqualTo(expected);
	}

	@Test
	void proxyWhenSeveralHeadersThenOneListInOrder() throws Exception {
		assertThat(resolved(proxy(2), Map.of("X-Forwarded-For", List.of("198.51.100.1", "203.0.113.9"))))
			.isEqualTo("198.51.100.1");
	}

	@Test
	void proxyWhenNoHeaderThenThePeer() throws Exception {
		assertThat(resolved(proxy(1), Map.of())).isEqualTo(PEER);
	}

	@Test
	void proxyWhenChosenEntryIsNotAnAddressThenNoAddress() throws Exception {
		assertThat(resolved(proxy(1), Map.of("X-Forwarded-For", List.of("203.0.113.9, not-an-address")))).isEmpty();
		assertThat(resolved(proxy(1), Map.of("X-Forwarded-For", List.of("203.0.113.9,")))).isEmpty();
	}

	@Test
	void headerWhenSetThenItsAddressAndWithoutOneNoAddress() throws Exception {
		ClientAddressResolution header = new ClientAddressResolution(AddressMode.HEADER, "X-Client", 1);
		assertThat(resolved(header, Map.of("X-Client", List.of("203.0.113.7"), "X-Forwarded-For", List.of("1.2.3.4"))))
			.isEqualTo("203.0.113.7");
		assertThat(resolved(header, Map.of("X-Real-IP", List.of("203.0.113.7")))).isEmpty();
		assertThat(resolved(header, Map.of("X-Client", List.of("203.0.113.7, 1.2.3.4")))).isEmpty();
	}

	@Test
	void headerWhenHealthProbeWithoutTheHeaderThenThePeer() throws Exception {
		SecuritySettings settings = mock(SecuritySettings.class);
		given(settings.clientAddress()).willReturn(new ClientAddressResolution(AddressMode.HEADER, "X-Real-IP", 1));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/health/readiness");
		request.setRemoteAddr(PEER);
		MockFilterChain chain = new MockFilterChain();
		new ClientAddressFilter(settings, new ProviderProperties()).doFilter(request, new MockHttpServletResponse(),
				chain);
		assertThat(chain.getRequest().getRemoteAddr()).isEqualTo(PEER);
	}

	@Test
	void headerWhenPathOnlyStartsLikeTheHealthProbeThenTheHeaderIsRequired() throws Exception {
		SecuritySettings settings = mock(SecuritySettings.class);
		given(settings.clientAddress()).willReturn(new ClientAddressResolution(AddressMode.HEADER, "X-Real-IP", 1));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/healthcheck");
		request.setRemoteAddr(PEER);
		MockFilterChain chain = new MockFilterChain();
		new ClientAddressFilter(settings, new ProviderProperties()).doFilter(request, new MockHttpServletResponse(),
				chain);
		assertThat(chain.getRequest().getRemoteAddr()).isEmpty();
	}

	@Test
	void anyModeWhenTrustedProxiesDeclaredThenTheValvesAddressIsKept() throws Exception {
		assertThat(resolved(proxy(1), Map.of("X-Forwarded-For", List.of("203.0.113.9")), List.of("10.0.0.0/8")))
			.isEqualTo(PEER);
	}

	@Test
	void headerNameWhenNotATokenOrTooLongThenInvalid() {
		assertThat(SecuritySettings.validHeaderName("X-Real-IP")).isTrue();
		assertThat(SecuritySettings.validHeaderName("CF-Connecting-IP")).isTrue();
		assertThat(SecuritySettings.validHeaderName("X Real")).isFalse();
		assertThat(SecuritySettings.validHeaderName("X-Real:IP")).isFalse();
		assertThat(SecuritySettings.validHeaderName("")).isFalse();
		assertThat(SecuritySettings.validHeaderName("X".repeat(65))).isFalse();
		assertThat(SecuritySettings.validHeaderName("X-Ünï")).isFalse();
	}

}
