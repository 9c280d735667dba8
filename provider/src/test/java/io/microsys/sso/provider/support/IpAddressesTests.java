package io.microsys.sso.provider.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Addresses as the profile shows them. */
class IpAddressesTests {

	@Test
	void readableWhenIpv6ThenShortForm() {
		assertThat(IpAddresses.readable("0:0:0:0:0:0:0:1")).isEqualTo("::1");
		assertThat(IpAddresses.readable("2001:0db8:0000:0000:0000:ff00:0042:8329")).isEqualTo("2001:db8::ff00:42:8329");
		assertThat(IpAddresses.readable("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
		assertThat(IpAddresses.readable("0:0:0:0:0:ffff:c000:0201")).isEqualTo("192.0.2.1");
		assertThat(IpAddresses.readable("192.0.2.1")).isEqualTo("192.0.2.1");
	}

	@Test
	void readableWhenNotALiteralThenAsItWasAndNeverLookedUp() {
		assertThat(IpAddresses.readable("example.com")).isEqualTo("example.com");
		assertThat(IpAddresses.readable("12345")).isEqualTo("12345");
		assertThat(IpAddresses.readable(null)).isNull();
		assertThat(IpAddresses.isLoopback("localhost")).isFalse();
	}

	@Test
	void isLoopbackWhenThisComputerThenTrue() {
		assertThat(IpAddresses.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(IpAddresses.isLoopback("127.0.0.1")).isTrue();
		assertThat(IpAddresses.isLoopback("192.0.2.1")).isFalse();
	}

}
