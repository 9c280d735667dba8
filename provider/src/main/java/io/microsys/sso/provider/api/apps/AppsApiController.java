package io.microsys.sso.provider.api.apps;

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
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.api.ApiException;
import io.microsys.sso.provider.api.ApiResponses;
import io.microsys.sso.provider.api.Cursor;
import io.microsys.sso.provider.api.ETags;
import io.microsys.sso.provider.api.ItemsPage;

/**
 * {@code /apps}: the connected apps with their policies, as on the console's app pages and under
 * its rules ({@code clients.view}, {@code clients.add}, {@code clients.change},
 * {@code clients.delete}). A secret is answered once, in the answer of the request that made it.
 */
@RestController
@Tag(name = "Apps", description = "Connected apps (OpenID Connect clients) and their policies")
class AppsApiController {

	static final String APPS = AdminApi.BASE + "/apps";

	static final String APP = APPS + "/{clientId:[A-Za-z0-9._~-]{1,100}}";

	private static final String PROBLEM = AdminApi.PROBLEM_JSON;

	private final ApiApps apps;

	AppsApiController(ApiApps apps) {
		this.apps = apps;
	}

	@GetMapping(APPS)
	@Operation(summary = "List apps", description = "The apps, by creation (keyset pages). Needs clients.view.")
	@ApiResponse(responseCode = "200", description = "A page of apps")
	@ApiResponse(responseCode = "400", description = "A bad limit, cursor or search",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<ItemsPage<AppListItem>> list(Actor actor,
			@Parameter(description = "Only apps whose client id or name contains this (at most 100 characters)")
			@RequestParam(name = "q", required = false) String q,
			@RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit,
			HttpServletRequest request) {
		if (q != null && q.length() > 100) {
			throw ApiException.invalid("q", "must be at most 100 characters");
		}
		return ApiResponses.page(this.apps.list(actor, q, Cursor.of(after, limit, 1)), request);
	}

	@PostMapping(APPS)
	@Operation(summary = "Create an app", description = "Creates an app with its policy. A confidential app's secret "
			+ "is in clientSecret of this answer only: store it now, it is never shown again. Needs clients.add.")
	@ApiResponse(responseCode = "201", description = "Created; Location and ETag name it")
	@ApiResponse(responseCode = "400", description = "A field breaks the app rules (errors lists them); nothing was stored",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Another app has this client id", content = @Content(mediaType = PROBLEM))
	ResponseEntity<App> create(Actor actor, @Valid @RequestBody AppInput input) {
		ApiApps.Versioned created = this.apps.create(actor, input);
		return ApiResponses.created(created.app(), "/apps/" + created.app().clientId(), created.version());
	}

	@GetMapping(APP)
	@Operation(summary = "Read an app", description = "The app with its policy and its ETag. Needs clients.view.")
	@ApiResponse(responseCode = "200", description = "The app")
	ResponseEntity<App> app(Actor actor, @Parameter(description = "The app's client id") @PathVariable String clientId) {
		ApiApps.Versioned app = this.apps.find(actor, clientId);
		return ApiResponses.resource(app.app(), app.version());
	}

	@PutMapping(APP)
	@Operation(summary = "Replace an app's settings", description = "Replaces every setting and the policy (a missing "
			+ "optional field takes a new app's default), if the app is still at the ETag in If-Match. Making it "
			+ "public removes its secrets; making it confidential makes a secret, answered once in clientSecret. "
			+ "Needs clients.change.")
	@ApiResponse(responseCode = "200", description = "Changed; the new ETag")
	@ApiResponse(responseCode = "400", description = "A field breaks the app rules; nothing was changed",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<App> change(Actor actor, @Parameter(description = "The app's client id") @PathVariable String clientId,
			@Parameter(description = "The ETag read last, or * to overwrite") @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@Valid @RequestBody AppInput input) {
		ApiApps.Versioned changed = this.apps.change(actor, clientId, input, ETags.expected(ifMatch));
		return ApiResponses.resource(changed.app(), changed.version());
	}

	@DeleteMapping(APP)
	@Operation(summary = "Delete an app", description = "Deletes the app with its grants (tokens), consents, memberships "
			+ "and invitations, if it is still at the ETag in If-Match (the console's typed confirmation); its "
			+ "sessions get a back-channel logout. Needs clients.delete.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(Actor actor, @Parameter(description = "The app's client id") @PathVariable String clientId,
			@Parameter(description = "The ETag read last, or * to delete whatever its version")
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		this.apps.delete(actor, clientId, ETags.expected(ifMatch));
		return ResponseEntity.noContent().build();
	}

	@PostMapping(APP + "/secret")
	@Operation(summary = "Rotate an app's secret", description = "Makes a new secret, answered once; the previous one "
			+ "keeps working for overlapHours (default 24, 0 to 720). Needs clients.change.")
	@ApiResponse(responseCode = "200", description = "The new secret (store it now: it is never shown again)")
	@ApiResponse(responseCode = "400", description = "overlapHours out of bounds", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "A public app has no secret, or the secret changed meanwhile",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<AppSecret> rotate(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId,
			@Valid @RequestBody(required = false) AppSecretRotation rotation) {
		int hours = (rotation != null) ? rotation.hours() : AppSecretRotation.DEFAULT_HOURS;
		return ResponseEntity.ok()
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(this.apps.rotate(actor, clientId, hours));
	}

	@PostMapping(APP + "/deactivate")
	@Operation(summary = "Deactivate an app", description = "Refuses every sign-in and token request of the app at once "
			+ "(its grants are kept). Already inactive: nothing changes. Needs clients.delete.")
	@ApiResponse(responseCode = "200", description = "The app, inactive")
	ResponseEntity<App> deactivate(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId) {
		ApiApps.Versioned app = this.apps.setActive(actor, clientId, false);
		return ApiResponses.resource(app.app(), app.version());
	}

	@PostMapping(APP + "/activate")
	@Operation(summary = "Activate an app", description = "Lets people sign in to the app again. Already active: nothing "
			+ "changes. Needs clients.delete.")
	@ApiResponse(responseCode = "200", description = "The app, active")
	ResponseEntity<App> activate(Actor actor,
			@Parameter(description = "The app's client id") @PathVariable String clientId) {
		ApiApps.Versioned app = this.apps.setActive(actor, clientId, true);
		return ApiResponses.resource(app.app(), app.version());
	}

}
