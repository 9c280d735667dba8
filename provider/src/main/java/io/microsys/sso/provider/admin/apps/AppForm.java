package io.microsys.sso.provider.admin.apps;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.microsys.sso.provider.client.ClientPolicy;
import io.microsys.sso.provider.client.ClientRules;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.PlainText;

/**
 * An app as typed on its create or edit page. The client id counts only when creating; URIs are
 * one per line (or separated by spaces); grant types are ticked boxes; lifetimes are seconds;
 * {@code version} is the row's version the edit page was built from, so a change made meanwhile is
 * reported instead of overwritten. The rules an app must follow are {@link ClientRules}'.
 */
public record AppForm(@Size(max = 100, message = "{clients.error.clientId}") String clientId,
		@NotBlank(message = "{clients.error.name}") @Size(max = ClientRules.NAME_MAX, message = "{clients.error.name}")
		@PlainText String name,
		@Size(max = ClientRules.DESCRIPTION_MAX, message = "{clients.error.description}") @PlainText String description,
		@Size(max = 500, message = "{clients.error.logoUrl}") String logoUrl,
		@NotBlank(message = "{clients.error.type}") @Pattern(regexp = "public|confidential",
				message = "{clients.error.type}") String type,
		@Size(max = ClientRules.URIS_MAX, message = "{clients.error.urisLength}") String redirectUris,
		@Size(max = ClientRules.URIS_MAX, message = "{clients.error.urisLength}") String postLogoutRedirectUris,
		@Size(max = ClientRules.BACKCHANNEL_URI_MAX, message = "{clients.error.urisLength}") String backchannelLogoutUri,
		@Size(max = 10, message = "{clients.error.grantUnknown}") List<@Size(max = 100) String> grantTypes,
		@Size(max = ClientRules.SCOPES_MAX, message = "{clients.error.scopesLength}") @PlainText String scopes,
		@NotBlank(message = "{clients.error.accessTtl}") @Pattern(regexp = "\\d{1,8}",
				message = "{clients.error.accessTtl}") String accessTokenTtl,
		@NotBlank(message = "{clients.error.refreshTtl}") @Pattern(regexp = "\\d{1,8}",
				message = "{clients.error.refreshTtl}") String refreshTokenTtl,
		Boolean active, Boolean allowAllAuthenticated, Boolean requirePkce, Boolean requireHttpsRedirects,
		Boolean allowLocalhostRedirects, Boolean requireConsent, Boolean require2fa, Boolean allowPar,
		Boolean requirePar, Boolean allowDpop, Boolean requireDpop, Boolean appAdminsAppointAdmins,
		@Pattern(regexp = "\\d{1,18}", message = "{clients.error.version}") String version) {

	/** A new app's page: confidential, code flow with refresh, PKCE and https required, active. */
	static final AppForm NEW = new AppForm("", "", "", "", "confidential", "", "", "",
			List.of("authorization_code", "refresh_token"), "openid profile email",
			String.valueOf(SsoClient.DEFAULT_ACCESS_TOKEN_TTL), String.valueOf(SsoClient.DEFAULT_REFRESH_TOKEN_TTL),
			true, false, true, true, false, false, false, false, false, false, false, false, null);

	/** The edit page of a stored app. */
	static AppForm of(SsoClient app) {
		ClientPolicy p = app.getPolicy();
		return new AppForm(app.getClientId(), app.getName(), nullToEmpty(app.getDescription()),
				nullToEmpty(app.getLogoUrl()), app.isPublicClient() ? "public" : "confidential",
				String.join("\n", app.getRedirectUris()), String.join("\n", app.getPostLogoutRedirectUris()),
				nullToEmpty(app.getBackchannelLogoutUri()), List.copyOf(app.getGrantTypes()),
				String.join(" ", app.getScopes()), String.valueOf(app.getAccessTokenTtlSeconds()),
				String.valueOf(app.getRefreshTokenTtlSeconds()), p.isActive(), p.isAllowAllAuthenticated(),
				p.isRequirePkce(), p.isRequireHttpsRedirects(), p.isAllowLocalhostRedirects(), p.isRequireConsent(),
				p.isRequire2fa(), p.isAllowPar(), p.isRequirePar(), p.isAllowDpop(), p.isRequireDpop(),
				p.isAppAdminsAppointAdmins(), String.valueOf(app.getVersion()));
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

	boolean confidential() {
		return "confidential".equals(this.type);
	}

	/** The redirect URIs, without blanks or repeats. */
	Set<String> redirectUriSet() {
		return words(this.redirectUris);
	}

	Set<String> postLogoutRedirectUriSet() {
		return words(this.postLogoutRedirectUris);
	}

	Set<String> scopeSet() {
		return words(this.scopes);
	}

	Set<String> grantTypeSet() {
		return (this.grantTypes != null) ? new LinkedHashSet<>(this.grantTypes) : new LinkedHashSet<>();
	}

	/** The policy ticked (an unticked box is not sent): a {@code require_*} box implies its {@code allow_*} one. */
	ClientPolicy policy() {
		ClientPolicy policy = new ClientPolicy();
		policy.setActive(on(this.active));
		policy.setAllowAllAuthenticated(on(this.allowAllAuthenticated));
		policy.setRequirePkce(on(this.requirePkce));
		policy.setRequireHttpsRedirects(on(this.requireHttpsRedirects));
		policy.setAllowLocalhostRedirects(on(this.allowLocalhostRedirects));
		policy.setRequireConsent(on(this.requireConsent));
		policy.setRequire2fa(on(this.require2fa));
		policy.setAllowPar(on(this.allowPar) || on(this.requirePar));
		policy.setRequirePar(on(this.requirePar));
		policy.setAllowDpop(on(this.allowDpop) || on(this.requireDpop));
		policy.setRequireDpop(on(this.requireDpop));
		policy.setAppAdminsAppointAdmins(on(this.appAdminsAppointAdmins));
		return policy;
	}

	private static boolean on(Boolean box) {
		return Boolean.TRUE.equals(box);
	}

	/** The typed values as they may be shown again: too-long text clipped. */
	AppForm clipped() {
		return new AppForm(clip(this.clientId, 100), clip(this.name, ClientRules.NAME_MAX),
				clip(this.description, ClientRules.DESCRIPTION_MAX), clip(this.logoUrl, 500), this.type,
				clip(this.redirectUris, ClientRules.URIS_MAX), clip(this.postLogoutRedirectUris, ClientRules.URIS_MAX),
				clip(this.backchannelLogoutUri, ClientRules.BACKCHANNEL_URI_MAX),
				(this.grantTypes != null && this.grantTypes.size() <= 10) ? this.grantTypes : List.of(),
				clip(this.scopes, ClientRules.SCOPES_MAX), clip(this.accessTokenTtl, 8), clip(this.refreshTokenTtl, 8),
				this.active, this.allowAllAuthenticated, this.requirePkce, this.requireHttpsRedirects,
				this.allowLocalhostRedirects, this.requireConsent, this.require2fa, this.allowPar, this.requirePar,
				this.allowDpop, this.requireDpop, this.appAdminsAppointAdmins, clip(this.version, 18));
	}

	private static String clip(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	private static Set<String> words(String value) {
		Set<String> words = new LinkedHashSet<>();
		if (value != null) {
			for (String word : value.trim().split("\\s+")) {
				if (!word.isEmpty()) {
					words.add(word);
				}
			}
		}
		return words;
	}

}
