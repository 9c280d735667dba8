package io.microsys.sso.provider.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.SsoUser;
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

	/**
	 * The outcome: a role when allowed, a reason when denied; the user and the client as read (null
	 * when unknown).
	 */
	public record Outcome(MembershipRole role, Reason reason, SsoUser user, SsoClient client) {

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

	private final MembershipRepository memberships;

	private final Clock clock;

	public AccessDecision(ClientRepository clients, MembershipRepository memberships, Clock clock) {
		this.clients = clients;
		this.memberships = memberships;
		this.clock = clock;
	}

	/**
	 * Decides for the user with this UUID at the client with this client id. The client, the user
	 * and the membership are read in one statement, every time: a deactivation takes effect at once
	 * on every node.
	 */
	public Outcome decide(String clientId, String userUuid) {
		Optional<MembershipRepository.Access> access = this.memberships.findAccess(clientId, userUuid);
		if (access.isEmpty()) {
			return unknown(this.clients.findByClientId(clientId).isPresent());
		}
		return decide(access.get());
	}

	/** As {@link #decide(String, String)}, for the client with this row id (a registered client's id). */
	public Outcome decideForClientPk(long clientPk, String userUuid) {
		Optional<MembershipRepository.Access> access = this.memberships.findAccessByClientPk(clientPk, userUuid);
		if (access.isEmpty()) {
			return unknown(this.clients.existsById(clientPk));
		}
		return decide(access.get());
	}

	private static Outcome unknown(boolean clientExists) {
		return new Outcome(null, clientExists ? Reason.USER_UNKNOWN : Reason.CLIENT_UNKNOWN, null, null);
	}

	private Outcome decide(MembershipRepository.Access access) {
		Facts facts = new Facts(access.client(), access.user(), Optional.ofNullable(access.membership()),
				this.clock.instant());
		for (Check check : CHECKS) {
			Optional<Reason> denied = check.apply(facts);
			if (denied.isPresent()) {
				return new Outcome(null, denied.get(), facts.user(), facts.client());
			}
		}
		MembershipRole role = facts.membership()
			.filter(Membership::isActive)
			.map(Membership::getRole)
			.orElse(MembershipRole.USER);
		return new Outcome(role, null, facts.user(), facts.client());
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
