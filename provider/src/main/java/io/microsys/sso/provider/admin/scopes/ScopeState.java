package io.microsys.sso.provider.admin.scopes;

import java.time.Instant;

/**
 * A scope as stored now, with its version (the admin API's ETag).
 *
 * @param id the scope's id
 * @param name its name
 * @param description its description, or null
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 * @param version moved by every change
 * @param people how many people (any state) are in it, or null where not counted (lists)
 */
public record ScopeState(long id, String name, String description, Instant createdAt, Instant updatedAt,
		long version, Long people) {
}
