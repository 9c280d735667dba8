package io.microsys.sso.provider.settings;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Typed {@code microsys.sso.*} settings of the provider. */
@ConfigurationProperties("microsys.sso")
public class SsoProperties {

	/** Folder holding the embedded database and the generated master key file. */
	private Path dataDir = Path.of("data");

	/** The issuer identifier; every protocol endpoint lives under it. */
	private String issuer = "http://localhost:9000/o";

	/**
	 * Base64 of a 32-byte key that encrypts signing keys and stored tokens. When empty, a key file
	 * is created in the data folder on first start.
	 */
	private String masterKey;

	private final Bootstrap bootstrap = new Bootstrap();

	private final Admin admin = new Admin();

	private final Keys keys = new Keys();

	private final Authorizations authorizations = new Authorizations();

	private final Clients clients = new Clients();

	private final BackchannelLogout backchannelLogout = new BackchannelLogout();

	private final LoginThrottle loginThrottle = new LoginThrottle();

	private final ClientThrottle clientThrottle = new ClientThrottle();

	private final TwoFactor twoFactor = new TwoFactor();

	private final Sessions sessions = new Sessions();

	private final Mail mail = new Mail();

	private final PasswordReset passwordReset = new PasswordReset();

	private final Registration registration = new Registration();

	private final Invitations invitations = new Invitations();

	private final Outbox outbox = new Outbox();

	public TwoFactor getTwoFactor() {
		return this.twoFactor;
	}

	public Sessions getSessions() {
		return this.sessions;
	}

	public Mail getMail() {
		return this.mail;
	}

	public Outbox getOutbox() {
		return this.outbox;
	}

	public Registration getRegistration() {
		return this.registration;
	}

	public Invitations getInvitations() {
		return this.invitations;
	}

	public PasswordReset getPasswordReset() {
		return this.passwordReset;
	}

