package io.microsys.sso.provider.setup.bootstrap;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.Emails;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.ClientRules;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.support.NameKeys;

/**
 * Checks a parsed bootstrap file against itself and the database before anything is written:
 * formats and lengths (so the database never refuses a row), duplicate natural keys, references to
 * scopes, clients and users (in the file or already stored), redirect URIs under the client's own
 * policy, the password policy, grant types and roles. The first problem found is thrown as a
 * {@link BootstrapProblem}.
 */
@Component
class BootstrapValidator {

	/** Token exchange (RFC 8693): a confidential app trades a person's access token for its own. */
	static final String TOKEN_EXCHANGE = ClientRules.TOKEN_EXCHANGE;

	/** The device authorization grant (RFC 8628): a device without a browser signs in through a code. */
	static final String DEVICE_CODE = ClientRules.DEVICE_CODE;

	static final Set<String> GRANT_TYPES = ClientRules.GRANT_TYPES;

	static final Set<String> PASSWORD_HASH_IDS = Set.of("argon2", "bcrypt", "pbkdf2");

	/** Shortest client secret accepted; as long as the shortest password. */
	static final int MIN_SECRET_LENGTH = PasswordPolicy.MIN_LENGTH;

	/** Longest client secret accepted; the token endpoint refuses longer ones. */
	static final int MAX_SECRET_LENGTH = 512;

	/** The username pattern of before usernames could not hold an {@code @}: existing ones keep it. */
	private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{3,150}");

