package io.microsys.sso.provider.scim;

import java.util.Map;
import java.util.Set;

import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import io.microsys.sso.provider.access.Actor;

/**
 * The caller of one SCIM request as the SDK carries it to the handlers: the {@link Actor} the
 * bearer token was accepted as (the admin API's security chain authenticated it already). The SDK's
 * own role checks are not used: every operation asks the console's policy instead.
 */
record ScimCaller(Actor actor) implements Authorization {

	@Override
	public String getClientId() {
		return this.actor.username();
	}

	@Override
	public Set<String> getClientRoles() {
		return Set.of();
	}

	@Override
	public boolean authenticate(Map<String, String> httpHeaders, Map<String, String> queryParams) {
		return true;
	}

	static Actor of(de.captaingoldfish.scim.sdk.server.endpoints.Context context) {
		return ((ScimCaller) context.getAuthorization()).actor();
	}

}
