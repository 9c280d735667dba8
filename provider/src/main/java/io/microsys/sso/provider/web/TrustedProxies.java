package io.microsys.sso.provider.web;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.support.ClientAddress;

/**
 * The reverse proxies whose {@code X-Forwarded-For}, {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code X-Forwarded-Port} the provider believes
 * ({@code microsys.sso.trusted-proxies}: addresses or CIDR blocks). By default none: the client is
 * the TCP peer and those headers are ignored, as are {@code Forwarded} and
 * {@code X-Forwarded-Prefix} always. From a declared proxy, the client is the right-most address in
 * {@code X-Forwarded-For} that is not a declared proxy, so whatever a client wrote into the header
 * itself is never taken. Tomcat's remote IP valve (Spring Boot's
 * {@code server.forward-headers-strategy: native}) does the work; this sets its proxies, always as
 * CIDR blocks (a bare address alone would be taken by Tomcat as a regular expression).
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

	private final String cidrBlocks;

	TrustedProxies(ProviderProperties properties) {
		this.cidrBlocks = cidrBlocks(properties.getTrustedProxies().toArray(String[]::new));
	}

	@Override
	public void customize(TomcatWebServerFactory factory) {
		if (this.cidrBlocks.isEmpty()) {
			return;
		}
		boolean found = false;
		for (Valve valve : factory.getEngineValves()) {
			if (valve instanceof RemoteIpValve remoteIp) {
				remoteIp.setInternalProxies(this.cidrBlocks);
				found = true;
			}
		}
		if (!found) {
			throw new IllegalStateException("microsys.sso.trusted-proxies needs server.forward-headers-strategy=native");
		}
	}

	/** After Spring Boot's own customizer, which adds the valve. */
	@Override
	public int getOrder() {
		return 1;
	}

	/** The proxies as Tomcat's comma-separated CIDR blocks; start-up stops on an entry that is not one. */
	static String cidrBlocks(String[] proxies) {
		List<String> blocks = new ArrayList<>();
		for (String proxy : (proxies != null) ? proxies : new String[0]) {
			String entry = proxy.strip();
			if (entry.isEmpty()) {
				continue;
			}
			int slash = entry.indexOf('/');
			String address = ClientAddress.parse((slash < 0) ? entry : entry.substring(0, slash));
			if (address == null) {
				throw invalid(entry);
			}
			int bits = (address.indexOf(':') >= 0) ? 128 : 32;
			int prefix = bits;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(entry.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					throw invalid(entry);
				}
				if (prefix < 0 || prefix > bits) {
					throw invalid(entry);
				}
			}
			blocks.add(address + "/" + prefix);
		}
		return String.join(",", blocks);
	}

	private static IllegalArgumentException invalid(String entry) {
		return new IllegalArgumentException("microsys.sso.trusted-proxies: '" + entry
				+ "' is not an IP address or a CIDR block (such as 10.0.0.5 or 10.0.0.0/24)");
	}

}
