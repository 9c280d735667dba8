package io.microsys.sso.provider.api.people;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A person's signed-in session at the provider ({@code GET /people/{id}/sessions}).
 *
 * @param id the session's handle, for {@code DELETE /people/{id}/sessions/{sessionId}}
 * @param browser the browser, or null when its User-Agent does not tell
 * @param os the operating system, or null
 * @param ip the address it signed in from, or null
 * @param signedInAt when it signed in
 * @param lastSeenAt when it was last used
 * @param awaitingSecondFactor whether it is still at the two-step challenge
 * @param apps the names of the apps it signed in to
 */
@Schema(name = "PersonSession")
public record PersonSession(String id, String browser, String os, String ip, Instant signedInAt, Instant lastSeenAt,
		boolean awaitingSecondFactor, List<String> apps) {
}
