package io.microsys.sso.provider.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.Membership;
import io.microsys.sso.provider.client.MembershipRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;

/**
 * Decides whether a user may sign in to a connected app, and with which role. It is a short
 * pipeline of named checks; the first that fails denies with its reason code, and nothing is
 * allowed unless every check passes.
 */
@Component
public class AccessDecision {

	/** Why access was refused; the code goes to the audit trail. */
	public enum Reason {

		CLIENT_UNKNOWN("client_unknown"), CLIENT_INACTIVE("client_inactive"), USER_UNKNOWN("user_unknown"),
		USER_DEACTIVATED("user_deactivated"), USER_PENDING_APPROVAL("user_pending_approval"),
		USER_LOCKED("user_locked"), EMAIL_UNVERIFIED("email_unverified"), NO_MEMBERSHIP("no_membership"),
		MEMBERSHIP_INACTIVE("membership_inactive");

		private final String code;

		Reason(String code) {
			this.code = code;
		}

		public String code() {
			return this.code;
		}

	}

	/** The outcome: a role when allowed, a reason when denied. */
	public record Outcome(MembershipRole role, Reason reason, SsoUser user) {

		public boolean allowed() {
			return this.role != null;
		}

	}

	/** The facts the checks look at. */
	private record Facts(SsoClient client, SsoUser user, Optional<Membership> membership, Instant now) {
	}

	private interface Check {

		Optional<Reason> apply(Facts facts);

	}

	private static final List<Check> CHECKS = List.of(AccessDecision::checkPolicyActive,
			AccessDecision::checkUserActive, AccessDecision::checkUserNotLocked, AccessDecision::checkEmailVerified,
			AccessDecision::checkMembership);

	private final ClientRepository clients;

	private final UserRepository users;

	private final MembershipRepository memberships;

	private final Clock clock;

	public AccessDecision(ClientRepository clients, UserRepository users, MembershipRepository memberships,
			Clock clock) {
		this.clients = clients;
		this.users = users;
		this.memberships = memberships;
		this.clock = clock;
	}

	/** Decides for the user with this UUID at the client with this client id. */
	@Transactional(readOnly = true)
	public Outcome decide(String clientId, String userUuid) {
		Optional<SsoClient> client = this.clients.findByClientId(clientId);
		if (client.isEmpty()) {
			return new Outcome(null, Reason.CLIENT_UNKNOWN, null);
		}
		Optional<SsoUser> user = this.users.findByUuid(userUuid);
		if (user.isEmpty()) {
			return new Outcome(null, Reason.USER_UNKNOWN, null);
		}
		return decide(client.get(), user.get());
	}

	/** Decides for a loaded client and user. */
	@Transactional(readOnly = true)
	public Outcome decide(SsoClient client, SsoUser user) {
		Facts facts = new Facts(client, user, this.memberships.find(client.getId(), user.getId()),
				this.clock.instant());
		for (Check check : CHECKS) {
			Optional<Reason> denied = check.apply(facts);
			if (denied.isPresent()) {
				return new Outcome(null, denied.get(), user);
			}
		}
		MembershipRole role = facts.membership()
			.filter(Membership::isActive)
			.map(Membership::getRole)
			.orElse(MembershipRole.USER);
		return new Outcome(role, null, user);
	}

	private static Optional<Reason> checkPolicyActive(Facts facts) {
		return facts.client().getPolicy().isActive() ? Optional.empty() : Optional.of(Reason.CLIENT_INACTIVE);
	}

	private static Optional<Reason> checkUserActive(Facts facts) {
		UserStatus status = facts.user().getStatus();
		return switch (status) {
			case ACTIVE -> Optional.empty();
			case PENDING_APPROVAL -> Optional.of(Reason.USER_PENDING_APPROVAL);
			case UNVERIFIED -> Optional.of(Reason.EMAIL_UNVERIFIED);
			case DEACTIVATED -> Optional.of(Reason.USER_DEACTIVATED);
		};
	}

	private static Optional<Reason> checkUserNotLocked(Facts facts) {
		return facts.user().isLocked(facts.now()) ? Optional.of(Reason.USER_LOCKED) : Optional.empty();
	}

	private static Optional<Reason> checkEmailVerified(Facts facts) {
		return facts.user().isEmailVerified() ? Optional.empty() : Optional.of(Reason.EMAIL_UNVERIFIED);
	}

	private static Optional<Reason> checkMembership(Facts facts) {
		if (facts.membership().isPresent()) {
			return facts.membership().get().isActive() ? Optional.empty() : Optional.of(Reason.MEMBERSHIP_INACTIVE);
		}
		return facts.client().getPolicy().isAllowAllAuthenticated() ? Optional.empty()
				: Optional.of(Reason.NO_MEMBERSHIP);
	}

}
