package io.microsys.sso.provider.api.registrations;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ItemsPage;
import io.microsys.sso.provider.registration.RegistrationQueue;
import io.microsys.sso.provider.registration.Registrations;

/**
 * The registration queue ({@code /registrations}) as the console's: public sign-ups among the
 * people the caller may see ({@code registrations.view}), approved or rejected with
 * {@code registrations.change}; the person is mailed as when the console decides. A sign-up
 * decided already answers 409; an unknown or hidden one 404.
 */
@RestController
@RequestMapping(AdminApi.BASE + "/registrations")
@Tag(name = "Registrations", description = "Public sign-ups waiting for, or given, an administrator's decision")
class RegistrationsApiController {

	/** The states each {@code status} filter lists, as the console's queue offers them. */
	static final Map<String, Set<UserStatus>> FILTERS = filters();

	private static Map<String, Set<UserStatus>> filters() {
		Map<String, Set<UserStatus>> filters = new LinkedHashMap<>();
		filters.put("pending", EnumSet.of(UserStatus.PENDING_APPROVAL));
		filters.put("unverified", EnumSet.of(UserStatus.UNVERIFIED));
		filters.put("approved", EnumSet.of(UserStatus.ACTIVE));
		filters.put("rejected", EnumSet.of(UserStatus.DEACTIVATED));
		filters.put("all", EnumSet.allOf(UserStatus.class));
		return Collections.unmodifiableMap(filters);
	}

	private final RegistrationQueue queue;

	RegistrationsApiController(RegistrationQueue queue) {
		this.queue = queue;
	}

	@GetMapping
	@Operation(summary = "List registrations", description = "Sign-ups in one state (pending by default) among "
			+ "the people the caller may see, newest first. Needs registrations.view.")
	@ApiResponse(responseCode = "200", description = "A page of registrations")
	@ApiResponse(responseCode = "400", description = "A bad status, limit or cursor",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ResponseEntity<ItemsPage<Registration>> list(Actor actor,
			@Parameter(description = "pending (default), unverified, approved, rejected or all") @RequestParam(
					required = false) String status,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			HttpServletRequest request) {
		Set<UserStatus> statuses = FILTERS.get((status != null) ? status : "pending");
		if (statuses == null) {
			throw ApiException.invalid("status", "must be one of " + String.join(", ", FILTERS.keySet()));
		}
		Cursor cursor = Cursor.of(after, limit, 1);
		ItemsPage<Registration> page = ItemsPage.of(
				this.queue.keyset(actor, statuses, cursor.first() ? null : cursor.lastId(), cursor.fetchSize()), cursor,
				(SsoUser user) -> Cursor.after(user.getId()), Registration::of);
		return ApiResponses.page(page, request);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Read a registration", description = "One sign-up, by the account's id. "
			+ "Needs registrations.view; one the caller may not see answers 404.")
	@ApiResponse(responseCode = "200", description = "The registration, with its ETag")
	ResponseEntity<Registration> read(Actor actor, @Parameter(description = "The account's id") @PathVariable String id) {
		SsoUser user = this.queue.find(actor, id).orElseThrow(() -> ApiException.notFound("registration"));
		return ApiResponses.resource(Registration.of(user), user.getVersion());
	}

	@PostMapping("/{id}/approve")
	@Operation(summary = "Approve a registration", description = "Activates a sign-up waiting for approval and "
			+ "mails the person (with the reason, when one is given). Needs registrations.change.")
	@ApiResponse(responseCode = "200", description = "Approved: the registration as it is now")
	@ApiResponse(responseCode = "400", description = "A reason longer than 500 characters",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	@ApiResponse(responseCode = "409", description = "Not waiting for a decision (decided already)",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ResponseEntity<Registration> approve(Actor actor, @Parameter(description = "The account's id") @PathVariable String id,
			@Valid @RequestBody(required = false) Decision decision) {
		return decide(actor, id, decision, true);
	}

	@PostMapping("/{id}/reject")
	@Operation(summary = "Reject a registration", description = "Deactivates a sign-up waiting for approval (the "
			+ "account is kept) and mails the person the reason. Needs registrations.change.")
	@ApiResponse(responseCode = "200", description = "Rejected: the registration as it is now")
	@ApiResponse(responseCode = "400", description = "A reason longer than 500 characters",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	@ApiResponse(responseCode = "409", description = "Not waiting for a decision (decided already)",
			content = @Content(mediaType = AdminApi.PROBLEM_JSON))
	ResponseEntity<Registration> reject(Actor actor, @Parameter(description = "The account's id") @PathVariable String id,
			@Valid @RequestBody(required = false) Decision decision) {
		return decide(actor, id, decision, false);
	}

	private ResponseEntity<Registration> decide(Actor actor, String id, Decision decision, boolean approve) {
		String reason = (decision != null) ? decision.note() : null;
		Registrations.Review review = approve ? this.queue.approve(actor, id, reason)
				: this.queue.reject(actor, id, reason);
		SsoUser user = this.queue.findToDecide(actor, id).orElseThrow(() -> ApiException.notFound("registration"));
		if (review != Registrations.Review.DONE) {
			throw ApiException.conflict("This registration is not waiting for a decision: it was decided already.");
		}
		return ApiResponses.resource(Registration.of(user), user.getVersion());
	}

}
