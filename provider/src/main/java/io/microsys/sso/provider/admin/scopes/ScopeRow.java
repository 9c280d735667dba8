package io.microsys.sso.provider.admin.scopes;

import java.time.Instant;

/**
 * A scope as the list shows it.
 *
 * @param id the scope's id
 * @param name its name
 * @param description its description, or null
 * @param createdAt when it was created
 * @param people how many people (any state) are in it
 */
public record ScopeRow(long id, String name, String description, Instant createdAt, long people) {
}
