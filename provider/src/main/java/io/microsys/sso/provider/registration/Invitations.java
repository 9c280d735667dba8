package io.microsys.sso.provider.registration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.Decision;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.Membership;
import io.microsys.sso.provider.client.MembershipRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.settings.Links;
import io.microsys.sso.provider.support.RandomTokens;

/**
 * Invitations to a connected app: an email address, the role it will hold there, and a link
 * (256 random bits, only the SHA-256 stored) that works once within 7 days. Accepting creates
 * the account — its address is proven by the link — or uses the signed-in one, and gives it the
 * role in the app. A new invitation to the same address and app withdraws the older one.
 */
@Service
public class Invitations {

	/** An invitation with its app's client id and name, as {@link #map} reads it. */
	private static final String SELECT = "SELECT i.id, i.client_id, c.client_id, c.name, i.email, i.role, "
			+ "i.language, i.invited_by, i.created_at, i.expires_at, i.accepted_at, i.accepted_by, i.revoked_at, "
			+ "u.username, i.mail_state FROM sso_invitation i JOIN sso_client c ON c.id = i.client_id "
			+ "LEFT JOIN sso_user u ON u.uuid = i.accepted_by ";

	private final JdbcTemplate jdbc;

	private final ClientRepository clients;

	private final UserRepository users;

	private final MembershipRepository memberships;

	private final PasswordEncoder passwordEncoder;

	private final Mailer mailer;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final InvitationProperties settings;

	private final Links pages;

	private final Usernames usernames;

