package io.microsys.sso.provider.settings.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.client.ClientPolicy;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.Membership;
import io.microsys.sso.provider.client.MembershipRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.RedirectUriRules;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.login.PasswordPolicy;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.settings.FirstSuperuser;

/**
 * Applies the bootstrap file (CONTRACT §6): scopes, users, clients and memberships, upserted by
 * their natural keys in one transaction. The whole file is checked before anything is written, so a
 * malformed file stops start-up with a message naming the entry and the problem and changes
 * nothing. Passwords and secrets are stored hashed, and not hashed again when they did not change.
 */
@Service
public class BootstrapLoader {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapLoader.class);

	private static final Set<String> GRANTS = Set.of("authorization_code", "refresh_token", "client_credentials");

	private static final Set<String> HASH_IDS = Set.of("argon2", "bcrypt", "pbkdf2");

	private static final String CLIENT_ID_PATTERN = "[A-Za-z0-9._~-]{1,100}";

	private static final String EMAIL_PATTERN = "[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}";

	private final ScopeRepository scopes;

	private final UserRepository users;

	private final ClientRepository clients;

	private final MembershipRepository memberships;

	private final PasswordEncoder passwordEncoder;

	private final PasswordPolicy passwordPolicy;

	private final AuditService audit;

	private final TransactionTemplate transaction;

	public BootstrapLoader(ScopeRepository scopes, UserRepository users, ClientRepository clients,
			MembershipRepository memberships, PasswordEncoder passwordEncoder, PasswordPolicy passwordPolicy,
			AuditService audit, PlatformTransactionManager transactionManager) {
		this.scopes = scopes;
		this.users = users;
		this.clients = clients;
		this.memberships = memberships;
		this.passwordEncoder = passwordEncoder;
		this.passwordPolicy = passwordPolicy;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/** What applying a file did. */
	public record Summary(int created, int updated, int unchanged) {
	}

	/** Reads, checks and applies the file; throws {@link BootstrapException} when it is malformed. */
	public Summary apply(Path file) {
		String prefix = "Bootstrap file " + file + ": ";
		String content;
		try {
			content = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new BootstrapException(prefix + "cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
		try {
			BootstrapFile parsed = BootstrapParser.parse(content);
			Summary summary = this.transaction.execute((status) -> {
				check(parsed);
				return write(parsed);
			});
			logger.info("Applied bootstrap file {}: {} created, {} updated, {} unchanged", file, summary.created(),
					summary.updated(), summary.unchanged());
			this.audit.event(AuditEventType.BOOTSTRAP_APPLIED)
				.detail("created=" + summary.created() + " updated=" + summary.updated() + " unchanged="
						+ summary.unchanged())
				.record();
			return summary;
		}
		catch (BootstrapParser.Problem ex) {
			throw new BootstrapException(prefix + ex.getMessage());
		}
		catch (DataAccessException ex) {
			throw new BootstrapException(prefix + "the database refused it ("
					+ ex.getMostSpecificCause().getClass().getSimpleName() + "); nothing was changed");
		}
	}

	// ---- checks: everything is validated before the first write ----

	private void check(BootstrapFile file) {
		Set<String> scopeNames = new HashSet<>();
		for (BootstrapFile.ScopeEntry scope : file.scopes()) {
			if (scope.name().length() > 150) {
				throw problem(scope.label(), "name is longer than 150 characters");
			}
			if (!scopeNames.add(Scope.key(scope.name()))) {
				throw problem(scope.label(), "scope '" + scope.name() + "' is declared twice");
			}
		}
		Set<String> usernames = new HashSet<>();
		Set<String> emails = new HashSet<>();
		for (BootstrapFile.UserEntry user : file.users()) {
			checkUser(user, scopeNames, usernames, emails);
		}
		Set<String> clientIds = new HashSet<>();
		for (BootstrapFile.ClientEntry client : file.clients()) {
			checkClient(client, clientIds);
		}
		Set<String> pairs = new HashSet<>();
		for (BootstrapFile.MembershipEntry membership : file.memberships()) {
			if (!clientIds.contains(membership.client()) && this.clients.findByClientId(membership.client()).isEmpty()) {
				throw problem(membership.label(), "unknown client '" + membership.client() + "'");
			}
			if (!usernames.contains(SsoUser.key(membership.user()))
					&& this.users.findByUsername(membership.user()).isEmpty()) {
				throw problem(membership.label(), "unknown user '" + membership.user() + "'");
			}
			try {
				MembershipRole.fromClaimValue(membership.role());
			}
			catch (IllegalArgumentException ex) {
				throw problem(membership.label(), ex.getMessage());
			}
			if (!pairs.add(membership.client() + "\n" + SsoUser.key(membership.user()))) {
				throw problem(membership.label(),
						"user '" + membership.user() + "' is given a role in '" + membership.client() + "' twice");
			}
		}
	}

	private void checkUser(BootstrapFile.UserEntry user, Set<String> scopeNames, Set<String> usernames,
			Set<String> emails) {
		String label = user.label();
		if (!user.username().matches(FirstSuperuser.USERNAME_PATTERN)) {
			throw problem(label, "username must be 3 to 150 letters, digits or . _ @ + -");
		}
		if (!usernames.add(SsoUser.key(user.username()))) {
			throw problem(label, "username '" + user.username() + "' is declared twice");
		}
		Optional<SsoUser> existing = this.users.findByUsername(user.username());
		if (user.email() != null) {
			if (!user.email().matches(EMAIL_PATTERN) || user.email().length() > 254) {
				throw problem(label, "email '" + user.email() + "' is not a valid address");
			}
			if (!emails.add(SsoUser.key(user.email()))) {
				throw problem(label, "email '" + user.email() + "' is used by another user in the file");
			}
			Optional<SsoUser> owner = this.users.findByEmail(user.email());
			if (owner.isPresent() && !owner.get().getUsername().equalsIgnoreCase(user.username())) {
				throw problem(label, "email '" + user.email() + "' belongs to another account");
			}
		}
		if (user.password() != null && user.passwordHash() != null) {
			throw problem(label, "give either password or password_hash, not both");
		}
		if (user.password() == null && user.passwordHash() == null && existing.isEmpty()) {
			throw problem(label, "password or password_hash is required for a new user");
		}
		if (user.password() != null) {
			this.passwordPolicy.problem(user.password(), user.username(), user.email()).ifPresent((code) -> {
				throw problem(label, PasswordPolicy.describe(code));
			});
		}
		if (user.passwordHash() != null) {
			String hash = user.passwordHash();
			int end = hash.indexOf('}');
			if (!hash.startsWith("{") || end < 2 || !HASH_IDS.contains(hash.substring(1, end))
					|| hash.length() == end + 1 || hash.length() > 255) {
				throw problem(label, "password_hash must look like {argon2}…, {bcrypt}… or {pbkdf2}…");
			}
		}
		if (user.scope() != null && !scopeNames.contains(Scope.key(user.scope()))
				&& this.scopes.findByName(user.scope()).isEmpty()) {
			throw problem(label, "unknown scope '" + user.scope() + "'");
		}
		if (!user.language().matches("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?")) {
			throw problem(label, "language must be a language code such as en or ar");
		}
		if (user.superuser() && !user.active()) {
			throw problem(label, "a superuser cannot be inactive");
		}
	}

	private void checkClient(BootstrapFile.ClientEntry client, Set<String> clientIds) {
		String label = client.label();
		if (!client.clientId().matches(CLIENT_ID_PATTERN)) {
			throw problem(label, "client_id must be 1 to 100 letters, digits or . _ ~ -");
		}
		if (!clientIds.add(client.clientId())) {
			throw problem(label, "client_id '" + client.clientId() + "' is declared twice");
		}
		if (client.name().length() > 200) {
			throw problem(label, "name is longer than 200 characters");
		}
		for (String grant : client.grantTypes()) {
			if (!GRANTS.contains(grant)) {
				throw problem(label, "unknown grant type '" + grant
						+ "' (allowed: authorization_code, refresh_token, client_credentials)");
			}
		}
		if (client.secret() == null && client.grantTypes().contains("client_credentials")) {
			throw problem(label, "a public client (no secret) cannot use client_credentials");
		}
		if (client.secret() != null && (client.secret().length() < 8 || client.secret().length() > 512)) {
			throw problem(label, "secret must be 8 to 512 characters");
		}
		if (client.grantTypes().contains("authorization_code") && client.redirectUris().isEmpty()) {
			throw problem(label, "redirect_uris is required for authorization_code");
		}
		ClientPolicy policy = policy(client.policy());
		for (String uri : client.redirectUris()) {
			RedirectUriRules.problem(uri, policy).ifPresent((why) -> {
				throw problem(label, why);
			});
		}
		for (String uri : client.postLogoutRedirectUris()) {
			RedirectUriRules.problem(uri, policy).ifPresent((why) -> {
				throw problem(label, "post-logout " + why);
			});
		}
		if (client.backchannelLogoutUri() != null) {
			RedirectUriRules.problem(client.backchannelLogoutUri(), policy).ifPresent((why) -> {
				throw problem(label, "back-channel logout URI: " + why);
			});
		}
		for (String scope : client.scopes()) {
			if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}")) {
				throw problem(label, "scope '" + scope + "' is not a valid OAuth scope");
			}
		}
		String joined = String.join(" ", client.redirectUris());
		if (joined.length() > 4000 || String.join(" ", client.postLogoutRedirectUris()).length() > 4000
				|| String.join(" ", client.scopes()).length() > 1000) {
			throw problem(label, "too many redirect URIs or scopes");
		}
	}

	private static BootstrapParser.Problem problem(String label, String message) {
		return new BootstrapParser.Problem(label + ": " + message);
	}

	private static ClientPolicy policy(BootstrapFile.PolicyEntry entry) {
		ClientPolicy policy = new ClientPolicy();
		policy.setActive(entry.active());
		policy.setAllowAllAuthenticated(entry.allowAllAuthenticated());
		policy.setRequirePkce(entry.requirePkce());
		policy.setRequireConsent(entry.requireConsent());
		policy.setRequireHttpsRedirects(entry.requireHttpsRedirects());
		policy.setAllowLocalhostRedirects(entry.allowLocalhostRedirects());
		return policy;
	}

	// ---- writes ----

	private final class Counter {

		int created;

		int updated;

		int unchanged;

		void count(boolean isNew, boolean changed) {
			if (isNew) {
				this.created++;
			}
			else if (changed) {
				this.updated++;
			}
			else {
				this.unchanged++;
			}
		}

	}

	private Summary write(BootstrapFile file) {
		Counter counter = new Counter();
		Map<String, Scope> scopesByKey = new HashMap<>();
		for (BootstrapFile.ScopeEntry entry : file.scopes()) {
			Optional<Scope> existing = this.scopes.findByName(entry.name());
			Scope scope = existing.orElseGet(() -> new Scope(entry.name()));
			boolean changed = !java.util.Objects.equals(scope.getDescription(), entry.description())
					|| !scope.getName().equals(entry.name());
			scope.setName(entry.name());
			scope.setDescription(entry.description());
			scopesByKey.put(Scope.key(entry.name()), this.scopes.save(scope));
			counter.count(existing.isEmpty(), changed);
		}
		Map<String, SsoUser> usersByKey = new HashMap<>();
		for (BootstrapFile.UserEntry entry : file.users()) {
			Optional<SsoUser> existing = this.users.findByUsername(entry.username());
			SsoUser user = existing.orElseGet(() -> new SsoUser(entry.username(), AccountOrigin.BOOTSTRAP));
			boolean changed = applyUser(user, entry, scopesByKey);
			usersByKey.put(SsoUser.key(entry.username()), this.users.save(user));
			counter.count(existing.isEmpty(), changed);
		}
		Map<String, SsoClient> clientsById = new HashMap<>();
		for (BootstrapFile.ClientEntry entry : file.clients()) {
			Optional<SsoClient> existing = this.clients.findByClientId(entry.clientId());
			SsoClient client = existing.orElseGet(() -> new SsoClient(entry.clientId(), entry.name()));
			boolean changed = applyClient(client, entry);
			clientsById.put(entry.clientId(), this.clients.save(client));
			counter.count(existing.isEmpty(), changed);
		}
		for (BootstrapFile.MembershipEntry entry : file.memberships()) {
			SsoClient client = clientsById.computeIfAbsent(entry.client(),
					(id) -> this.clients.findByClientId(id).orElseThrow());
			SsoUser user = usersByKey.computeIfAbsent(SsoUser.key(entry.user()),
					(name) -> this.users.findByUsername(name).orElseThrow());
			MembershipRole role = MembershipRole.fromClaimValue(entry.role());
			Optional<Membership> existing = this.memberships.find(client.getId(), user.getId());
			Membership membership = existing.orElseGet(() -> new Membership(client, user, role));
			boolean changed = membership.getRole() != role || membership.isActive() != entry.active();
			membership.setRole(role);
			membership.setActive(entry.active());
			this.memberships.save(membership);
			counter.count(existing.isEmpty(), changed);
		}
		return new Summary(counter.created, counter.updated, counter.unchanged);
	}

	private boolean applyUser(SsoUser user, BootstrapFile.UserEntry entry, Map<String, Scope> scopesByKey) {
		String before = describe(user);
		user.setUsername(entry.username());
		user.setEmail(entry.email());
		user.setFirstName(entry.firstName());
		user.setLastName(entry.lastName());
		user.setLanguage(entry.language().toLowerCase(Locale.ROOT));
		user.setStaff(entry.staff() || entry.superuser());
		user.setSuperuser(entry.superuser());
		user.setEmailVerified(true);
		user.setScope((entry.scope() == null) ? null
				: scopesByKey.computeIfAbsent(Scope.key(entry.scope()),
						(key) -> this.scopes.findByName(entry.scope()).orElseThrow()));
		if (entry.active()) {
			if (user.getStatus() != io.microsys.sso.provider.account.UserStatus.ACTIVE) {
				user.activate();
			}
		}
		else if (user.getStatus() != io.microsys.sso.provider.account.UserStatus.DEACTIVATED) {
			user.deactivate(java.time.Instant.now());
		}
		boolean passwordChanged = false;
		if (entry.passwordHash() != null && !entry.passwordHash().equals(user.getPasswordHash())) {
			user.setPasswordHash(entry.passwordHash());
			passwordChanged = true;
		}
		else if (entry.password() != null && (user.getPasswordHash() == null
				|| !this.passwordEncoder.matches(entry.password(), user.getPasswordHash()))) {
			user.setPasswordHash(this.passwordEncoder.encode(entry.password()));
			passwordChanged = true;
		}
		return passwordChanged || !before.equals(describe(user));
	}

	private static String describe(SsoUser user) {
		return String.join("|", String.valueOf(user.getUsername()), String.valueOf(user.getEmail()),
				String.valueOf(user.getFirstName()), String.valueOf(user.getLastName()), user.getLanguage(),
				String.valueOf(user.isStaff()), String.valueOf(user.isSuperuser()), String.valueOf(user.getStatus()),
				String.valueOf(user.isEmailVerified()),
				(user.getScope() != null) ? String.valueOf(user.getScope().getId()) : "-");
	}

	private boolean applyClient(SsoClient client, BootstrapFile.ClientEntry entry) {
		String before = describe(client);
		client.setName(entry.name());
		client.setRedirectUris(entry.redirectUris());
		client.setPostLogoutRedirectUris(entry.postLogoutRedirectUris());
		client.setBackchannelLogoutUri(entry.backchannelLogoutUri());
		client.setGrantTypes(entry.grantTypes());
		client.setScopes(entry.scopes());
		ClientPolicy policy = client.getPolicy();
		policy.setActive(entry.policy().active());
		policy.setAllowAllAuthenticated(entry.policy().allowAllAuthenticated());
		policy.setRequirePkce(entry.policy().requirePkce());
		policy.setRequireConsent(entry.policy().requireConsent());
		policy.setRequireHttpsRedirects(entry.policy().requireHttpsRedirects());
		policy.setAllowLocalhostRedirects(entry.policy().allowLocalhostRedirects());
		boolean secretChanged = false;
		if (entry.secret() == null) {
			if (client.getSecretHash() != null) {
				client.setSecretHash(null);
				secretChanged = true;
			}
		}
		else if (client.getSecretHash() == null
				|| !this.passwordEncoder.matches(entry.secret(), client.getSecretHash())) {
			client.setSecretHash(this.passwordEncoder.encode(entry.secret()));
			secretChanged = true;
		}
		return secretChanged || !before.equals(describe(client));
	}

	private static String describe(SsoClient client) {
		ClientPolicy p = client.getPolicy();
		return String.join("|", client.getName(), String.valueOf(client.getRedirectUris()),
				String.valueOf(client.getPostLogoutRedirectUris()), String.valueOf(client.getBackchannelLogoutUri()),
				String.valueOf(client.getGrantTypes()), String.valueOf(client.getScopes()),
				List.of(p.isActive(), p.isAllowAllAuthenticated(), p.isRequirePkce(), p.isRequireConsent(),
						p.isRequireHttpsRedirects(), p.isAllowLocalhostRedirects())
					.toString());
	}

}
