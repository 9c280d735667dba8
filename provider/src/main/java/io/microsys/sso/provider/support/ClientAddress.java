package io.microsys.sso.provider.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request came from, as every part of the provider that counts, limits or records
 * addresses must take it: the TCP peer, or, behind a declared reverse proxy
 * ({@code microsys.sso.trusted-proxies}), the right-most address in {@code X-Forwarded-For} that
 * is not one of the proxies (Tomcat's remote IP valve resolves it before the provider sees the
 * request). Always an IP address in one spelling, never text a client chose: a request whose
 * resolved address is not one is answered 400 ({@link BadRequestFilter}).
 */
public final class ClientAddress {

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private ClientAddress() {
	}

	/** The request's client address, in the spelling {@link #parse} gives; null if it is not an address. */
	public static String of(HttpServletRequest request) {
		return parse(request.getRemoteAddr());
	}

	/**
	 * The IP address written in {@code text} in one spelling (IPv6 in full, an IPv4-mapped IPv6
	 * address as IPv4, no zone), or null when the text is not an IP address. Never looks up a name.
	 */
	public static String parse(String text) {
		if (text == null) {
			return null;
		}
		String literal = text.strip();
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		int zone = literal.indexOf('%');
		if (zone > 0 && literal.indexOf(':') >= 0) {
			literal = literal.substring(0, zone);
		}
		boolean v6 = literal.indexOf(':') >= 0;
		if (!(v6 ? IPV6.matcher(literal).matches() : IPV4.matcher(literal).matches())) {
			return null;
		}
		try {
			// An IPv4 literal checked above, or text with a colon: InetAddress parses either without DNS.
			return InetAddress.getByName(literal).getHostAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
