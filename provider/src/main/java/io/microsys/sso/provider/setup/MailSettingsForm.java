package io.microsys.sso.provider.setup;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.constraints.AssertTrue;

import io.microsys.sso.provider.settings.MailSettings;
import io.microsys.sso.provider.support.Forms;

/**
 * What the mail settings form posts ({@code /sys/settings/mail}, and the mail step of
 * {@code /sys/setup}): the server's host (empty: no mail server), port (empty: the mode's
 * default), TLS mode, user name, password (empty: keep the stored one), whether to remove the
 * stored password, and the From address.
 */
record MailSettingsForm(String host, String port, String tls, String username, String password,
		String removePassword, String from) {

	static final int MAX_PASSWORD = 500;

	static final int MAX_FROM = 320;

	/** The host must be a host name or an IP address, or empty for no mail server. */
	@AssertTrue(message = "{mail.settings.error.host}")
	public boolean isHostValid() {
		String host = Forms.blankToNull(this.host);
		return host == null || MailSettings.isHost(host);
	}

	/** The port must be a number from 1 to 65535, or empty. */
	@AssertTrue(message = "{mail.settings.error.port}")
	public boolean isPortValid() {
		String port = Forms.blankToNull(this.port);
		return port == null || (port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1
				&& Integer.parseInt(port) <= 65535);
	}

	/** The TLS mode must be one of the three. */
	@AssertTrue(message = "{mail.settings.error.tls}")
	public boolean isTlsValid() {
		return MailSettings.TlsMode.of(this.tls).isPresent();
	}

	/** The user name: printable, at most 254 characters. */
	@AssertTrue(message = "{mail.settings.error.username}")
	public boolean isUsernameValid() {
		return this.username == null || (this.username.length() <= 254 && printable(this.username));
	}

	/** The password: at most {@link #MAX_PASSWORD} characters, no line breaks or control characters. */
	@AssertTrue(message = "{mail.settings.error.password}")
	public boolean isPasswordValid() {
		return this.password == null || (this.password.length() <= MAX_PASSWORD && printable(this.password));
	}

	/** Removing the password is a box: ticked or not. */
	@AssertTrue(message = "{mail.settings.error.removePassword}")
	public boolean isRemovePasswordValid() {
		return this.removePassword == null || this.removePassword.equals("true");
	}

	/** The From address: an email address, with or without a name ({@code Name <address>}). */
	@AssertTrue(message = "{mail.settings.error.from}")
	public boolean isFromValid() {
		String from = Forms.blankToNull(this.from);
		return from == null || isAddress(from);
	}

	/** Whether {@code value} is one address as a From header takes it, with a domain. */
	static boolean isAddress(String value) {
		if (value.length() > MAX_FROM || !printable(value)) {
			return false;
		}
		try {
			InternetAddress[] parsed = InternetAddress.parseHeader(value, true);
			if (parsed.length != 1) {
				return false;
			}
			parsed[0].validate();
			String address = parsed[0].getAddress();
			int at = address.lastIndexOf('@');
			return at > 0 && at < address.length() - 1 && !address.contains(" ");
		}
		catch (AddressException ex) {
			return false;
		}
	}

	private static boolean printable(String value) {
		return value.chars().noneMatch((c) -> c < 0x20 || c == 0x7f);
	}

	/** Whether the stored password is to be removed. */
	boolean removesPassword() {
		return "true".equals(this.removePassword);
	}

	/** The same form to show again: without the password, each field clipped. */
	MailSettingsForm forDisplay() {
		return new MailSettingsForm(Forms.clip(this.host, 253), Forms.clip(this.port, 5), Forms.clip(this.tls, 20),
				Forms.clip(this.username, 254), "", this.removePassword, Forms.clip(this.from, MAX_FROM));
	}

}
