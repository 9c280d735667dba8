package io.microsys.sso.provider.support;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP addresses as people read them: IPv6 in its short form (RFC 5952: {@code ::1}, not
 * {@code 0:0:0:0:0:0:0:1}), an IPv4 address mapped into IPv6 as plain IPv4, and whether it is this
 * computer (loopback). Only literals are parsed; nothing is ever looked up.
 */
public final class IpAddresses {

	private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private IpAddresses() {
	}

	/** The address in its short form; anything that is not an IP literal comes back as it was. */
	public static String readable(String ip) {
		InetAddress address = parse(ip);
		if (address == null) {
			return ip;
		}
		return (address instanceof Inet6Address) ? compressed(address.getAddress()) : address.getHostAddress();
	}

	/** Whether the address is this computer ({@code 127.0.0.0/8}, {@code ::1}). */
	public static boolean isLoopback(String ip) {
		InetAddress address = parse(ip);
		return address != null && address.isLoopbackAddress();
	}

	private static InetAddress parse(String ip) {
		if (ip == null || !LITERAL.matcher(ip).matches() || (ip.indexOf(':') < 0 && ip.chars().filter((c) -> c == '.').count() != 3)) {
			return null;
		}
		try {
			// A literal (checked above): no name lookup happens.
			return InetAddress.getByName(ip);
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static String compressed(byte[] bytes) {
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8; i++) {
			int length = 0;
			while (i + length < 8 && groups[i + length] == 0) {
				length++;
			}
			if (length > bestLength) {
				bestStart = i;
				bestLength = length;
			}
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}

}
