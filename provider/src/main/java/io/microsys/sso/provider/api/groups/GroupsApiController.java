package io.microsys.sso.provider.api.groups;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.admin.groups.GroupAdministration;
import io.microsys.sso.provider.admin.groups.GroupAdministration.Membership;
import io.microsys.sso.provider.admin.groups.GroupChangedMeanwhileException;
import io.microsys.sso.provider.admin.groups.GroupMember;
import io.microsys.sso.provider.admin.groups.GroupNameTakenException;
import io.microsys.sso.provider.admin.groups.GroupState;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ETags;
import io.microsys.sso.provider.api.ItemsPage;

/**
 * {@code /groups}: groups, what they give and their members, as the console's group pages manage
 * them ({@link GroupAdministration}, with the same rules: changing what a group gives needs
 * {@code manage_staff} and holding each permission touched; adding or removing a member is a change
 * of that person's groups).
 */
@RestController
@Tag(name = "Groups", description = "Groups give the same permissions to several staff members")
class GroupsApiController {

	private static final String GROUPS = AdminApi.BASE + "/groups";

	private static final String GROUP = GROUPS + "/{id}";

	private static final String MEMBERS = GROUP + "/members";

	private static final String MEMBER = MEMBERS + "/{personId}";

	private static final String PROBLEM = AdminApi.PROBLEM_JSON;

	private final GroupAdministration groups;

	GroupsApiController(GroupAdministration groups) {
		this.groups = groups;
	}

	@GetMapping(GROUPS)
	@Operation(summary = "List groups", description = "Groups by id with the permissions they give, a page at a "
			+ "time. Needs `groups.view`.")
	@ApiResponse(responseCode = "200", description = "A page of groups (members are counted only on a single group)")
	ResponseEntity<ItemsPage<GroupResource>> list(Actor actor,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			HttpServletRequest request) {
		Cursor cursor = Cursor.of(after, limit, 1);
		List<GroupState> rows = this.groups.after(actor, cursor.first() ? 0 : cursor.lastId(), cursor.fetchSize());
		return ApiResponses.page(ItemsPage.of(rows, cursor, (row) -> Cursor.after(row.id()), GroupResource::of),
				request);
	}

	@PostMapping(GROUPS)
	@Operation(summary = "Create a group", description = "Needs `groups.add`; giving permissions also needs "
			+ "`manage_staff` and holding each of them (`manage_scopes` and `manage_staff` only superusers give). "
			+ "A service account never holds `manage_staff`, so it creates groups that give nothing.")
	@ApiResponse(responseCode = "201", description = "Created; `Location` names it and `ETag` is its version")
	@ApiResponse(responseCode = "400", description = "A field is not valid (`errors` lists them); nothing created",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "A group already has this name (in any case)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<GroupResource> create(Actor actor, @Valid @RequestBody GroupRequest body) {
		Set<Permission> permissions = body.chosen(false);
		GroupState group;
		try {
			group = this.groups.add(actor, body.name(), body.trimmedDescription(), permissions);
		}
		catch (GroupNameTakenException ex) {
			throw nameTaken();
		}
		return ApiResponses.created(GroupResource.of(group), "/groups/" + group.id(), group.version());
	}

	@GetMapping(GROUP)
	@Operation(summary = "Read a group", description = "With the permissions it gives and how many members it has. "
			+ "Needs `groups.view`.")
	@ApiResponse(responseCode = "200", description = "The group; `ETag` is its version")
	ResponseEntity<GroupResource> read(Actor actor, @Parameter(description = "The group's id") @PathVariable long id) {
		GroupState group = this.groups.state(actor, id);
		return ApiResponses.resource(GroupResource.of(group), group.version());
	}

