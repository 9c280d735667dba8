package io.microsys.sso.provider.support;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.Membership;
import io.microsys.sso.provider.client.MembershipRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.throttle.LoginThrottle;
import io.microsys.sso.provider.twofactor.BackupCodes;
import io.microsys.sso.provider.twofactor.TotpEnrolment;
import io.microsys.sso.provider.twofactor.TotpStore;

/**
 * Creates users, connected apps and memberships with unique names, so tests sharing one provider
 * never see each other's data.
 */
public final class TestFixtures {

	/** Password every fixture user gets. */
	public static final String PASSWORD = "Tr0ub4dor&3-horse-battery";

	/** Redirect URI of fixture clients (loopback: allowed by their policy). */
	public static final String REDIRECT_URI = "http://127.0.0.1:65000/login/oauth2/code/microsys";

	/** Post-logout redirect URI of fixture clients. */
	public static final String POST_LOGOUT_URI = "http://127.0.0.1:65000/";

	/** Secret of confidential fixture clients. */
	public static final String SECRET = "fixture-client-secret-0123456789";

	private final UserRepository users;

	private final ClientRepository clients;

	private final MembershipRepository memberships;

	private final PasswordEncoder passwordEncoder;

	private final TransactionTemplate transaction;

	private static String cachedHash;

	private final ApplicationContext context;

	public TestFixtures(ApplicationContext context) {
		this.context = context;
		this.users = context.getBean(UserRepository.class);
		this.clients = context.getBean(ClientRepository.class);
		this.memberships = context.getBean(MembershipRepository.class);
		this.passwordEncoder = context.getBean(PasswordEncoder.class);
		this.transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
	}

	public static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** An active, verified user with {@link #PASSWORD}. */
	public SsoUser user(Consumer<SsoUser> customizer) {
		return user(AccountOrigin.ADMIN, customizer);
	}

	/** An active, verified user with {@link #PASSWORD} that came to be by {@code origin}. */
	public SsoUser user(AccountOrigin origin, Consumer<SsoUser> customizer) {
		return this.transaction.execute((status) -> {
			SsoUser user = new SsoUser(unique("user"), origin);
			user.setEmail(user.getUsername() + "@example.com");
			user.setFirstName("Test");
			user.setLastName("Person");
			user.setEmailVerified(true);
			user.setPasswordHash(passwordHash());
			customizer.accept(user);
			return this.users.save(user);
		});
	}

	public SsoUser user() {
		return user((u) -> {
		});
	}

	private synchronized String passwordHash() {
		if (cachedHash == null) {
			cachedHash = this.passwordEncoder.encode(PASSWORD);
		}
		return cachedHash;
	}

	/** A confidential client (secret {@link #SECRET}) allowing loopback redirects. */
	public SsoClient confidentialClient(Consumer<SsoClient> customizer) {
		return client(true, customizer);
	}

	/** A public client (PKCE only). */
	public SsoClient publicClient(Consumer<SsoClient> customizer) {
		return client(false, customizer);
	}

	private SsoClient client(boolean confidential, Consumer<SsoClient> customizer) {
		String secretHash = confidential ? this.passwordEncoder.encode(SECRET) : null;
		return this.transaction.execute((status) -> {
			SsoClient client = new SsoClient(unique("app"), "Test App");
			if (secretHash != null) {
				client.setSecretHash(secretHash);
			}
			client.setRedirectUris(List.of(REDIRECT_URI));
			client.setPostLogoutRedirectUris(List.of(POST_LOGOUT_URI));
			client.setGrantTypes(confidential ? List.of("authorization_code", "refresh_token", "client_credentials")
					: List.of("authorization_code", "refresh_token"));
			client.setScopes(List.of("openid", "profile", "email", "offline_access"));
			client.getPolicy().setAllowLocalhostRedirects(true);
			customizer.accept(client);
			return this.clients.save(client);
		});
	}

	/** Gives the user a role in the client. */
	public Membership membership(SsoClient client, SsoUser user, MembershipRole role) {
		return this.transaction.execute((status) -> this.memberships.save(new Membership(
				this.clients.getReferenceById(client.getId()), this.users.getReferenceById(user.getId()), role)));
	}

	/** Changes a stored membership. */
	public void updateMembership(Membership membership, Consumer<Membership> change) {
		this.transaction.executeWithoutResult(
				(status) -> change.accept(this.memberships.findById(membership.getId()).orElseThrow()));
	}

	/**
	 * Sets up an authenticator app for the user, as the profile page would (key, then a first
	 * code), and returns the app.
	 */
	public Authenticator authenticator(SsoUser user) {
		TotpStore totp = this.context.getBean(TotpStore.class);
		TotpEnrolment enrolment = totp.start(user.getId(), "Microsys SSO", user.getUsername());
		Authenticator app = new Authenticator(enrolment.key());
		if (!totp.confirm(user.getId(), app.nextCode())) {
			throw new IllegalStateException("Enrolment not confirmed");
		}
		return app;
	}

	/** Ten new backup codes for the user. */
	public List<String> backupCodes(SsoUser user) {
		return this.context.getBean(BackupCodes.class).regenerate(user.getId());
	}

	/**
	 * Records failed sign-ins with {@code username} the way the login page does. The first block
	 * after the threshold lasts one second, which a slow machine can spend before a test's next
	 * request; five more failures make it 32 seconds.
	 */
	public void failedSignIns(String username, int count) {
		LoginThrottle throttle = this.context.getBean(LoginThrottle.class);
		for (int i = 0; i < count; i++) {
			throttle.failed(username, null);
		}
	}

	/** Records wrong codes (or current passwords) of the user the way the pages do; see {@link #failedSignIns}. */
	public void failedCodes(SsoUser user, int count) {
		LoginThrottle throttle = this.context.getBean(LoginThrottle.class);
		for (int i = 0; i < count; i++) {
			throttle.secondFactorFailed(user.getUuid(), null);
		}
	}

	/** Changes a stored user. */
	public void updateUser(SsoUser user, Consumer<SsoUser> change) {
		this.transaction.executeWithoutResult((status) -> change.accept(this.users.findById(user.getId()).orElseThrow()));
	}

	/** Changes a stored client. */
	public void updateClient(SsoClient client, Consumer<SsoClient> change) {
		this.transaction
			.executeWithoutResult((status) -> change.accept(this.clients.findById(client.getId()).orElseThrow()));
	}

}
