package io.microsys.sso.provider.admin.transfer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.microsys.sso.provider.client.ClientPolicy;
import io.microsys.sso.provider.client.SsoClient;

/**
 * The export document's shape, shared by both directions: its top-level keys, the placeholder of a
 * secret, and the table of an app's fields. Each app field is one row naming its key, its type, how
 * it is read from an {@link SsoClient} for the export and how it is written back on import, so a
 * new column of the app is one row here.
 */
final class TransferFormat {

	/** What the document is, so a different JSON file is refused at once. */
	static final String FORMAT = "microsys-sso-settings";

	/** The version of this shape; a document of another version is refused. */
	static final int VERSION = 1;

	/** Stands where a secret was: the value must be entered again after the import. */
	static final String PLACEHOLDER = "(secret: enter it again after the import)";

	static final String KEY_FORMAT = "format";

	static final String KEY_VERSION = "format_version";

	static final String KEY_PROVIDER = "provider_version";

	static final String KEY_TIME = "exported_at";

	static final String KEY_RE_ENTER = "to_re_enter";

	static final String KEY_SETTINGS = "settings";

	static final String KEY_SCOPES = "scopes";

	static final String KEY_GROUPS = "groups";

	static final String KEY_APPS = "apps";

	static final String KEY_MEMBERSHIPS = "memberships";

	/** {@code to_re_enter.settings}: the secret settings replaced by {@link #PLACEHOLDER}. */
	static final String RE_ENTER_SETTINGS = "settings";

	/** {@code to_re_enter.app_secrets}: confidential apps whose secret is generated anew. */
	static final String RE_ENTER_APP_SECRETS = "app_secrets";

	static final List<String> TOP_KEYS = List.of(KEY_FORMAT, KEY_VERSION, KEY_PROVIDER, KEY_TIME, KEY_RE_ENTER,
			KEY_SETTINGS, KEY_SCOPES, KEY_GROUPS, KEY_APPS, KEY_MEMBERSHIPS);

	static final List<String> SCOPE_KEYS = List.of("name", "description");

	static final List<String> GROUP_KEYS = List.of("name", "description", "permissions");

	static final List<String> MEMBERSHIP_KEYS = List.of("app", "username", "role", "active");

	/** The app's key: its client id. */
	static final String APP_ID = "client_id";

	/** Whether the app has a secret; the secret itself never travels. */
	static final String APP_CONFIDENTIAL = "confidential";

	/** The object holding {@link #POLICY_FIELDS}. */
	static final String APP_POLICY = "policy";

	/** Longest lifetime of a token, in seconds (a year). */
	private static final int MAX_TTL = 365 * 24 * 3600;

	/** An app's fields besides its client id, secret and policy, in the document's order. */
	static final List<Field<SsoClient>> APP_FIELDS = List.of(
			Field.text("name", true, SsoClient::getName, SsoClient::setName),
			Field.text("description", false, SsoClient::getDescription, SsoClient::setDescription),
			Field.text("logo_url", false, SsoClient::getLogoUrl, SsoClient::setLogoUrl),
			Field.texts("redirect_uris", SsoClient::getRedirectUris, SsoClient::setRedirectUris),
			Field.texts("post_logout_redirect_uris", SsoClient::getPostLogoutRedirectUris,
					SsoClient::setPostLogoutRedirectUris),
			Field.text("backchannel_logout_uri", false, SsoClient::getBackchannelLogoutUri,
					SsoClient::setBackchannelLogoutUri),
			Field.texts("grant_types", SsoClient::getGrantTypes, SsoClient::setGrantTypes),
			Field.texts("scopes", SsoClient::getScopes, SsoClient::setScopes),
			Field.number("access_token_ttl_seconds", 1, MAX_TTL, SsoClient::getAccessTokenTtlSeconds,
					SsoClient::setAccessTokenTtlSeconds),
			Field.number("refresh_token_ttl_seconds", 1, MAX_TTL, SsoClient::getRefreshTokenTtlSeconds,
					SsoClient::setRefreshTokenTtlSeconds));

