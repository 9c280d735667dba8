package io.microsys.sso.provider.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.microsys.sso.provider.support.ClientAddress;

/** Addresses are parsed, never looked up, and kept in one spelling; proxies are declared as CIDR blocks. */
class ClientAddressTests {

	@ParameterizedTest
	@CsvSource({ "127.0.0.1,127.0.0.1", "203.0.113.9,203.0.113.9", "' 198.51.100.7 ',198.51.100.7",
			"::1,0:0:0:0:0:0:0:1", "2001:DB8::1,2001:db8:0:0:0:0:0:1", "[2001:db8::1],2001:db8:0:0:0:0:0:1",
			"fe80::1%eth0,fe80:0:0:0:0:0:0:1", "::ffff:192.0.2.1,192.0.2.1" })
	void parseWhenIpAddressThenOneSpelling(String text, String expected) {
		assertThat(ClientAddress.parse(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not-an-address", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1",
			"01.2.3.4", "1.2.3.4:80", "1.2.3.4, 5.6.7.8", ":::", "2001:db8::g", "<script>", "0x7f.1" })
	void parseWhenNotAnIpAddressThenNull(String text) {
		assertThat(ClientAddress.parse(text)).isNull();
	}

	@Test
	void trustedProxiesWhenAddressesOrBlocksThenCidrBlocksOnly() {
		assertThat(TrustedProxies.cidrBlocks(new String[] { "10.0.0.5", " 10.1.0.0/16 ", "", "::1", "fd00::/8" }))
			.isEqualTo("10.0.0.5/32,10.1.0.0/16,0:0:0:0:0:0:0:1/128,fd00:0:0:0:0:0:0:0/8");
		assertThat(TrustedProxies.cidrBlocks(new String[0])).isEmpty();
		assertThat(TrustedProxies.cidrBlocks(null)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "10\\.0\\.0\\.5", "10.0.0.*" })
	void trustedProxiesWhenEntryIsNotAnAddressOrBlockThenStartUpStopsNamingIt(String entry) {
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.cidrBlocks(new String[] { entry }))
			.withMessageContaining("'" + entry + "'");
	}

}
