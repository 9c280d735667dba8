package io.microsys.sso.provider.admin.transfer;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An import document as read, every value checked for its type ({@link ImportReader}); its
 * content is checked against the rules and the database by {@link SettingsImport}.
 *
 * @param settings key to value, in key order; a secret's {@link TransferFormat#PLACEHOLDER} included
 * @param scopes in document order
 * @param groups in document order
 * @param apps in document order
 * @param memberships in document order; null when the document has none
 */
record TransferDocument(Map<String, String> settings, List<ScopeItem> scopes, List<GroupItem> groups,
		List<AppItem> apps, List<MembershipItem> memberships) {

	/** {@code scopes[i]}. */
	record ScopeItem(String path, String name, String description) {
	}

	/** {@code groups[i]}; permissions as codes ({@code users.view}). */
	record GroupItem(String path, String name, String description, Set<String> permissions) {
	}

	/**
	 * {@code apps[i]}: the fields present, by key (absent ones are left as they are), and the
	 * policy flags present.
	 */
	record AppItem(String path, String clientId, boolean confidential, Map<String, Object> fields,
			Map<String, Object> policy) {
	}

	/** {@code memberships[i]}. */
	record MembershipItem(String path, String app, String username, String role, boolean active) {
	}

}
