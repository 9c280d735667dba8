package io.microsys.sso.provider.setup.bootstrap;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.ClientPolicy;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.Membership;
import io.microsys.sso.provider.client.MembershipRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;

/**
 * Writes a checked bootstrap file: each entry is created or updated by its natural key (scope name
 * and username case-insensitively, client id, (client, user)). Passwords and secrets are hashed,
 * but not again when the stored hash already matches, so an unchanged file writes nothing. Runs
 * inside the loader's transaction, after {@link BootstrapValidator}.
 */
@Component
class BootstrapApplier {

	private final ScopeRepository scopes;

	private final UserRepository users;

	private final ClientRepository clients;

	private final MembershipRepository memberships;

	private final PasswordEncoder passwordEncoder;

	private final Clock clock;

	BootstrapApplier(ScopeRepository scopes, UserRepository users, ClientRepository clients,
			MembershipRepository memberships, PasswordEncoder passwordEncoder, Clock clock) {
		this.scopes = scopes;
		this.users = users;
		this.clients = clients;
		this.memberships = memberships;
		this.passwordEncoder = passwordEncoder;
		this.clock = clock;
	}

	/**
	 * What decides whether the people in the file stay signed in: for each existing one, by UUID,
	 * whether the account is active and its password hash. Taken before and after applying the
	 * file, it tells whose sessions must end (deactivated, or password changed).
	 */
	Map<String, String> signInState(BootstrapFile file) {
		Map<String, String> state = new HashMap<>();
		for (BootstrapFile.UserEntry entry : file.users()) {
			this.users.findByUsername(entry.username())
				.ifPresent((user) -> state.put(user.getUuid(),
						(user.getStatus() == UserStatus.ACTIVE) + "|" + user.getPasswordHash()));
		}
		return state;
	}

	/** Creates or updates every entry of a checked file. */
	BootstrapSummary apply(BootstrapFile file) {
		Counter counter = new Counter();
		Map<String, Scope> scopesByKey = new HashMap<>();
		for (BootstrapFile.ScopeEntry entry : file.scopes()) {
			Optional<Scope> existing = this.scopes.findByName(entry.name());
			Scope scope = existing.orElseGet(() -> new Scope(entry.name()));
			boolean changed = !scope.getName().equals(entry.name())
					|| !Objects.equals(scope.getDescription(), entry.description());
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
					(key) -> this.users.findByUsername(key).orElseThrow());
			MembershipRole role = MembershipRole.fromClaimValue(entry.role());
			Optional<Membership> existing = this.memberships.find(client.getId(), user.getId());
			Membership membership = existing.orElseGet(() -> new Membership(client, user, role));
			boolean changed = membership.getRole() != role || membership.isActive() != entry.active();
			membership.setRole(role);
			membership.setActive(entry.active());
			this.memberships.save(membership);
			counter.count(existing.isEmpty(), changed);
		}
		return counter.summary();
	}

	private boolean applyUser(SsoUser user, BootstrapFile.UserEntry entry, Map<String, Scope> scopesByKey) {
		String before = describe(user);
		user.setUsername(entry.username());
		user.setEmail(entry.email());
		user.setFirstName(entry.firstName());
		user.setLastName(entry.lastName());
		user.setLanguage(entry.language().toLowerCase(Locale.ROOT));
		// a superuser is staff too, as when created by the setup page
		user.setStaff(entry.staff() || entry.superuser());
		user.setSuperuser(entry.superuser());
		user.setEmailVerified(true);
		user.setScope((entry.scope() != null) ? scopesByKey.computeIfAbsent(Scope.key(entry.scope()),
				(key) -> this.scopes.findByName(key).orElseThrow()) : null);
		if (entry.active() && user.getStatus() != UserStatus.ACTIVE) {
			user.activate();
		}
		else if (!entry.active() && user.getStatus() != UserStatus.DEACTIVATED) {
			user.deactivate(this.clock.instant());
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
		return String.join("|", user.getUsername(), String.valueOf(user.getEmail()),
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
		entry.policy().copyTo(client.getPolicy());
		boolean secretChanged = false;
		if (entry.secret() == null) {
			if (client.getSecretHash() != null) {
				client.setSecretHash(null);
				secretChanged = true;
			}
		}
		else if (client.getSecretHash() == null || !this.passwordEncoder.matches(entry.secret(), client.getSecretHash())) {
			client.setSecretHash(this.passwordEncoder.encode(entry.secret()));
			secretChanged = true;
		}
		if (secretChanged) {
			// The file names the one secret the app has: a rotation's previous secret ends with it.
			client.setPreviousSecret(null, null);
		}
		return secretChanged || !before.equals(describe(client));
	}

	private static String describe(SsoClient client) {
		ClientPolicy p = client.getPolicy();
		return String.join("|", client.getName(), String.valueOf(client.getRedirectUris()),
				String.valueOf(client.getPostLogoutRedirectUris()), String.valueOf(client.getBackchannelLogoutUri()),
				String.valueOf(client.getGrantTypes()), String.valueOf(client.getScopes()),
				List.of(p.isActive(), p.isAllowAllAuthenticated(), p.isRequirePkce(), p.isRequireConsent(),
						p.isRequireHttpsRedirects(), p.isAllowLocalhostRedirects(), p.isRequire2fa(), p.isAllowPar(),
						p.isRequirePar(), p.isAllowDpop(), p.isRequireDpop(), p.isAppAdminsAppointAdmins())
					.toString());
	}

	private static final class Counter {

		private int created;

		private int updated;

		private int unchanged;

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

		BootstrapSummary summary() {
			return new BootstrapSummary(this.created, this.updated, this.unchanged);
		}

	}

}
