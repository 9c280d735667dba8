package io.microsys.sso.provider.api.people;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.ETags;
import io.microsys.sso.provider.api.ItemsPage;

/**
 * The people of the admin API ({@code /people}): list, create, read, change, deactivate and
 * reactivate a person, their app memberships and sessions, and the staff's security actions. The
 * rules are the console's ({@link PeopleApi} calls its services).
 */
@RestController
@Tag(name = "People", description = "People: their fields, scope, staff flags, groups and permissions, "
		+ "app memberships, sessions and security actions")
class PeopleController {

	private static final String PATH = AdminApi.BASE + "/people";

	private static final String ONE = PATH + "/{id}";

	private static final String PROBLEM = AdminApi.PROBLEM_JSON;

	private final PeopleApi people;

	PeopleController(PeopleApi people) {
		this.people = people;
	}

	@GetMapping(PATH)
	@Operation(summary = "List people",
			description = "The people the caller may see (a scoped caller: its scope's; central staff: people "
					+ "without a scope; superusers only to superusers), in creation order (by row id), "
					+ "a page at a time. Needs users.view.")
	@ApiResponse(responseCode = "200", description = "A page of people; `next` (and the Link header) lead to the next")
	@ApiResponse(responseCode = "400", description = "A filter, limit or cursor is not valid",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<ItemsPage<PersonItem>> list(
			@Parameter(description = "A prefix of the username, email, first or last name (any case)") @RequestParam(required = false) String q,
			@Parameter(description = "active, deactivated, pending_approval or unverified") @RequestParam(required = false) String status,
			@Parameter(description = "A scope's id, or none for people without a scope") @RequestParam(required = false) String scopeId,
			@Parameter(description = "true for staff only, false for everyone else") @RequestParam(required = false) String staff,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			Actor actor, HttpServletRequest request) {
		return ApiResponses.page(
				this.people.list(actor, new PeopleApi.Filters(q, status, scopeId, staff), after, limit), request);
	}

	@PostMapping(PATH)
	@Operation(summary = "Create a person",
			description = "Creates a person and mails them a link to choose their password (so email is "
					+ "required). Needs users.add; staff flag, groups and permissions need manage_staff and "
					+ "holding each permission granted; superuser needs a superuser; a scoped caller creates "
					+ "only in its scope.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = PersonWrite.class))))
	@ApiResponse(responseCode = "201", description = "Created; Location and ETag name it")
	@ApiResponse(responseCode = "400", description = "A value is not valid (errors lists them); nothing created",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The username or email is taken",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<PersonResource> create(@RequestBody JsonNode body, Actor actor) {
		PeopleApi.Versioned created = this.people.create(actor, body);
		return ApiResponses.created(created.person(), "/people/" + created.person().id(), created.version());
	}

	@GetMapping(ONE)
	@Operation(summary = "Read a person", description = "The person, with their ETag. Needs users.view.")
	@ApiResponse(responseCode = "200", description = "The person")
	ResponseEntity<PersonResource> read(@Parameter(description = "The person's id") @PathVariable String id,
			Actor actor) {
		PeopleApi.Versioned person = this.people.read(actor, id);
		return ApiResponses.resource(person.person(), person.version());
	}

	@PutMapping(ONE)
	@Operation(summary = "Replace a person's writable fields",
			description = "Sets every writable field (one not sent is emptied; language is required); the "
					+ "read-only fields of a person read may be sent back and are ignored. Needs users.change "
					+ "(manage_staff for a staff member, and for the staff flag, groups and permissions).",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = PersonWrite.class))))
	@ApiResponse(responseCode = "200", description = "The person as changed, with the new ETag")
	@ApiResponse(responseCode = "400", description = "A value is not valid; nothing changed",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The email is taken", content = @Content(mediaType = PROBLEM))
	ResponseEntity<PersonResource> replace(@Parameter(description = "The person's id") @PathVariable String id,
			@Parameter(description = "The ETag read last") @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody JsonNode body, Actor actor) {
		PeopleApi.Versioned person = this.people.replace(actor, id, body, ETags.expected(ifMatch));
		return ApiResponses.resource(person.person(), person.version());
	}

	@PatchMapping(path = ONE, consumes = { "application/merge-patch+json", "application/json" })
	@Operation(summary = "Change some of a person's fields",
			description = "A JSON merge patch (RFC 7396): the fields sent are set (null empties one), the others "
					+ "kept. Needs users.view and users.change (manage_staff as for PUT).",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/merge-patch+json",
							schema = @Schema(implementation = PersonWrite.class))))
	@ApiResponse(responseCode = "200", description = "The person as changed, with the new ETag")
	@ApiResponse(responseCode = "400", description = "A value is not valid; nothing changed",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The email is taken", content = @Content(mediaType = PROBLEM))
	ResponseEntity<PersonResource> patch(@Parameter(description = "The person's id") @PathVariable String id,
			@Parameter(description = "The ETag read last") @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody JsonNode body, Actor actor) {
		PeopleApi.Versioned person = this.people.patch(actor, id, body, ETags.expected(ifMatch));
		return ApiResponses.resource(person.person(), person.version());
	}

	@DeleteMapping(ONE)
	@Operation(summary = "Deactivate a person",
			description = "Deactivates the person (kept, not erased): their sessions end and their apps are told. "
					+ "Again on a deactivated person: 204 too. Needs users.delete (manage_staff for a staff "
					+ "member); nobody deactivates themselves or the last active superuser.")
	@ApiResponse(responseCode = "204", description = "Deactivated")
	ResponseEntity<Void> deactivate(@Parameter(description = "The person's id") @PathVariable String id,
			@Parameter(description = "The ETag read last") @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			Actor actor) {
		this.people.deactivate(actor, id, ETags.expected(ifMatch));
		return ResponseEntity.noContent().build();
	}

	@PostMapping(ONE + "/reactivate")
	@Operation(summary = "Reactivate a person",
			description = "Makes a deactivated person active again (nothing happens to an active one). Needs "
					+ "users.delete (manage_staff for a staff member).")
	@ApiResponse(responseCode = "200", description = "The person, with the new ETag")
	ResponseEntity<PersonResource> reactivate(@Parameter(description = "The person's id") @PathVariable String id,
			Actor actor) {
		PeopleApi.Versioned person = this.people.reactivate(actor, id);
		return ApiResponses.resource(person.person(), person.version());
	}

	@GetMapping(ONE + "/apps")
	@Operation(summary = "A person's app memberships",
			description = "Every app the person is a member of, by app name, in one page. Needs users.view.")
	@ApiResponse(responseCode = "200", description = "The memberships")
	ResponseEntity<ItemsPage<PersonMembership>> apps(
			@Parameter(description = "The person's id") @PathVariable String id, Actor actor,
			HttpServletRequest request) {
		return ApiResponses.page(new ItemsPage<>(this.people.memberships(actor, id), null), request);
	}

	@GetMapping(ONE + "/sessions")
	@Operation(summary = "A person's sessions",
			description = "The person's signed-in sessions at the provider, newest activity first, in one page. "
					+ "Needs users.view.")
	@ApiResponse(responseCode = "200", description = "The sessions")
	ResponseEntity<ItemsPage<PersonSession>> sessions(
			@Parameter(description = "The person's id") @PathVariable String id, Actor actor,
			HttpServletRequest request) {
		return ApiResponses.page(new ItemsPage<>(this.people.sessions(actor, id), null), request);
	}

	@DeleteMapping(ONE + "/sessions")
	@Operation(summary = "End all of a person's sessions",
			description = "Ends every session of the person; their apps are told (back-channel logout). Needs "
					+ "users.change (manage_staff for a staff member).")
	@ApiResponse(responseCode = "204", description = "Ended")
	ResponseEntity<Void> endSessions(@Parameter(description = "The person's id") @PathVariable String id,
			Actor actor) {
		this.people.endSessions(actor, id);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping(ONE + "/sessions/{sessionId}")
	@Operation(summary = "End one of a person's sessions",
			description = "Ends the session; its apps are told. Needs users.change (manage_staff for a staff member).")
	@ApiResponse(responseCode = "204", description = "Ended")
	ResponseEntity<Void> endSession(@Parameter(description = "The person's id") @PathVariable String id,
			@Parameter(description = "The session's id, as listed") @PathVariable String sessionId, Actor actor) {
		this.people.endSession(actor, id, sessionId);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(ONE + "/password-reset")
	@Operation(summary = "Mail a person a password-reset link",
			description = "Mails an active person with an address a link to choose a new password. Unlike the "
					+ "console, no password is asked: the bearer token is the credential. Needs users.change "
					+ "(manage_staff for a staff member).")
	@ApiResponse(responseCode = "204", description = "Mailed")
	@ApiResponse(responseCode = "409", description = "Not possible now (no address, not active, a link sent moments ago)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> passwordReset(@Parameter(description = "The person's id") @PathVariable String id,
			Actor actor) {
		this.people.sendPasswordReset(actor, id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(ONE + "/two-factor-reset")
	@Operation(summary = "Reset a person's two-step verification",
			description = "Removes their authenticator app, email codes, backup codes and trusted browsers. No "
					+ "password is asked: the bearer token is the credential. Needs users.change (manage_staff "
					+ "for a staff member).")
	@ApiResponse(responseCode = "204", description = "Reset")
	ResponseEntity<Void> twoFactorReset(@Parameter(description = "The person's id") @PathVariable String id,
			Actor actor) {
		this.people.resetTwoFactor(actor, id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(ONE + "/unblock")
	@Operation(summary = "Unblock a person's sign-in",
			description = "Forgets the failed sign-ins and blocks on their names and codes. No password is "
					+ "asked: the bearer token is the credential. Needs users.change (manage_staff for a staff "
					+ "member).")
	@ApiResponse(responseCode = "204", description = "Unblocked")
	ResponseEntity<Void> unblock(@Parameter(description = "The person's id") @PathVariable String id, Actor actor) {
		this.people.unblock(actor, id);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The body of {@code POST}, {@code PUT} and {@code PATCH} (for the OpenAPI document; the body is
	 * read by {@link PersonFields}).
	 *
	 * @param username the sign-in name (creating only)
	 * @param email the address (required to create: the link to choose a password goes there)
	 * @param firstName the first name
	 * @param lastName the last name
	 * @param phone the phone number
	 * @param language {@code en} (when creating without one) or {@code ar}
	 * @param scopeId the scope's id, or null
	 * @param staff whether they are staff
	 * @param superuser whether they are a superuser
	 * @param groups the ids of their groups
	 * @param permissions the permission codes granted to them directly ({@code users.view}…)
	 */
	@Schema(name = "PersonWrite")
	record PersonWrite(String username, String email, String firstName, String lastName, String phone,
			String language, Long scopeId, Boolean staff, Boolean superuser, List<Long> groups,
			List<String> permissions) {
	}

}
