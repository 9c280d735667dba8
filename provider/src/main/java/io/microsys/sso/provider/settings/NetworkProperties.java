package io.microsys.sso.provider.settings;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the provider finds the address a request comes from ({@code microsys.sso.network.*}), for
 * the throttles, the activity log and the devices list (docs/reverse-proxy.md). The defaults of
 * settings the console can change ({@code /sys/settings}, read through {@link SecuritySettings});
 * {@code microsys.sso.trusted-proxies}, when set, wins over all of them.
 */
@ConfigurationProperties("microsys.sso.network")
@Validated
public class NetworkProperties {

	/**
	 * {@code direct}: the TCP peer (forwarded headers ignored); {@code header}: the address in
	 * {@code header}, set by a trusted proxy; {@code proxy}: the address {@code proxy-hops} from the
	 * right of X-Forwarded-For.
	 */
	@NotNull
	@Pattern(regexp = "direct|header|proxy", message = "must be direct, header or proxy")
	private String clientAddress = "direct";

	/** The header a trusted proxy writes the client's address into (mode {@code header}). */
	@NotNull
	@Pattern(regexp = "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}", message = "must be a header name")
	private String header = "X-Real-IP";

	/** How many trusted proxies in front append to X-Forwarded-For (mode {@code proxy}), 1 to 10. */
	@Min(1)
	@Max(10)
	private int proxyHops = 1;

	public String getClientAddress() {
		return this.clientAddress;
	}

	public void setClientAddress(String clientAddress) {
		this.clientAddress = clientAddress;
	}

	public String getHeader() {
		return this.header;
	}

	public void setHeader(String header) {
		this.header = header;
	}

	public int getProxyHops() {
		return this.proxyHops;
	}

	public void setProxyHops(int proxyHops) {
		this.proxyHops = proxyHops;
	}

}