	@PutMapping(GROUP)
	@Operation(summary = "Replace a group's name, description and permissions",
			description = "Needs `groups.change` and `If-Match`; adding or removing permissions also needs "
					+ "`manage_staff` and holding each permission added or removed (so a service account changes "
					+ "only the name and description).")
	@ApiResponse(responseCode = "200", description = "Changed; the new representation and `ETag`")
	@ApiResponse(responseCode = "400", description = "A field is not valid; nothing changed",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Another group has this name (in any case)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<GroupResource> replace(Actor actor, @Parameter(description = "The group's id") @PathVariable long id,
			@Parameter(description = "The ETag read last, or `*`") @RequestHeader(value = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@Valid @RequestBody GroupRequest body) {
		OptionalLong expected = ETags.expected(ifMatch);
		Set<Permission> permissions = body.chosen(true);
		GroupState group;
		try {
			group = this.groups.change(actor, id, body.name(), body.trimmedDescription(), permissions, expected);
		}
		catch (GroupNameTakenException ex) {
			throw nameTaken();
		}
		catch (GroupChangedMeanwhileException ex) {
			throw ETags.changedMeanwhile();
		}
		return ApiResponses.resource(GroupResource.of(group), group.version());
	}

	@DeleteMapping(GROUP)
	@Operation(summary = "Delete a group", description = "Its members lose what it gave. Needs `groups.delete` and "
			+ "`If-Match`; a group that gives permissions also needs `manage_staff` and holding each of them.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(Actor actor, @Parameter(description = "The group's id") @PathVariable long id,
			@Parameter(description = "The ETag read last, or `*`") @RequestHeader(value = HttpHeaders.IF_MATCH,
					required = false) String ifMatch) {
		OptionalLong expected = ETags.expected(ifMatch);
		try {
			this.groups.delete(actor, id, expected);
		}
		catch (GroupChangedMeanwhileException ex) {
			throw ETags.changedMeanwhile();
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping(MEMBERS)
	@Operation(summary = "List a group's members", description = "The members the caller may see (as in the "
			+ "console: global staff every one but superusers, central staff those without a scope, scoped staff "
			+ "those of their scope), a page at a time. Needs `groups.view`.")
	@ApiResponse(responseCode = "200", description = "A page of members")
	ResponseEntity<ItemsPage<MemberItem>> members(Actor actor,
			@Parameter(description = "The group's id") @PathVariable long id,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			HttpServletRequest request) {
		Cursor cursor = Cursor.of(after, limit, 1);
		List<GroupMember> rows = this.groups.members(actor, id, cursor.first() ? 0 : cursor.lastId(),
				cursor.fetchSize());
		return ApiResponses.page(ItemsPage.of(rows, cursor, (row) -> Cursor.after(row.userId()), MemberItem::of),
				request);
	}

	@PutMapping(MEMBER)
	@Operation(summary = "Add a person to a group", description = "Idempotent: a member already is one. A change "
			+ "of the person's groups. Needs `groups.change`, `users.change` on a person the caller may see, "
			+ "`manage_staff`, and holding each permission the group gives; nobody changes their own groups.")
	@ApiResponse(responseCode = "204", description = "The person is a member")
	@ApiResponse(responseCode = "404", description = "No such group, or no such person the caller may see",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> addMember(Actor actor, @Parameter(description = "The group's id") @PathVariable long id,
			@Parameter(description = "The person's id") @PathVariable String personId) {
		Membership outcome = this.groups.addPerson(actor, id, personId);
		if (outcome == Membership.NO_PERSON) {
			throw ApiException.notFound("such person");
		}
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping(MEMBER)
	@Operation(summary = "Remove a person from a group", description = "Idempotent: a person who is not a member "
			+ "is answered the same. Needs what adding them needs: `groups.change`, `users.change` on a person the "
			+ "caller may see, `manage_staff`, and holding each permission the group gives.")
	@ApiResponse(responseCode = "204", description = "The person is not a member")
	@ApiResponse(responseCode = "404", description = "No such group, or no such person the caller may see",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> removeMember(Actor actor, @Parameter(description = "The group's id") @PathVariable long id,
			@Parameter(description = "The person's id") @PathVariable String personId) {
		this.groups.removeMember(actor, id, personId);
		return ResponseEntity.noContent().build();
	}

	private static ApiException nameTaken() {
		return ApiException.conflict("A group already has this name (in any case): choose another.");
	}

}