	/** Every flag of {@link ClientPolicy}, under {@code policy}. */
	static final List<Field<ClientPolicy>> POLICY_FIELDS = List.of(
			Field.flag("active", ClientPolicy::isActive, ClientPolicy::setActive),
			Field.flag("allow_all_authenticated", ClientPolicy::isAllowAllAuthenticated,
					ClientPolicy::setAllowAllAuthenticated),
			Field.flag("require_pkce", ClientPolicy::isRequirePkce, ClientPolicy::setRequirePkce),
			Field.flag("require_consent", ClientPolicy::isRequireConsent, ClientPolicy::setRequireConsent),
			Field.flag("require_https_redirects", ClientPolicy::isRequireHttpsRedirects,
					ClientPolicy::setRequireHttpsRedirects),
			Field.flag("allow_localhost_redirects", ClientPolicy::isAllowLocalhostRedirects,
					ClientPolicy::setAllowLocalhostRedirects),
			Field.flag("require_2fa", ClientPolicy::isRequire2fa, ClientPolicy::setRequire2fa),
			Field.flag("allow_par", ClientPolicy::isAllowPar, ClientPolicy::setAllowPar),
			Field.flag("require_par", ClientPolicy::isRequirePar, ClientPolicy::setRequirePar),
			Field.flag("allow_dpop", ClientPolicy::isAllowDpop, ClientPolicy::setAllowDpop),
			Field.flag("require_dpop", ClientPolicy::isRequireDpop, ClientPolicy::setRequireDpop),
			Field.flag("app_admins_appoint_admins", ClientPolicy::isAppAdminsAppointAdmins,
					ClientPolicy::setAppAdminsAppointAdmins));

	private TransferFormat() {
	}

	/** The JSON type of a field's value. */
	enum Kind {

		/** Text; null when absent, unless required. */
		TEXT,
		/** A list of non-empty texts. */
		TEXTS,
		/** A whole number within the field's bounds. */
		NUMBER,
		/** true or false. */
		FLAG

	}

	/**
	 * One field of an object in the document. Values are plain: {@code String}, {@code List<String>},
	 * {@code Integer} or {@code Boolean}, so two of them compare with {@code equals}.
	 *
	 * @param key the key in the document
	 * @param kind its JSON type
	 * @param required whether a text must be present and non-blank
	 * @param min the smallest number accepted
	 * @param max the largest number accepted
	 * @param read the value in the object, for the export
	 * @param write sets the value on the object, for the import
	 */
	record Field<T>(String key, Kind kind, boolean required, int min, int max, Function<T, Object> read,
			BiConsumer<T, Object> write) {

		static <T> Field<T> text(String key, boolean required, Function<T, String> read,
				BiConsumer<T, String> write) {
			return new Field<>(key, Kind.TEXT, required, 0, 0, read::apply, (t, v) -> write.accept(t, (String) v));
		}

		@SuppressWarnings("unchecked")
		static <T> Field<T> texts(String key, Function<T, Collection<String>> read,
				BiConsumer<T, Collection<String>> write) {
			return new Field<>(key, Kind.TEXTS, false, 0, 0, (t) -> new ArrayList<>(read.apply(t)),
					(t, v) -> write.accept(t, (List<String>) v));
		}

		static <T> Field<T> number(String key, int min, int max, Function<T, Integer> read,
				BiConsumer<T, Integer> write) {
			return new Field<>(key, Kind.NUMBER, false, min, max, read::apply, (t, v) -> write.accept(t, (Integer) v));
		}

		static <T> Field<T> flag(String key, Function<T, Boolean> read, BiConsumer<T, Boolean> write) {
			return new Field<>(key, Kind.FLAG, false, 0, 0, read::apply, (t, v) -> write.accept(t, (Boolean) v));
		}

	}

}
