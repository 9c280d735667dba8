package io.microsys.sso.provider.web;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import io.microsys.sso.provider.audit.AuditEventRepository;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.ErrorResponses;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.ProviderTestInitializer;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a declared reverse proxy (the test providers declare the loopback address, see
 * {@link ProviderTestInitializer#DIRECT_CLIENTS}): the client is the right-most address in
 * {@code X-Forwarded-For} that is not a declared proxy, whatever the client wrote to the left of
 * it, and a proxy passing on something that is not an address is refused.
 */
@ProviderIntegrationTest
class TrustedProxyTests {

	final Provider provider;

	@Autowired
	AuditEventRepository auditEvents;

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "198.51.100.23|198.51.100.23",
			"not-an-address, 203.0.113.50, 198.51.100.24|198.51.100.24", "198.51.100.25, 127.0.0.1|198.51.100.25",
			"2001:DB8::25|2001:db8:0:0:0:0:0:25" })
	void signInWhenProxyForwardsThenTheRightMostAddressItDidNotWriteIsRecorded(String forwardedFor,
			String recorded) {
		String nobody = TestFixtures.unique("forwarded");
		Browser browser = new Browser().from(forwardedFor);

		HttpResponse<String> page = browser.get(this.provider.origin() + "/accounts/login");
		browser.submitForm(page, Map.of("username", nobody, "password", "wrong"));

		assertThat(this.auditEvents.findTop50ByEventTypeOrderByIdDesc("LOGIN_FAILURE"))
			.filteredOn((event) -> nobody.equals(event.getUsername()))
			.singleElement()
			.satisfies((event) -> assertThat(event.getIpAddress()).isEqualTo(recorded));
	}

	TrustedProxyTests(Provider provider) {
		this.provider = provider;
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-an-address", "198.51.100.26, proxy.example" })
	void pageWhenProxyForwardsSomethingThatIsNotAnAddressThenBadRequest(String forwardedFor) {
		HttpResponse<String> page = new Browser().from(forwardedFor).get(this.provider.origin() + "/accounts/login");

		ErrorResponses.assertErrorPage(page, 400, ErrorResponses.BAD_REQUEST);
	}

}
