package io.microsys.sso.provider.admin.users;

import io.microsys.sso.provider.session.SignedInDevices;

/**
 * A signed-in device of a person as the console shows it: its address readable (IPv6 loopback as
 * {@code 127.0.0.1}, IPv4 written as IPv6 without the prefix), and whether it is this machine.
 *
 * @param device the device
 * @param address the readable address, or null when unknown
 * @param thisMachine whether the address is the provider's own machine
 */
public record DeviceRow(SignedInDevices.View device, String address, boolean thisMachine) {

	static DeviceRow of(SignedInDevices.View device) {
		String ip = device.ip();
		if (ip == null || ip.isBlank()) {
			return new DeviceRow(device, null, false);
		}
		String address = ip.trim();
		if (address.equals("::1") || address.equals("0:0:0:0:0:0:0:1")) {
			return new DeviceRow(device, "127.0.0.1", true);
		}
		String lower = address.toLowerCase(java.util.Locale.ROOT);
		for (String mapped : new String[] { "::ffff:", "0:0:0:0:0:ffff:" }) {
			if (lower.startsWith(mapped) && lower.indexOf('.') > 0) {
				address = address.substring(mapped.length());
			}
		}
		return new DeviceRow(device, address, address.startsWith("127."));
	}

}
