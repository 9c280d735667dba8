package io.microsys.sso.provider.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settings an administrator changes while the provider runs, kept in the database so every node
 * reads the same value. A setting nobody changed yet is its {@code microsys.sso.*} property.
 * Each read is one primary-key lookup.
 */
@Service
public class RuntimeSettings {

	static final String REGISTRATION_ENABLED = "registration.enabled";

	static final String REGISTRATION_MODE = "registration.mode";

	static final String BRANDING_LOGO = "branding.logo-url";

	static final String BRANDING_COLOUR = "branding.colour";

	/**
	 * How long a node keeps the branding it read: every page's security header and the sign-in
	 * page need it, so it is read at most this often (another node's change shows after this).
	 */
	static final Duration BRANDING_CACHE = Duration.ofSeconds(30);

	private volatile CachedBranding cachedBranding;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final RegistrationProperties defaults;

	private final MailSettings mail;

	private final StoredSettings stored;

	public RuntimeSettings(JdbcTemplate jdbc, Clock clock, RegistrationProperties properties, MailSettings mail,
			StoredSettings stored) {
		this.mail = mail;
		this.stored = stored;
		this.jdbc = jdbc;
		this.clock = clock;
		this.defaults = properties;
	}

	/** Whether public registration is on, and what a confirmed address leads to. */
	public Registration registration() {
		List<String[]> rows = this.jdbc.query(
				"SELECT setting_key, setting_value FROM sso_setting WHERE setting_key IN (?, ?)",
				(rs, row) -> new String[] { rs.getString(1), rs.getString(2) }, REGISTRATION_ENABLED,
				REGISTRATION_MODE);
		boolean enabled = this.defaults.isEnabled();
		RegistrationMode mode = this.defaults.getMode();
		for (String[] row : rows) {
			if (REGISTRATION_ENABLED.equals(row[0])) {
				enabled = Boolean.parseBoolean(row[1]);
			}
			else {
				mode = RegistrationMode.of(row[1]).orElse(mode);
			}
		}
		return new Registration(enabled, mode);
	}

	/** Whether public registration is turned on (it may still lack a mail server). */
	public boolean registrationEnabled() {
		return registration().enabled();
	}

	/**
	 * The activation mode when people can sign up now: registration on and a mail server
	 * configured (sign-ups are confirmed by email); empty otherwise.
	 */
	public Optional<RegistrationMode> openRegistration() {
		if (!this.mail.isConfigured()) {
			return Optional.empty(); // no registration query on the login page of a provider without mail
		}
		Registration registration = registration();
		return registration.enabled() ? Optional.of(registration.mode()) : Optional.empty();
	}

	/** Stores the registration settings; the caller checked that mail works before enabling. */
	@Transactional
	public void setRegistration(Registration registration, String changedBy) {
		put(REGISTRATION_ENABLED, String.valueOf(registration.enabled()), changedBy);
		put(REGISTRATION_MODE, registration.mode().value(), changedBy);
	}

	/** Stores one setting (in the caller's transaction, under the settings lock). */
	void put(String key, String value, String changedBy) {
		this.stored.put(key, value, changedBy);
	}

	/**
	 * The sign-in page's logo and primary colour; read from the database at most every
	 * {@link #BRANDING_CACHE}. A stored value that is not valid (changed by hand) is ignored.
	 */
	public Branding branding() {
		CachedBranding cached = this.cachedBranding;
		if (cached != null && this.clock.instant().isBefore(cached.readAt().plus(BRANDING_CACHE))) {
			return cached.branding();
		}
		List<String[]> rows = this.jdbc.query(
				"SELECT setting_key, setting_value FROM sso_setting WHERE setting_key IN (?, ?)",
				(rs, row) -> new String[] { rs.getString(1), rs.getString(2) }, BRANDING_LOGO, BRANDING_COLOUR);
		String logo = null;
		String colour = null;
		for (String[] row : rows) {
			if (BRANDING_LOGO.equals(row[0])) {
				logo = Branding.isLogoUrl(row[1]) ? row[1] : null;
			}
			else {
				colour = Branding.isColour(row[1]) ? row[1] : null;
			}
		}
		Branding branding = new Branding(logo, colour);
		this.cachedBranding = new CachedBranding(branding, this.clock.instant());
		return branding;
	}

	/** Stores the branding (null values: none); the caller validated it. */
	@Transactional
	public void setBranding(Branding branding, String changedBy) {
		put(BRANDING_LOGO, (branding.logoUrl() != null) ? branding.logoUrl() : "", changedBy);
		put(BRANDING_COLOUR, (branding.colour() != null) ? branding.colour() : "", changedBy);
		this.cachedBranding = null;
	}

	private record CachedBranding(Branding branding, Instant readAt) {
	}

	/**
	 * The sign-in page's look.
	 *
	 * @param logoUrl an {@code https} address of the logo image, or null for none
	 * @param colour the primary colour as {@code #rrggbb}, or null for the default
	 */
	public record Branding(String logoUrl, String colour) {

		/** At most this long, so the address fits its column and a header. */
		public static final int MAX_LOGO_URL = 500;

		private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

		/** Whether {@code value} is a colour as {@code #rrggbb}. */
		public static boolean isColour(String value) {
			return value != null && COLOUR.matcher(value).matches();
		}

		/**
		 * Whether {@code value} is an absolute {@code https} address with a host, no user name or
		 * password, nothing but printable ASCII, and at most {@link #MAX_LOGO_URL} characters: it
		 * goes into an {@code img} element and its origin into the pages' security policy.
		 */
		public static boolean isLogoUrl(String value) {
			if (value == null || value.isEmpty() || value.length() > MAX_LOGO_URL
					|| !value.chars().allMatch((c) -> c > 0x20 && c < 0x7f && c != '"' && c != '\'' && c != ';' && c != ',')) {
				return false;
			}
			try {
				URI uri = new URI(value);
				return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null
						&& uri.getHost().matches("[A-Za-z0-9.-]+");
			}
			catch (URISyntaxException ex) {
				return false;
			}
		}

		/** The origin of the logo ({@code https://host[:port]}), for the security policy; null for none. */
		public String logoOrigin() {
			if (this.logoUrl == null) {
				return null;
			}
			URI uri = URI.create(this.logoUrl);
			return "https://" + uri.getHost().toLowerCase(Locale.ROOT) + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
		}

	}

	/** The registration settings. */
	public record Registration(boolean enabled, RegistrationMode mode) {
	}

}