	public Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(Path dataDir) {
		this.dataDir = dataDir;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	/** Where the pages are: the issuer's scheme, host and port (for links in email). */
	public String baseUrl() {
		java.net.URI uri = java.net.URI.create(this.issuer);
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

	public String getMasterKey() {
		return this.masterKey;
	}

	public void setMasterKey(String masterKey) {
		this.masterKey = masterKey;
	}

	public Bootstrap getBootstrap() {
		return this.bootstrap;
	}

	public Admin getAdmin() {
		return this.admin;
	}

	public Keys getKeys() {
		return this.keys;
	}

	public Authorizations getAuthorizations() {
		return this.authorizations;
	}

	public LoginThrottle getLoginThrottle() {
		return this.loginThrottle;
	}

	public ClientThrottle getClientThrottle() {
		return this.clientThrottle;
	}

	public BackchannelLogout getBackchannelLogout() {
		return this.backchannelLogout;
	}

	public Clients getClients() {
		return this.clients;
	}

	/** Client authentication. */
	public static class Clients {

		/**
		 * How many verified (client, secret) pairs each node remembers, so a token request does not
		 * pay an Argon2 hash every time; 0 verifies every request from scratch.
		 */
		private int secretCacheSize = 10_000;

		/** How long a verified secret is remembered. */
		private Duration secretCacheTtl = Duration.ofMinutes(10);

		public int getSecretCacheSize() {
			return this.secretCacheSize;
		}

		public void setSecretCacheSize(int secretCacheSize) {
			this.secretCacheSize = secretCacheSize;
		}

		public Duration getSecretCacheTtl() {
			return this.secretCacheTtl;
		}

		public void setSecretCacheTtl(Duration secretCacheTtl) {
			this.secretCacheTtl = secretCacheTtl;
		}

	}

	/** The declarative bootstrap file. */
	public static class Bootstrap {

		/** Path of a YAML file of scopes, users, clients and memberships applied at start-up. */
		private Path file;

		public Path getFile() {
			return this.file;
		}

		public void setFile(Path file) {
			this.file = file;
		}

	}

	/** The first superuser, created at start-up when none exists. */
	public static class Admin {

		/** Username of the superuser to create when the database has none. */
		private String username;

		/** Password of that superuser. Never logged. */
		private String password;

		/** Email of that superuser (optional). */
		private String email;

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getEmail() {
			return this.email;
		}

		public void setEmail(String email) {
			this.email = email;
		}

	}

	/** Token signing keys. */
	public static class Keys {

		/** Add a new active signing key at start-up; the previous one stays published until it expires. */
		private boolean rotate;

		/** RSA key size in bits. */
		private int rsaKeySize = 2048;

		/** How often each node re-reads the key set from the database. */
		private Duration refreshInterval = Duration.ofMinutes(1);

		public boolean isRotate() {
			return this.rotate;
		}

		public void setRotate(boolean rotate) {
			this.rotate = rotate;
		}

		public int getRsaKeySize() {
			return this.rsaKeySize;
		}

		public void setRsaKeySize(int rsaKeySize) {
			this.rsaKeySize = rsaKeySize;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

	/** Stored grants. */
	public static class Authorizations {

		/**
		 * How long an expired grant is kept before the purge removes it. An expired grant answers
		 * nothing any more (introspection says inactive either way), so this only covers clocks of
		 * nodes that differ a little; the table holds about the token rate × (token lifetime + this
		 * + the purge interval).
		 */
		private Duration purgeGrace = Duration.ofMinutes(5);

		/** Time between two purges of expired grants (read by the purge's schedule). */
		private Duration purgeInterval = Duration.ofMinutes(1);

		/** Longest a grant without any token (an unfinished login) is kept. */
		private Duration pendingTtl = Duration.ofMinutes(30);

		/**
		 * How soon after its rotation a refresh token presented again counts as its own client
		 * sending it twice at once (refused, nothing revoked) rather than a replay (the whole grant
		 * revoked). 0 treats every second use as a replay.
		 */
		private Duration refreshReuseGrace = Duration.ofSeconds(5);

		public Duration getPurgeInterval() {
			return this.purgeInterval;
		}

		public void setPurgeInterval(Duration purgeInterval) {
			this.purgeInterval = purgeInterval;
		}

		public Duration getPurgeGrace() {
			return this.purgeGrace;
		}

		public void setPurgeGrace(Duration purgeGrace) {
			this.purgeGrace = purgeGrace;
		}

		public Duration getPendingTtl() {
			return this.pendingTtl;
		}

		public void setPendingTtl(Duration pendingTtl) {
			this.pendingTtl = pendingTtl;
		}

		public Duration getRefreshReuseGrace() {
			return this.refreshReuseGrace;
		}

		public void setRefreshReuseGrace(Duration refreshReuseGrace) {
			this.refreshReuseGrace = refreshReuseGrace;
		}

	}

	/** Delivery of OIDC Back-Channel Logout tokens to connected apps when a session ends. */
	public static class BackchannelLogout {

		/** Deliveries tried per app and ended session (the first one included). */
		private int attempts = 4;

		/** Wait before the second attempt; each further wait is five times longer. */
		private Duration initialBackoff = Duration.ofSeconds(2);

		/** Longest wait for an app to answer one delivery. */
		private Duration timeout = Duration.ofSeconds(5);

		/** Deliveries waiting at most; beyond this a new one is dropped and audited as failed. */
		private int maxPending = 10_000;

		/** How long an app is remembered for a session that never ends explicitly. */
		private Duration sessionMemory = Duration.ofDays(30);

		public int getAttempts() {
			return this.attempts;
		}

		public void setAttempts(int attempts) {
			this.attempts = attempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(int maxPending) {
			this.maxPending = maxPending;
		}

		public Duration getSessionMemory() {
			return this.sessionMemory;
		}

		public void setSessionMemory(Duration sessionMemory) {
			this.sessionMemory = sessionMemory;
		}

	}

	/** Protection against password guessing, per typed username and per IP address. */
	public static class LoginThrottle {

		/** Failures of one username before sign-ins with it are slowed down. */
		private int accountThreshold = 5;

		/** Failures from one IP address before sign-ins from it are slowed down. */
		private int ipThreshold = 20;

		/** Emails (reset links, confirmations) one IP address may ask for before it is slowed down. */
		private int mailThreshold = 10;

		/** Block after the first failure over a threshold; each further failure doubles it. */
		private Duration initialBlock = Duration.ofSeconds(1);

		/** Longest block (the temporary lock). */
		private Duration maxBlock = Duration.ofMinutes(15);

		/** Failures are forgotten this long after the last one. */
		private Duration forgetAfter = Duration.ofHours(1);

		public int getAccountThreshold() {
			return this.accountThreshold;
		}

		public void setAccountThreshold(int accountThreshold) {
			this.accountThreshold = accountThreshold;
		}

		public int getMailThreshold() {
			return this.mailThreshold;
		}

		public void setMailThreshold(int mailThreshold) {
			this.mailThreshold = mailThreshold;
		}

		public int getIpThreshold() {
			return this.ipThreshold;
		}

		public void setIpThreshold(int ipThreshold) {
			this.ipThreshold = ipThreshold;
		}

		public Duration getInitialBlock() {
			return this.initialBlock;
		}

		public void setInitialBlock(Duration initialBlock) {
			this.initialBlock = initialBlock;
		}

		public Duration getMaxBlock() {
			return this.maxBlock;
		}

		public void setMaxBlock(Duration maxBlock) {
			this.maxBlock = maxBlock;
		}

		public Duration getForgetAfter() {
			return this.forgetAfter;
		}

		public void setForgetAfter(Duration forgetAfter) {
			this.forgetAfter = forgetAfter;
		}

	}

	/**
	 * Protection against client-secret guessing at the token, revocation and introspection
	 * endpoints, per client id and per IP address, with the same growing blocks as
	 * {@link LoginThrottle}: every wrong secret costs a password hash, so past a threshold requests
	 * are refused without checking the secret.
	 */
	public static class ClientThrottle {

		/** Failed authentications of one client id before its requests are slowed down. */
		private int clientThreshold = 10;

		/** Failed client authentications from one IP address before its requests are slowed down. */
		private int ipThreshold = 20;

		/** Block after the first failure over a threshold; each further failure doubles it. */
		private Duration initialBlock = Duration.ofSeconds(1);

		/** Longest block. */
		private Duration maxBlock = Duration.ofMinutes(15);

		/** Failures are forgotten this long after the last one. */
		private Duration forgetAfter = Duration.ofHours(1);

		public int getClientThreshold() {
			return this.clientThreshold;
		}

		public void setClientThreshold(int clientThreshold) {
			this.clientThreshold = clientThreshold;
		}

		public int getIpThreshold() {
			return this.ipThreshold;
		}

		public void setIpThreshold(int ipThreshold) {
			this.ipThreshold = ipThreshold;
		}

		public Duration getInitialBlock() {
			return this.initialBlock;
		}

		public void setInitialBlock(Duration initialBlock) {
			this.initialBlock = initialBlock;
		}

		public Duration getMaxBlock() {
			return this.maxBlock;
		}

		public void setMaxBlock(Duration maxBlock) {
			this.maxBlock = maxBlock;
		}

		public Duration getForgetAfter() {
			return this.forgetAfter;
		}

		public void setForgetAfter(Duration forgetAfter) {
			this.forgetAfter = forgetAfter;
		}

	}

	/** Second factors at sign-in. */
	public static class TwoFactor {

		/**
		 * Offer 6-digit codes by email as a second factor. Off by default: a mailbox is a weaker
		 * factor than an authenticator app (OWASP ASVS level 3 discourages it).
		 */
		private boolean emailCodes;

		/** How long an emailed code is valid. */
		private Duration emailCodeTtl = Duration.ofMinutes(10);

		/** Wrong tries of one emailed code before it is void. */
		private int emailCodeAttempts = 5;

		/** Shortest time between two emailed codes to one person. */
		private Duration emailCodeCooldown = Duration.ofSeconds(120);

		/** How long a trusted browser skips the second factor. */
		private Duration trustedBrowser = Duration.ofDays(30);

		public boolean isEmailCodes() {
			return this.emailCodes;
		}

		public void setEmailCodes(boolean emailCodes) {
			this.emailCodes = emailCodes;
		}

		public Duration getEmailCodeTtl() {
			return this.emailCodeTtl;
		}

		public void setEmailCodeTtl(Duration emailCodeTtl) {
			this.emailCodeTtl = emailCodeTtl;
		}

		public int getEmailCodeAttempts() {
			return this.emailCodeAttempts;
		}

		public void setEmailCodeAttempts(int emailCodeAttempts) {
			this.emailCodeAttempts = emailCodeAttempts;
		}

		public Duration getEmailCodeCooldown() {
			return this.emailCodeCooldown;
		}

		public void setEmailCodeCooldown(Duration emailCodeCooldown) {
			this.emailCodeCooldown = emailCodeCooldown;
		}

		public Duration getTrustedBrowser() {
			return this.trustedBrowser;
		}

		public void setTrustedBrowser(Duration trustedBrowser) {
			this.trustedBrowser = trustedBrowser;
		}

	}

	/** Signed-in sessions at the provider. */
	public static class Sessions {

		/** One active session per person: completing a sign-in ends that person's other sessions. */
		private boolean singleSession;

		public boolean isSingleSession() {
			return this.singleSession;
		}

		public void setSingleSession(boolean singleSession) {
			this.singleSession = singleSession;
		}

	}

	/** Email the provider sends; the server is set with the standard {@code spring.mail.*} properties. */
	public static class Mail {

		/** The From address of every message. */
		private String from = "Microsys SSO <no-reply@localhost>";

		public String getFrom() {
			return this.from;
		}

		public void setFrom(String from) {
			this.from = from;
		}

	}

	/** Self-service password reset by email. */
	public static class PasswordReset {

		/** How long a reset link works. */
		private Duration linkTtl = Duration.ofMinutes(30);

		/** Shortest time between two reset emails to one person. */
		private Duration cooldown = Duration.ofSeconds(120);

		public Duration getLinkTtl() {
			return this.linkTtl;
		}

		public void setLinkTtl(Duration linkTtl) {
			this.linkTtl = linkTtl;
		}

		public Duration getCooldown() {
			return this.cooldown;
		}

		public void setCooldown(Duration cooldown) {
			this.cooldown = cooldown;
		}

	}

	/**
	 * Public registration. {@code enabled} and {@code mode} are the defaults until an
	 * administrator changes them on the settings page (stored in the database, shared by every node).
	 */
	public static class Registration {

		/** Whether people may sign themselves up; needs a mail server. */
		private boolean enabled;

		/** What a confirmed email address leads to. */
		private RegistrationMode mode = RegistrationMode.VERIFIED_PENDING_APPROVAL;

		/** How long a verification link works. */
		private Duration linkTtl = Duration.ofHours(24);

		/** Shortest time between two verification emails to one address. */
		private Duration cooldown = Duration.ofSeconds(120);

		/** Sign-up attempts one address may make in an hour (counted from its first). */
		private int ipThreshold = 10;

		/** How long an account whose email was never confirmed is kept before it is deleted. */
		private Duration unverifiedRetention = Duration.ofDays(7);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public RegistrationMode getMode() {
			return this.mode;
		}

		public void setMode(RegistrationMode mode) {
			this.mode = mode;
		}

		public Duration getLinkTtl() {
			return this.linkTtl;
		}

		public void setLinkTtl(Duration linkTtl) {
			this.linkTtl = linkTtl;
		}

		public Duration getCooldown() {
			return this.cooldown;
		}

		public void setCooldown(Duration cooldown) {
			this.cooldown = cooldown;
		}

		public int getIpThreshold() {
			return this.ipThreshold;
		}

		public void setIpThreshold(int ipThreshold) {
			this.ipThreshold = ipThreshold;
		}

		public Duration getUnverifiedRetention() {
			return this.unverifiedRetention;
		}

		public void setUnverifiedRetention(Duration unverifiedRetention) {
			this.unverifiedRetention = unverifiedRetention;
		}

	}

	/** Invitations to connected apps. */
	public static class Invitations {

		/** How long an invitation link works. */
		private Duration ttl = Duration.ofDays(7);

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * The outbox: email, accepted sign-ups and reset requests wait in the database until done, so a
	 * restart loses none and any node may do them. Each kind has its own limit of waiting items, so
	 * a flood of one kind does not turn away another.
	 */
	public static class Outbox {

		/** How often each node looks for due items (new ones are also started at once). */
		private Duration pollInterval = Duration.ofSeconds(5);

		/** How long a node holds an item it took; a node that dies lets others take it after this. */
		private Duration lease = Duration.ofMinutes(2);

		/** Tries per item (the first one included); then it is marked failed and audited. */
		private int attempts = 8;

		/** Wait before the second try; each further wait is four times longer, up to {@code max-backoff}. */
		private Duration initialBackoff = Duration.ofSeconds(30);

		/** Longest wait between two tries. */
		private Duration maxBackoff = Duration.ofHours(1);

		/** How long a failed item is kept (for inspection) before it is deleted. */
		private Duration failedRetention = Duration.ofDays(7);

		/** Emails waiting at most; beyond this a new one is dropped (and logged). */
		private int mailMaxPending = 10_000;

		/** Accepted sign-ups (and requests for a new verification link) waiting at most; beyond this a sign-up answers 503. */
		private int signupMaxPending = 200;

		/** Password reset requests waiting at most; beyond this a request answers 503. */
		private int passwordResetMaxPending = 200;

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public int getAttempts() {
			return this.attempts;
		}

		public void setAttempts(int attempts) {
			this.attempts = attempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getFailedRetention() {
			return this.failedRetention;
		}

		public void setFailedRetention(Duration failedRetention) {
			this.failedRetention = failedRetention;
		}

		public int getMailMaxPending() {
			return this.mailMaxPending;
		}

		public void setMailMaxPending(int mailMaxPending) {
			this.mailMaxPending = mailMaxPending;
		}

		public int getSignupMaxPending() {
			return this.signupMaxPending;
		}

		public void setSignupMaxPending(int signupMaxPending) {
			this.signupMaxPending = signupMaxPending;
		}

		public int getPasswordResetMaxPending() {
			return this.passwordResetMaxPending;
		}

		public void setPasswordResetMaxPending(int passwordResetMaxPending) {
			this.passwordResetMaxPending = passwordResetMaxPending;
		}

	}

}
