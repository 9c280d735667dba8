package io.microsys.sso.provider.api.apps;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import io.microsys.sso.provider.registration.Invitations;

/**
 * An invitation to an app.
 * @param id its id
 * @param email the address invited
 * @param role the role it gives
 * @param language the language of its email
 * @param state {@code pending}, {@code accepted}, {@code expired} or {@code revoked}
 * @param mail whether its last email left: {@code sent}, {@code not_configured} or {@code failed} (null: not recorded)
 * @param invitedBy the id of the person who invited, or null when a service account did
 * @param createdAt when it was sent first
 * @param expiresAt when its link stops working
 * @param acceptedAt when it was accepted, or null
 * @param acceptedBy the id of the person who accepted it, or null
 * @param revokedAt when it was withdrawn (or replaced by a newer one), or null
 * @param link the link, only in the answer to a request whose email did not leave (so the caller can pass it on)
 */
@Schema(name = "AppInvitation", description = "An invitation to an app.")
record AppInvitation(long id, String email, @Schema(allowableValues = { "admin", "staff", "user" }) String role,
		String language,
		@Schema(allowableValues = { "pending", "accepted", "expired", "revoked" }) String state,
		@Schema(allowableValues = { "sent", "not_configured", "failed" }) String mail, String invitedBy,
		Instant createdAt, Instant expiresAt, Instant acceptedAt, String acceptedBy, Instant revokedAt,
		@Schema(description = "The invitation's link, only in the answer to a request whose email did not leave.")
		@JsonInclude(JsonInclude.Include.NON_NULL) String link) {

	static AppInvitation of(Invitations.Invitation invitation, String link) {
		return new AppInvitation(invitation.id(), invitation.email(), invitation.roleValue(), invitation.language(),
				invitation.state().code(),
				(invitation.mailState() != null) ? invitation.mailState().toLowerCase(Locale.ROOT) : null,
				invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt(),
				invitation.acceptedAt(), invitation.acceptedBy(), invitation.revokedAt(), link);
	}

	/** A version for the ETag (as /invitations answers it): it changes with the state, expiry and mail. */
	long version() {
		return ((long) this.state.hashCode() << 32) ^ this.expiresAt.toEpochMilli()
				^ ((this.mail != null) ? this.mail.hashCode() : 0);
	}

}
