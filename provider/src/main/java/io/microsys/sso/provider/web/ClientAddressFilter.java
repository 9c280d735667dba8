package io.microsys.sso.provider.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.microsys.sso.provider.settings.ProviderProperties;
import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.settings.SecuritySettings.ClientAddressResolution;
import io.microsys.sso.provider.support.ClientAddress;

/**
 * Finds the client's address once per request, before anything else reads it, as the settings page
 * says ({@code network.*}): the TCP peer ({@code direct}, the default), the header a trusted proxy
 * sets ({@code header}), or the address that the outermost of a number of trusted proxies appended
 * to {@code X-Forwarded-For} ({@code proxy}). The request then answers
 * {@link HttpServletRequest#getRemoteAddr()} with it, so the throttle, the audit log, the device
 * list and Spring Security all see one address ({@link ClientAddress#of}). An address that cannot
 * be found (the header missing or not an address) is answered 400 by {@link BadRequestFilter}.
 * With {@code microsys.sso.trusted-proxies} set, Tomcat's remote IP valve has already resolved the
 * address and this filter changes nothing (the environment wins). Health probes ({@code /health},
 * {@code /health/liveness}, {@code /health/readiness}) keep the TCP peer: a load balancer asks
 * directly, without the proxy's header.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class ClientAddressFilter extends OncePerRequestFilter {

	static final String FORWARDED_FOR = "X-Forwarded-For";

	/** The health groups' paths on this port ({@code management.endpoint.health.group.*.additional-path}). */
	static final String HEALTH = "/health";

	private final SecuritySettings settings;

	private final boolean valve;

	ClientAddressFilter(SecuritySettings settings, ProviderProperties properties) {
		this.settings = settings;
		this.valve = !TrustedProxies.cidrBlocks(properties.getTrustedProxies().toArray(String[]::new)).isEmpty();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Health probes come from the load balancer or the orchestrator itself, not through the proxy.
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean probe = path.equals(HEALTH) || path.startsWith(HEALTH + "/");
		ClientAddressResolution resolution = (this.valve || probe) ? ClientAddressResolution.DIRECT
				: this.settings.clientAddress();
		String address = switch (resolution.mode()) {
			case DIRECT -> null;
			case HEADER -> resolved(ClientAddress.parse(request.getHeader(resolution.header())));
			case PROXY -> forwardedFor(request, resolution.hops());
		};
		chain.doFilter((address != null) ? new Resolved(request, address) : request, response);
	}

	/** An address, or an empty text that {@link BadRequestFilter} refuses. */
	private static String resolved(String address) {
		return (address != null) ? address : "";
	}

	/**
	 * The {@code hops}-th address from the right of every {@code X-Forwarded-For} header; the
	 * left-most when there are fewer (each one was then appended by a trusted proxy: a client
	 * reaching the inner proxies directly); null (the TCP peer) without the header.
	 */
	static String forwardedFor(HttpServletRequest request, int hops) {
		List<String> entries = new ArrayList<>();
		for (String header : Collections.list(request.getHeaders(FORWARDED_FOR))) {
			for (String entry : header.split(",", -1)) {
				entries.add(entry.strip());
			}
		}
		if (entries.isEmpty()) {
			return null;
		}
		String chosen = entries.get(Math.max(0, entries.size() - hops));
		return resolved(ClientAddress.parse(chosen));
	}

	/** The request, with the address found as its remote address and host. */
	private static final class Resolved extends HttpServletRequestWrapper {

		private final String address;

		Resolved(HttpServletRequest request, String address) {
			super(request);
			this.address = address;
		}

		@Override
		public String getRemoteAddr() {
			return this.address;
		}

		@Override
		public String getRemoteHost() {
			return this.address;
		}

	}

}
