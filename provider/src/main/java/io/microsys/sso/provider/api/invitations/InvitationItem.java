package io.microsys.sso.provider.api.invitations;

import java.time.Instant;
import java.util.Locale;

import io.microsys.sso.provider.registration.Invitations;

/**
 * An invitation as the admin API shows it.
 *
 * @param id the invitation's id
 * @param appClientId the app it invites to
 * @param email the address invited
 * @param role the role it offers in the app: {@code admin}, {@code staff} or {@code user}
 * @param language the language of its email
 * @param status {@code pending}, {@code accepted}, {@code expired} or {@code revoked}
 * @param mail whether its last email left: {@code sent}, {@code not_configured}, {@code failed}, or null
 * @param invitedBy the uuid of the person who invited, or null (a service account)
 * @param createdAt when it was made
 * @param expiresAt when its link stops working
 * @param acceptedAt when it was accepted, or null
 * @param acceptedBy the id of the person who accepted it, or null
 * @param revokedAt when it was withdrawn, or null
 * @param link the link to give the person another way: only in the answer that made or renewed it,
 * and only when its email did not leave (as the console shows it once to whoever sent it)
 */
record InvitationItem(long id, String appClientId, String email, String role, String language, String status,
		String mail, String invitedBy, Instant createdAt, Instant expiresAt, Instant acceptedAt, String acceptedBy,
		Instant revokedAt, String link) {

	static InvitationItem of(Invitations.Invitation i) {
		return of(i, null);
	}

	static InvitationItem of(Invitations.Invitation i, String link) {
		return new InvitationItem(i.id(), i.clientId(), i.email(), i.roleValue(), i.language(), i.state().code(),
				(i.mailState() != null) ? i.mailState().toLowerCase(Locale.ROOT) : null, i.invitedBy(), i.createdAt(),
				i.expiresAt(), i.acceptedAt(), i.acceptedBy(), i.revokedAt(), link);
	}

	/** A version for the ETag: it changes with whatever can change (state, expiry, mail). */
	long version() {
		return ((long) this.status.hashCode() << 32) ^ this.expiresAt.toEpochMilli()
				^ ((this.mail != null) ? this.mail.hashCode() : 0);
	}

}
