package io.microsys.sso.provider.admin.users;

import java.util.List;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.MembershipChanges;
import io.microsys.sso.provider.client.MembershipRole;

/**
 * What the "apps" tab of a person shows.
 *
 * @param person the person
 * @param memberships their memberships, by app name
 * @param addable the apps they could be added to (those they are not in), by name
 * @param mayChange whether the actor may change them (the forms are shown)
 */
public record AppsView(SsoUser person, List<MembershipChanges.Row> memberships, List<App> addable,
		boolean mayChange) {

	/** An app to add the person to. */
	public record App(String clientId, String name) {
	}

	/** The roles, highest first. */
	public List<MembershipRole> roles() {
		return List.of(MembershipRole.values());
	}

}
