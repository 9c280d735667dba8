package io.microsys.sso.provider.api.apps;

import java.util.Locale;

import io.swagger.v3.oas.annotations.media.Schema;

import io.microsys.sso.provider.client.MembershipChanges;

/**
 * A person's membership in an app.
 * @param id the person's id (their uuid)
 * @param username their login name
 * @param email their address, or null
 * @param firstName their first name, or null
 * @param lastName their last name, or null
 * @param role their role in the app: {@code admin}, {@code staff} or {@code user}
 * @param active whether the membership lets them in
 * @param accountStatus their account's status ({@code active}, {@code deactivated}…)
 */
@Schema(name = "AppMember", description = "A person's role in an app.")
record AppMember(String id, String username, String email, String firstName, String lastName,
		@Schema(allowableValues = { "admin", "staff", "user" }) String role, boolean active, String accountStatus) {

	static AppMember of(MembershipChanges.Member member) {
		return new AppMember(member.uuid(), member.username(), member.email(), member.firstName(), member.lastName(),
				member.role().claimValue(), member.active(), member.accountStatus().toLowerCase(Locale.ROOT));
	}

}