	private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,6})?");

	/** The hash after its {id}: bcrypt's modular crypt form, an Argon2 PHC string, PBKDF2 in hex. */
	private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");

	private static final Pattern ARGON2 = Pattern.compile("\\$argon2(id|i|d)\\$v=\\d+\\$m=\\d+,t=\\d+,p=\\d+\\$[^$]+\\$[^$]+");

	private static final Pattern PBKDF2 = Pattern.compile("([0-9a-fA-F]{2}){16,}");

	private final ScopeRepository scopes;

	private final UserRepository users;

	private final ClientRepository clients;

	private final PasswordPolicy passwordPolicy;

	BootstrapValidator(ScopeRepository scopes, UserRepository users, ClientRepository clients,
			PasswordPolicy passwordPolicy) {
		this.scopes = scopes;
		this.users = users;
		this.clients = clients;
		this.passwordPolicy = passwordPolicy;
	}

	/** Throws {@link BootstrapProblem} for the first problem in the file. */
	void check(BootstrapFile file) {
		Set<String> scopeKeys = new HashSet<>();
		for (BootstrapFile.ScopeEntry scope : file.scopes()) {
			checkScope(scope, scopeKeys);
		}
		Set<String> usernameKeys = new HashSet<>();
		Set<String> usernameLookalikes = new HashSet<>();
		Set<String> emailKeys = new HashSet<>();
		for (BootstrapFile.UserEntry user : file.users()) {
			checkUser(user, scopeKeys, usernameKeys, usernameLookalikes, emailKeys);
		}
		Set<String> clientIds = new HashSet<>();
		for (BootstrapFile.ClientEntry client : file.clients()) {
			checkClient(client, clientIds);
		}
		Set<String> pairs = new HashSet<>();
		for (BootstrapFile.MembershipEntry membership : file.memberships()) {
			checkMembership(membership, clientIds, usernameKeys, pairs);
		}
	}

	private void checkScope(BootstrapFile.ScopeEntry scope, Set<String> scopeKeys) {
		String label = scope.label();
		maxLength(label, "name", scope.name(), 150);
		maxLength(label, "description", scope.description(), 500);
		if (!scopeKeys.add(Scope.key(scope.name()))) {
			throw BootstrapProblem.of(label, "scope '" + scope.name() + "' is declared twice");
		}
	}

	private void checkUser(BootstrapFile.UserEntry user, Set<String> scopeKeys, Set<String> usernameKeys,
			Set<String> usernameLookalikes, Set<String> emailKeys) {
		String label = user.label();
		Optional<SsoUser> existing = this.users.findByUsername(user.username());
		Optional<String> problem = NameKeys.usernameProblem(user.username());
		// An account named before usernames could not hold an @ keeps its name.
		if (problem.isPresent() && !(problem.get().equals("username.error.email") && existing.isPresent()
				&& USERNAME.matcher(user.username()).matches())) {
			throw BootstrapProblem.of(label, NameKeys.describe(problem.get()));
		}
		if (!usernameKeys.add(SsoUser.key(user.username()))) {
			throw BootstrapProblem.of(label, "username '" + user.username() + "' is declared twice");
		}
		if (!usernameLookalikes.add(NameKeys.lookalike(user.username()))) {
			throw BootstrapProblem.of(label,
					"username '" + user.username() + "' looks like another username in the file");
		}
		if (this.users.usernameTakenByOther(user.username(), existing.map(SsoUser::getId).orElse(null))) {
			throw BootstrapProblem.of(label,
					"username '" + user.username() + "' looks like the username or email of another account");
		}
		if (user.email() != null) {
			checkEmail(user, emailKeys);
		}
		maxLength(label, "first_name", user.firstName(), 150);
		maxLength(label, "last_name", user.lastName(), 150);
		if (user.password() != null && user.passwordHash() != null) {
			throw BootstrapProblem.of(label, "give either password or password_hash, not both");
		}
		if (user.password() == null && user.passwordHash() == null && existing.isEmpty()) {
			throw BootstrapProblem.of(label, "password or password_hash is required for a new user");
		}
		if (user.password() != null) {
			this.passwordPolicy.problem(user.password(), user.username(), user.email()).ifPresent((code) -> {
				throw BootstrapProblem.of(label, PasswordPolicy.describe(code));
			});
		}
		if (user.passwordHash() != null && !isPasswordHash(user.passwordHash())) {
			throw BootstrapProblem.of(label,
					"password_hash must be {argon2}, {bcrypt} or {pbkdf2} followed by a hash in that format");
		}
		if (user.scope() != null && !scopeKeys.contains(Scope.key(user.scope()))
				&& this.scopes.findByName(user.scope()).isEmpty()) {
			throw BootstrapProblem.of(label, "unknown scope '" + user.scope() + "'");
		}
		if (user.language().length() > 10 || !LANGUAGE.matcher(user.language()).matches()) {
			throw BootstrapProblem.of(label, "language must be a language code such as en or ar");
		}
		if (user.superuser() && !user.active()) {
			throw BootstrapProblem.of(label, "a superuser cannot be inactive");
		}
		if (existing.isPresent() && existing.get().isSuperuser() && !user.superuser()) {
			// CONTRACT §4: nobody demotes a superuser, and the file must not lock the operator out
			throw BootstrapProblem.of(label, "is an existing superuser, and a superuser cannot be demoted "
					+ "(set superuser: true)");
		}
	}

	private void checkEmail(BootstrapFile.UserEntry user, Set<String> emailKeys) {
		String label = user.label();
		if (!Emails.isValid(user.email())) {
			throw BootstrapProblem.of(label, "email '" + user.email() + "' is not a valid address");
		}
		if (!emailKeys.add(SsoUser.key(user.email()))) {
			throw BootstrapProblem.of(label, "email '" + user.email() + "' is used by another user in the file");
		}
		Optional<SsoUser> owner = this.users.findByEmail(user.email());
		if (owner.isPresent() && !SsoUser.key(owner.get().getUsername()).equals(SsoUser.key(user.username()))) {
			throw BootstrapProblem.of(label, "email '" + user.email() + "' belongs to another account");
		}
		Optional<SsoUser> named = this.users.findByUsername(user.email());
		if (named.isPresent() && !SsoUser.key(named.get().getUsername()).equals(SsoUser.key(user.username()))) {
			throw BootstrapProblem.of(label, "email '" + user.email() + "' is another account's username");
		}
	}

	private static boolean isPasswordHash(String value) {
		int end = value.indexOf('}');
		if (!value.startsWith("{") || end < 0 || value.length() > 255) {
			return false;
		}
		String hash = value.substring(end + 1);
		return switch (value.substring(1, end)) {
			case "bcrypt" -> BCRYPT.matcher(hash).matches();
			case "argon2" -> ARGON2.matcher(hash).matches();
			case "pbkdf2" -> PBKDF2.matcher(hash).matches();
			default -> false;
		};
	}

	private void checkClient(BootstrapFile.ClientEntry client, Set<String> clientIds) {
		String label = client.label();
		if (!ClientRules.isClientId(client.clientId())) {
			throw BootstrapProblem.of(label, "client_id must be 1 to 100 letters, digits or . _ ~ -");
		}
		if (!clientIds.add(client.clientId())) {
			throw BootstrapProblem.of(label, "client_id '" + client.clientId() + "' is declared twice");
		}
		maxLength(label, "name", client.name(), ClientRules.NAME_MAX);
		if (client.secret() != null && (client.secret().length() < MIN_SECRET_LENGTH
				|| client.secret().length() > MAX_SECRET_LENGTH)) {
			throw BootstrapProblem.of(label,
					"secret must be " + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH + " characters long");
		}
		ClientRules.App app = new ClientRules.App(client.secret() != null, client.grantTypes(), client.redirectUris(),
				client.postLogoutRedirectUris(), client.backchannelLogoutUri(), client.scopes(), client.policy().toPolicy());
		ClientRules.problems(app).stream().findFirst().ifPresent((problem) -> {
			boolean policyKey = problem.field().equals("requirePar") || problem.field().equals("requireDpop");
			throw BootstrapProblem.of(policyKey ? label + ".policy" : label, problem.text());
		});
	}

	private void checkMembership(BootstrapFile.MembershipEntry membership, Set<String> clientIds,
			Set<String> usernameKeys, Set<String> pairs) {
		String label = membership.label();
		if (!clientIds.contains(membership.client()) && this.clients.findByClientId(membership.client()).isEmpty()) {
			throw BootstrapProblem.of(label, "unknown client '" + membership.client() + "'");
		}
		if (!usernameKeys.contains(SsoUser.key(membership.user()))
				&& this.users.findByUsername(membership.user()).isEmpty()) {
			throw BootstrapProblem.of(label, "unknown user '" + membership.user() + "'");
		}
		try {
			MembershipRole.fromClaimValue(membership.role());
		}
		catch (IllegalArgumentException ex) {
			throw BootstrapProblem.of(label, ex.getMessage());
		}
		if (!pairs.add(membership.client() + "\n" + SsoUser.key(membership.user()))) {
			throw BootstrapProblem.of(label,
					"user '" + membership.user() + "' is given a role in '" + membership.client() + "' twice");
		}
	}

	private static void maxLength(String label, String key, String value, int max) {
		if (value != null && value.length() > max) {
			throw BootstrapProblem.of(label, "'" + key + "' is longer than " + max + " characters");
		}
	}

}