	private final TransactionTemplate transaction;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	Invitations(JdbcTemplate jdbc, ClientRepository clients, UserRepository users, MembershipRepository memberships,
			PasswordEncoder passwordEncoder, Mailer mailer, ApplicationEventPublisher events, Clock clock,
			InvitationProperties settings, Usernames usernames,
			PlatformTransactionManager transactionManager, Links pages, AdminPolicy policy, AccessGuard guard) {
		this.policy = policy;
		this.guard = guard;
		this.pages = pages;
		this.usernames = usernames;
		this.jdbc = jdbc;
		this.clients = clients;
		this.users = users;
		this.memberships = memberships;
		this.passwordEncoder = passwordEncoder;
		this.mailer = mailer;
		this.events = events;
		this.clock = clock;
		this.settings = settings;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/** Where an invitation stands. */
	public enum State {

		/** Can be accepted. */
		PENDING,
		/** Accepted already (a link works once). */
		ACCEPTED,
		/** Past its 7 days. */
		EXPIRED,
		/** Withdrawn by an administrator or replaced by a newer invitation. */
		REVOKED;

		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * An invitation as stored; {@code invitedBy} is the uuid of the person who invited (null when a
	 * service account of the admin API did), {@code acceptedByUsername} names the account that accepted it,
	 * {@code mailState} says whether its email left ({@code SENT}, {@code NOT_CONFIGURED},
	 * {@code FAILED}; null when not recorded).
	 */
	public record Invitation(long id, long clientPk, String clientId, String appName, String email,
			MembershipRole role, String language, String invitedBy, Instant createdAt, Instant expiresAt,
			Instant acceptedAt, String acceptedBy, Instant revokedAt, State state, String acceptedByUsername,
			String mailState) {

		public String roleValue() {
			return this.role.claimValue();
		}

		/** Whether its last email did not leave. */
		public boolean mailNotSent() {
			return "NOT_CONFIGURED".equals(this.mailState) || "FAILED".equals(this.mailState);
		}

	}

	/**
	 * What inviting (or sending again) did: the link, to show the superuser who asked when its
	 * email did not leave ({@code mailProblem}: {@code not-configured} or {@code failed}).
	 */
	public record Sent(String email, String link, Optional<String> mailProblem) {
	}

	/**
	 * Invites {@code email} to the app with {@code role} and mails the link now, recording whether
	 * the email left.
	 */
	public Sent invite(SsoClient client, String email, MembershipRole role, String language, Actor inviter) {
		require(inviter, Action.ADD, null);
		return send(client, email, role, language, inviter);
	}

	/**
	 * Invites {@code email} to the app from its own invitations page: {@code decision} is the
	 * policy's answer on that app's members (and the role) for {@code inviter}.
	 */
	public Sent inviteToApp(Decision decision, SsoClient client, String email, MembershipRole role, String language,
			Actor inviter) {
		this.guard.require(inviter, decision, "client:" + client.getClientId());
		return send(client, email, role, language, inviter);
	}

	/**
	 * Invites {@code email} to the app like {@link #invite}, answering the new invitation's id
	 * too: the admin API's {@code POST /invitations}.
	 */
	public Made create(SsoClient client, String email, MembershipRole role, String language, Actor inviter) {
		require(inviter, Action.ADD, null);
		String token = RandomTokens.create();
		Sent sent = send(token, client, email, role, language, inviter);
		long id = this.jdbc.queryForObject("SELECT id FROM sso_invitation WHERE token_hash = ?", Long.class,
				RandomTokens.hash(token));
		return new Made(id, sent);
	}

	/** An invitation just made: its id, and whether its email left. */
	public record Made(long id, Sent sent) {
	}

	private Sent send(SsoClient client, String email, MembershipRole role, String language, Actor inviter) {
		return send(RandomTokens.create(), client, email, role, language, inviter);
	}

	private Sent send(String token, SsoClient client, String email, MembershipRole role, String language,
			Actor inviter) {
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.settings.getTtl());
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.update(
					"UPDATE sso_invitation SET revoked_at = ? WHERE client_id = ? AND email_key = ? "
							+ "AND accepted_at IS NULL AND revoked_at IS NULL",
					Timestamp.from(now), client.getId(), SsoUser.key(email));
			this.jdbc.update(
					"INSERT INTO sso_invitation (token_hash, client_id, email, email_key, role, language, invited_by, "
							+ "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
					RandomTokens.hash(token), client.getId(), email, SsoUser.key(email), role.name(), language,
					// A service account of the admin API is no person: it leaves the inviter empty
					// (the activity log names it).
					inviter.uuid(), Timestamp.from(now),
					Timestamp.from(expires));
		});
		this.events.publishEvent(new InvitationSent(inviter.uuid(), inviter.username(), client.getClientId(),
				role.claimValue(), email, false));
		return mail(token, email, client.getName(), role, language, inviter);
	}

	/**
	 * Sends a pending invitation again with a new link (the previous one stops working) that works
	 * for the whole validity period again; empty when it is not pending.
	 */
	public Optional<Sent> resend(long id, Actor by) {
		require(by, Action.CHANGE, id);
		return resend(id, null, by);
	}

	/**
	 * Sends a pending invitation to this app again, from the app's invitations page ({@code decision}:
	 * the policy's answer on the app's members for {@code by}); empty when it is not pending or not
	 * to this app.
	 */
	/** The role an invitation to this app offers, whatever its state; empty when there is no such invitation. */
	public Optional<MembershipRole> roleOffered(long clientPk, long id) {
		return this.jdbc.query(SELECT + "WHERE i.id = ? AND i.client_id = ?", this::map, id, clientPk)
			.stream()
			.findFirst()
			.map(Invitation::role);
	}

	public Optional<Sent> resendToApp(Decision decision, long clientPk, long id, Actor by) {
		this.guard.require(by, decision, "invitation:" + id);
		return resend(id, clientPk, by);
	}

	private Optional<Sent> resend(long id, Long clientPk, Actor by) {
		Optional<Invitation> invitation = this.jdbc.query(SELECT + "WHERE i.id = ?", this::map, id)
			.stream()
			.filter((i) -> clientPk == null || i.clientPk() == clientPk)
			.filter((i) -> i.state() == State.PENDING)
			.findFirst();
		if (invitation.isEmpty()) {
			return Optional.empty();
		}
		String token = RandomTokens.create();
		Instant now = this.clock.instant();
		int renewed = this.jdbc.update("UPDATE sso_invitation SET token_hash = ?, expires_at = ?, mail_state = NULL "
				+ "WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
				RandomTokens.hash(token), Timestamp.from(now.plus(this.settings.getTtl())), id,
				Timestamp.from(now));
		if (renewed != 1) {
			return Optional.empty();
		}
		Invitation sent = invitation.get();
		this.events.publishEvent(
				new InvitationSent(by.uuid(), by.username(), sent.clientId(), sent.roleValue(), sent.email(), true));
		return Optional.of(mail(token, sent.email(), sent.appName(), sent.role(), sent.language(), by));
	}

	private Sent mail(String token, String email, String appName, MembershipRole role, String language,
			Actor inviter) {
		String link = this.pages.invitation(token);
		Map<String, Object> values = new HashMap<>();
		values.put("app", appName);
		values.put("role", role.claimValue());
		values.put("inviter", Optional.ofNullable(inviter.uuid())
			.flatMap(this.users::findByUuid)
			.map(SsoUser::getDisplayName)
			.orElse(inviter.username()));
		values.put("link", link);
		values.put("days", this.settings.getTtl().toDays());
		Optional<String> problem = this.mailer.sendNow(email, language, "invitation", values);
		this.jdbc.update("UPDATE sso_invitation SET mail_state = ? WHERE token_hash = ?",
				problem.map((code) -> code.toUpperCase(Locale.ROOT).replace('-', '_')).orElse("SENT"),
				RandomTokens.hash(token));
		return new Sent(email, link, problem);
	}

	/** The newest invitations, at most {@code limit}, for staff holding {@code registrations.view}. */
	public List<Invitation> recent(Actor actor, int limit) {
		require(actor, Action.VIEW, null);
		return this.jdbc.query(SELECT + "ORDER BY i.created_at DESC, i.id DESC LIMIT ?", this::map, limit);
	}

	/**
	 * Up to {@code fetch} invitations, newest first by id, below {@code beforeId} (null: from the
	 * newest), for staff holding {@code registrations.view}: the admin API's keyset pages.
	 */
	public List<Invitation> keyset(Actor actor, Long beforeId, int fetch) {
		require(actor, Action.VIEW, null);
		return (beforeId != null)
				? this.jdbc.query(SELECT + "WHERE i.id < ? ORDER BY i.id DESC LIMIT ?", this::map, beforeId, fetch)
				: this.jdbc.query(SELECT + "ORDER BY i.id DESC LIMIT ?", this::map, fetch);
	}

	/**
	 * One invitation, whatever its state, for staff holding the registrations area's {@code action}
	 * (the one they act under: {@code view} to read, {@code change} to send again…).
	 */
	public Optional<Invitation> find(Actor actor, Action action, long id) {
		require(actor, action, id);
		return this.jdbc.query(SELECT + "WHERE i.id = ?", this::map, id).stream().findFirst();
	}

	/** The invitation a link names, whatever its state; empty for a link that names none. */
	public Optional<Invitation> find(String token) {
		if (!RandomTokens.isWellFormed(token)) {
			return Optional.empty();
		}
		return this.jdbc.query(SELECT + "WHERE i.token_hash = ?", this::map, RandomTokens.hash(token))
			.stream()
			.findFirst();
	}

	/** Withdraws a pending invitation; false when it was not pending. */
	public boolean revoke(long id, Actor by) {
		require(by, Action.DELETE, id);
		return revoke(id, null, by);
	}

	/**
	 * Withdraws a pending invitation to this app, from the app's invitations page ({@code decision}:
	 * the policy's answer on the app's members for {@code by}); false when it was not pending or is
	 * not to this app.
	 */
	public boolean revokeToApp(Decision decision, long clientPk, long id, Actor by) {
		this.guard.require(by, decision, "invitation:" + id);
		return revoke(id, clientPk, by);
	}

	/** The newest invitations to one app, at most {@code limit} ({@code decision}: the policy's answer for {@code actor}). */
	public List<Invitation> recentToApp(Decision decision, long clientPk, int limit, Actor actor) {
		this.guard.require(actor, decision, null);
		return this.jdbc.query(SELECT + "WHERE i.client_id = ? ORDER BY i.created_at DESC, i.id DESC LIMIT ?",
				this::map, clientPk, limit);
	}

	/**
	 * The invitations to one app whose id is above {@code afterId}, by id, at most {@code limit}
	 * ({@code decision}: the policy's answer for {@code actor}): the admin API's keyset pages.
	 */
	public List<Invitation> toApp(Decision decision, long clientPk, long afterId, int limit, Actor actor) {
		this.guard.require(actor, decision, null);
		return this.jdbc.query(SELECT + "WHERE i.client_id = ? AND i.id > ? ORDER BY i.id LIMIT ?", this::map, clientPk,
				afterId, limit);
	}

	private boolean revoke(long id, Long clientPk, Actor by) {
		int revoked = (clientPk == null)
				? this.jdbc.update("UPDATE sso_invitation SET revoked_at = ? WHERE id = ? AND accepted_at IS NULL "
						+ "AND revoked_at IS NULL", Timestamp.from(this.clock.instant()), id)
				: this.jdbc.update("UPDATE sso_invitation SET revoked_at = ? WHERE id = ? AND client_id = ? "
						+ "AND accepted_at IS NULL AND revoked_at IS NULL", Timestamp.from(this.clock.instant()), id,
						clientPk);
		if (revoked != 1) {
			return false;
		}
		Invitation invitation = this.jdbc.queryForObject(SELECT + "WHERE i.id = ?", this::map, id);
		this.events.publishEvent(
				new InvitationRevoked(by.uuid(), by.username(), invitation.clientId(), invitation.email()));
		return true;
	}

	/**
	 * Invitations are the registrations area: listing needs {@code view}, inviting {@code add},
	 * sending again {@code change}, withdrawing {@code delete}.
	 */
	private void require(Actor actor, Action action, Long invitationId) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.REGISTRATIONS, action),
				(invitationId != null) ? "invitation:" + invitationId : null);
	}

	/** Whether the invitation's address belongs to an account that can sign in to accept it. */
	public boolean hasAccount(Invitation invitation) {
		return this.users.findByEmail(invitation.email())
			.filter((user) -> user.getStatus() != UserStatus.UNVERIFIED)
			.isPresent();
	}

	/**
	 * Whether the account may accept the invitation: an invitation belongs to its address, so only
	 * the account whose verified email is that address may.
	 */
	public boolean isFor(Invitation invitation, long userId) {
		return this.users.findById(userId).filter((user) -> isFor(invitation, user)).isPresent();
	}

	private static boolean isFor(Invitation invitation, SsoUser user) {
		return user.isEmailVerified() && user.getEmail() != null
				&& SsoUser.key(user.getEmail()).equals(SsoUser.key(invitation.email()));
	}

	/** How accepting with the signed-in account ended. */
	public enum Acceptance {

		/** The account holds the invited role now. */
		ACCEPTED,
		/** The account's verified email is not the invited address: nothing changed. */
		NOT_THE_INVITED_ADDRESS,
		/** The link is no longer valid (or the account not active). */
		INVALID

	}

	/**
	 * Accepts with the signed-in account, if its verified email is the invited address; the
	 * invitation when {@link Acceptance#ACCEPTED}.
	 */
	public Accepted accept(String token, long userId) {
		Optional<SsoUser> user = this.users.findById(userId).filter((u) -> u.getStatus() == UserStatus.ACTIVE);
		Optional<Invitation> invitation = find(token).filter((i) -> i.state() == State.PENDING);
		if (user.isEmpty() || invitation.isEmpty()) {
			return new Accepted(Acceptance.INVALID, null);
		}
		if (!isFor(invitation.get(), user.get())) {
			this.events.publishEvent(new InvitationRefused(user.get().getUuid(), user.get().getUsername(),
					invitation.get().clientId(), invitation.get().email()));
			return new Accepted(Acceptance.NOT_THE_INVITED_ADDRESS, invitation.get());
		}
		boolean used = this.transaction.execute((status) -> use(invitation.get(), user.get()));
		if (!used) {
			return new Accepted(Acceptance.INVALID, null);
		}
		accepted(invitation.get(), user.get(), false);
		return new Accepted(Acceptance.ACCEPTED, invitation.get());
	}

	/** The outcome of {@link #accept}: the invitation unless {@link Acceptance#INVALID}. */
	public record Accepted(Acceptance outcome, Invitation invitation) {
	}

	/** What a new account accepting an invitation gives about itself (checked already). */
	public record NewAccount(String firstName, String lastName, String username, String password, String language) {
	}

	/** How creating an account from an invitation ended. */
	public enum Creation {

		/** The account exists, signed up to the app. */
		CREATED,
		/** The chosen username belongs to someone. */
		USERNAME_TAKEN,
		/** The address has an account by now: the person signs in to accept. */
		HAS_ACCOUNT,
		/** The link is no longer valid. */
		INVALID

	}

	/** The outcome of creating an account from an invitation: the account when {@link Creation#CREATED}. */
	public record Created(Creation outcome, Invitation invitation, SsoUser user) {

		static Created failed(Creation outcome) {
			return new Created(outcome, null, null);
		}

	}

	/**
	 * Creates the account of the invited address (verified: the link reached it) and accepts. An
	 * account never confirmed with that address gives way. Without a chosen username, one is made
	 * from the address.
	 */
	public Created createAccount(String token, NewAccount account) {
		String hash = this.passwordEncoder.encode(account.password());
		Created created = this.transaction.execute((status) -> {
			Optional<Invitation> invitation = find(token).filter((i) -> i.state() == State.PENDING);
			if (invitation.isEmpty()) {
				return Created.failed(Creation.INVALID);
			}
			Optional<SsoUser> holder = this.users.findByEmail(invitation.get().email());
			if (holder.isPresent() && holder.get().getStatus() != UserStatus.UNVERIFIED) {
				return Created.failed(Creation.HAS_ACCOUNT);
			}
			holder.ifPresent((unverified) -> {
				this.users.delete(unverified);
				this.users.flush();
			});
			String username = (account.username() != null) ? account.username()
					: this.usernames.free(invitation.get().email());
			if (this.users.usernameTaken(username)) {
				status.setRollbackOnly();
				return Created.failed(Creation.USERNAME_TAKEN);
			}
			SsoUser user = new SsoUser(username, AccountOrigin.INVITATION);
			user.setEmail(invitation.get().email());
			user.setEmailVerified(true);
			user.setFirstName(account.firstName());
			user.setLastName(account.lastName());
			user.setLanguage(account.language());
			user.setPasswordHash(hash);
			user.activate();
			this.users.saveAndFlush(user);
			if (!use(invitation.get(), user)) {
				status.setRollbackOnly();
				return Created.failed(Creation.INVALID);
			}
			return new Created(Creation.CREATED, invitation.get(), user);
		});
		if (created.outcome() == Creation.CREATED) {
			accepted(created.invitation(), created.user(), true);
		}
		return created;
	}

	/**
	 * Marks the invitation used (once, even with two requests at the same moment) and grants the
	 * role; false when it was used, withdrawn or expired meanwhile. Runs in the caller's transaction.
	 */
	private boolean use(Invitation invitation, SsoUser user) {
		Timestamp now = Timestamp.from(this.clock.instant());
		int used = this.jdbc.update("UPDATE sso_invitation SET accepted_at = ?, accepted_by = ? WHERE id = ? "
				+ "AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?", now, user.getUuid(),
				invitation.id(), now);
		if (used != 1) {
			return false;
		}
		SsoClient client = this.clients.getReferenceById(invitation.clientPk());
		Membership membership = this.memberships.find(invitation.clientPk(), user.getId())
			.orElseGet(() -> new Membership(client, user, invitation.role()));
		membership.setRole(invitation.role());
		membership.setActive(true);
		this.memberships.save(membership);
		return true;
	}

	private void accepted(Invitation invitation, SsoUser user, boolean newAccount) {
		this.events.publishEvent(new InvitationAccepted(user.getUuid(), user.getUsername(), invitation.clientId(),
				invitation.role().claimValue(), newAccount));
	}

	private Invitation map(ResultSet rs, int row) throws SQLException {
		Instant expires = rs.getTimestamp(10).toInstant();
		Instant accepted = instant(rs.getTimestamp(11));
		Instant revoked = instant(rs.getTimestamp(13));
		State state = (accepted != null) ? State.ACCEPTED
				: (revoked != null) ? State.REVOKED : expires.isAfter(this.clock.instant()) ? State.PENDING : State.EXPIRED;
		return new Invitation(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
				MembershipRole.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8),
				rs.getTimestamp(9).toInstant(), expires, accepted, rs.getString(12), revoked, state, rs.getString(14),
				rs.getString(15));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
