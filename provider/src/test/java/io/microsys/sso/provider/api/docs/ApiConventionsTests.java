package io.microsys.sso.provider.api.docs;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.microsys.sso.provider.api.ItemsPage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conventions the document adds to every operation, on handlers shaped like the API's (the
 * controllers of the other areas arrive with their own branches): lists get {@code Link} and
 * the bounds of {@code limit}, resources {@code ETag}, creations {@code Location}, updates
 * {@code If-Match} with 412 and 428, every operation the shared problems, and the permission its
 * description names.
 */
class ApiConventionsTests {

	record Thing(String id) {
	}

	@SuppressWarnings("unused")
	static class Things {

		@GetMapping("/api/admin/v1/things")
		ResponseEntity<ItemsPage<Thing>> list(String after, Integer limit) {
			return null;
		}

		@GetMapping("/api/admin/v1/things/{id}")
		ResponseEntity<Thing> read(String id) {
			return null;
		}

		@PostMapping("/api/admin/v1/things")
		ResponseEntity<Thing> create(Thing body) {
			return null;
		}

		@PutMapping("/api/admin/v1/things/{id}")
		ResponseEntity<Thing> replace(String id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
			return null;
		}

		@DeleteMapping("/api/admin/v1/things/{id}")
		ResponseEntity<Void> delete(String id, @RequestHeader("If-Match") String ifMatch) {
			return null;
		}

		@GetMapping("/api/admin/v1/things/export")
		ResponseEntity<StreamingResponseBody> export() {
			return null;
		}

		@GetMapping("/api/admin/v1/things/me")
		Thing plain() {
			return null;
		}

	}

	private static Operation customised(String name, Operation operation) {
		for (Method method : Things.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return ApiConventions.operation(operation, new HandlerMethod(new Things(), method));
			}
		}
		throw new AssertionError(name);
	}

	private static Operation ok(String code) {
		return new Operation().summary("x")
			.responses(new ApiResponses().addApiResponse(code, new ApiResponse().description("OK")
				.content(new Content().addMediaType("*/*", new MediaType().schema(new JsonSchema().$ref("#/components/schemas/Thing"))))));
	}

	@Test
	void listWhenCustomisedThenLinkAndBoundedLimit() {
		Operation operation = ok("200").addParametersItem(new Parameter().in("query").name("limit"))
			.addParametersItem(new Parameter().in("query").name("after"))
			.description("Needs `users.view`. Scoped staff see their scope's people only.");
		customised("list", operation);
		assertThat(operation.getResponses().get("200").getHeaders()).containsOnlyKeys("Link");
		Parameter limit = operation.getParameters().get(0);
		assertThat(limit.getSchema().getMinimum()).isEqualByComparingTo("1");
		assertThat(limit.getSchema().getMaximum()).isEqualByComparingTo("500");
		assertThat(operation.getExtensions()).containsEntry(ApiConventions.PERMISSIONS, List.of("users.view"));
	}

	@Test
	void resourceWhenReadOrReplacedThenETagAndUpdatesNeedIfMatch() {
		Operation read = customised("read", ok("200"));
		assertThat(read.getResponses().get("200").getHeaders().get("ETag").getRequired()).isTrue();
		Operation replace = customised("replace", ok("200").addParametersItem(new Parameter().in("header").name("If-Match").required(false)));
		assertThat(replace.getParameters()).singleElement().satisfies((parameter) -> assertThat(parameter.getRequired()).isTrue());
		assertThat(replace.getResponses()).containsKeys("412", "428");
		Operation delete = customised("delete", ok("204"));
		assertThat(delete.getParameters()).extracting(Parameter::getName).containsExactly("If-Match");
		assertThat(delete.getResponses().get("204").getHeaders()).isNull();
		assertThat(delete.getResponses()).containsKeys("412", "428");
	}

	@Test
	void creationWhenCustomisedThenLocationAndETag() {
		Operation create = customised("create", ok("201"));
		assertThat(create.getResponses().get("201").getHeaders()).containsOnlyKeys("Location", "ETag");
		assertThat(create.getResponses()).doesNotContainKeys("412", "428");
	}

	@Test
	void streamsAndPlainBodiesWhenCustomisedThenNoETag() {
		assertThat(customised("export", ok("200")).getResponses().get("200").getHeaders()).isNull();
		assertThat(customised("plain", ok("200")).getResponses().get("200").getHeaders()).isNull();
	}

	@Test
	void documentWhenCustomisedThenEveryOperationHasTheSharedProblemsAsProblemJson() {
		Operation read = ok("200").addParametersItem(new Parameter().in("path").name("id").required(true));
		read.getResponses().addApiResponse("409", new ApiResponse().description("Name taken")
			.content(new Content().addMediaType("*/*", new MediaType().schema(new JsonSchema().$ref("#/components/schemas/Thing")))));
		Operation create = ok("201").requestBody(new RequestBody().content(new Content().addMediaType("*/*", new MediaType())));
		OpenAPI openApi = new OpenAPI().paths(new Paths().addPathItem("/api/admin/v1/things/{id}", new PathItem().get(read))
			.addPathItem("/api/admin/v1/things", new PathItem().post(create)));
		ApiConventions.document(openApi);
		assertThat(read.getResponses().keySet()).containsExactly("200", "400", "401", "403", "404", "409", "429", "500");
		assertThat(read.getResponses().get("200").getContent()).containsOnlyKeys("application/json");
		assertThat(read.getResponses().get("409").getContent()).containsOnlyKeys("application/problem+json");
		assertThat(read.getResponses().get("409").getContent().get("application/problem+json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/Problem");
		assertThat(read.getResponses().get("401").get$ref()).isEqualTo("#/components/responses/Unauthorized");
		assertThat(create.getResponses().keySet()).containsExactly("201", "400", "401", "403", "429", "500");
		assertThat(create.getRequestBody().getContent()).containsOnlyKeys("application/json");
	}

	@Test
	void membersWhenNotRequiredThenMayBeNull() {
		JsonSchema thing = new JsonSchema();
		thing.types(Set.of("object")).required(List.of("id"));
		thing.addProperty("id", new JsonSchema().types(Set.of("string")));
		thing.addProperty("scopeId", new JsonSchema().types(Set.of("integer")));
		thing.addProperty("owner", new JsonSchema().$ref("#/components/schemas/Person"));
		ApiConventions.nullable(thing);
		assertThat(thing.getProperties().get("id").getTypes()).containsExactly("string");
		assertThat(thing.getProperties().get("scopeId").getTypes()).containsExactlyInAnyOrder("integer", "null");
		assertThat(thing.getProperties().get("owner").getAnyOf()).hasSize(2);
	}

	@Test
	void permissionsWhenDescribedThenOnlyRealPermissionsOfNeedsSentences() {
		assertThat(ApiConventions.permissions("Lists people. Needs `users.view` and `manage_staff.x`. See `users.add`."))
			.containsExactly("users.view");
		assertThat(ApiConventions.permissions("Needs `users.change`, and `manage_staff` for staff.")).containsExactly("users.change",
				"manage_staff");
		assertThat(ApiConventions.permissions(null)).isEmpty();
		assertThat(Set.copyOf(ApiConventions.SHARED_RESPONSES.keySet())).contains(401, 403, 429, 500);
		assertThat(Map.copyOf(ApiConventions.SHARED_RESPONSES)).containsEntry(412, "ChangedMeanwhile");
	}

}
