package io.microsys.sso.provider.oidc.claims;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.AccessRows;
import io.microsys.sso.provider.client.MembershipRole;

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

	/** The person as the decision read them: what the checks and the claims look at. */
	public record Person(String uuid, String username, String firstName, String lastName, String email,
			boolean emailVerified, String language, UserStatus status, Instant lockedUntil) {

		/** As {@link SsoUser#getDisplayName()}. */
		public String displayName() {
			return SsoUser.displayName(this.firstName, this.lastName, this.username);
		}

		boolean isLocked(Instant now) {
			return this.lockedUntil != null && this.lockedUntil.isAfter(now);
		}

	}

	/**
	 * The outcome: a role when allowed, a reason when denied; the person as read and the app's
	 * client id (null when unknown).
	 */
	public record Outcome(MembershipRole role, Reason reason, Person user, String clientId) {

		public boolean allowed() {
			return this.role != null;
		}

	}

	/** The facts the checks look at. */
	private record Facts(AccessRows.Row row, Person user, Instant now) {
	}

	private interface Check {

		Optional<Reason> apply(Facts facts);

	}

	private static final List<Check> CHECKS = List.of(AccessDecision::checkPolicyActive,
			AccessDecision::checkUserActive, AccessDecision::checkUserNotLocked, AccessDecision::checkEmailVerified,
			AccessDecision::checkMembership);

	private final AccessRows rows;

	private final Clock clock;

	public AccessDecision(AccessRows rows, Clock clock) {
		this.rows = rows;
		this.clock = clock;
	}

	/**
	 * Decides for the user with this UUID at the client with this client id. The client, the user
	 * and the membership are read in one statement, every time: a deactivation takes effect at once
	 * on every node.
	 */
	public Outcome decide(String clientId, String userUuid) {
		Optional<AccessRows.Row> row = this.rows.byClientId(clientId, userUuid);
		if (row.isEmpty()) {
			return unknown(this.rows.clientExists(clientId));
		}
		return decide(row.get());
	}

	/** As {@link #decide(String, String)}, for the client with this row id (a registered client's id). */
	public Outcome decideForClientPk(long clientPk, String userUuid) {
		Optional<AccessRows.Row> row = this.rows.byClientPk(clientPk, userUuid);
		if (row.isEmpty()) {
			return unknown(this.rows.clientExists(clientPk));
		}
		return decide(row.get());
	}

	private static Outcome unknown(boolean clientExists) {
		return new Outcome(null, clientExists ? Reason.USER_UNKNOWN : Reason.CLIENT_UNKNOWN, null, null);
	}

	private Outcome decide(AccessRows.Row row) {
		Person person = new Person(row.userUuid(), row.username(), row.firstName(), row.lastName(), row.email(),
				row.emailVerified(), row.language(), row.status(), row.lockedUntil());
		Facts facts = new Facts(row, person, this.clock.instant());
		for (Check check : CHECKS) {
			Optional<Reason> denied = check.apply(facts);
			if (denied.isPresent()) {
				return new Outcome(null, denied.get(), person, row.clientId());
			}
		}
		MembershipRole role = (row.role() != null && Boolean.TRUE.equals(row.membershipActive())) ? row.role()
				: MembershipRole.USER;
		return new Outcome(role, null, person, row.clientId());
	}

	private static Optional<Reason> checkPolicyActive(Facts facts) {
		return facts.row().policyActive() ? Optional.empty() : Optional.of(Reason.CLIENT_INACTIVE);
	}

	private static Optional<Reason> checkUserActive(Facts facts) {
		UserStatus status = facts.user().status();
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
		return facts.user().emailVerified() ? Optional.empty() : Optional.of(Reason.EMAIL_UNVERIFIED);
	}

	private static Optional<Reason> checkMembership(Facts facts) {
		if (facts.row().role() != null) {
			return Boolean.TRUE.equals(facts.row().membershipActive()) ? Optional.empty()
					: Optional.of(Reason.MEMBERSHIP_INACTIVE);
		}
		return facts.row().allowAllAuthenticated() ? Optional.empty() : Optional.of(Reason.NO_MEMBERSHIP);
	}

}
