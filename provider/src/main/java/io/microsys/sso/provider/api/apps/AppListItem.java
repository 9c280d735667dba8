package io.microsys.sso.provider.api.apps;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One app of {@code GET /apps}.
 * @param clientId the client id
 * @param name the name
 * @param confidential whether it has a secret
 * @param active whether its policy lets anyone in
 */
@Schema(name = "AppListItem", description = "One app of the list.")
record AppListItem(String clientId, String name, boolean confidential, boolean active) {
}
