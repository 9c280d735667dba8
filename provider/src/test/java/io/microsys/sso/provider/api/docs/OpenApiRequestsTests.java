package io.microsys.sso.provider.api.docs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.AdminApiCalls;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestStaff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "A request generated from the document for each operation is answered as documented": for every
 * operation, a request made only from what the document says (its path and query parameters, its
 * {@code If-Match}, a body from the request schema's example or its required members), sent with
 * a superuser's own token, gets a status the operation documents, the headers it documents as
 * required, and, for JSON, a body that the documented schema accepts. Path variables name this
 * test's own person and app where the path is theirs, an item of the parent list otherwise, or a
 * random id (then the operation must document 404). Its own provider (no rate limit, a database
 * of its own), as the requests change things.
 */
@ProviderIntegrationTest
@TestPropertySource(properties = { "microsys.test.context=openapi-requests", "microsys.sso.api.requests-per-second=0" })
class OpenApiRequestsTests {

	/**
	 * Operations a request cannot be generated for, each with why ({@code "POST /api/admin/v1/x"}).
	 * Every other one is sent; a new one that cannot be generated fails the test until named here.
	 */
	static final Map<String, String> NOT_GENERATED = Map.of();

	private static final List<String> ORDER = List.of("get", "post", "put", "patch", "delete");

	final Provider provider;

	final AdminApiCalls api;

	final TestStaff staff;

	JsonNode document;

	OpenApiRequestsTests(Provider provider) {
		this.provider = provider;
		this.api = new AdminApiCalls(provider);
		this.staff = new TestStaff(provider);
	}

	@Test
	void everyOperationWhenRequestedAsDocumentedThenAnswersAsDocumented() throws Exception {
		this.document = OpenApiDocs.fetch(this.provider);
		java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
		java.nio.file.Files.writeString(java.nio.file.Path.of("target", "admin-api-openapi.json"),
				OpenApiDocs.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this.document));
		SsoUser superuser = this.staff.superuser();
		String token = this.api.personalToken(this.api.commandLineTool(), superuser);
		SsoUser person = this.provider.fixtures().user((u) -> {
		});
		SsoClient app = this.provider.fixtures().confidentialClient((c) -> {
		});
		Map<String, String> ours = new LinkedHashMap<>();
		ours.put("people", person.getUuid());
		ours.put("members", person.getUuid());
		ours.put("apps", app.getClientId());
		List<OpenApiDocs.Operation> operations = new ArrayList<>(OpenApiDocs.operations(this.document));
		operations.sort(Comparator.comparingInt((OpenApiDocs.Operation operation) -> ORDER.indexOf(operation.method()))
			.thenComparing(OpenApiDocs.Operation::path));
		List<String> notGenerated = new ArrayList<>();
		List<String> answered = new ArrayList<>();
		for (OpenApiDocs.Operation operation : operations) {
			if (NOT_GENERATED.containsKey(operation.toString())) {
				continue;
			}
			Request request;
			try {
				request = request(operation, token, ours);
			}
			catch (CannotGenerate ex) {
				notGenerated.add(operation + ": " + ex.getMessage());
				continue;
			}
			AdminApiCalls.Call call = this.api.call(token, operation.method().toUpperCase(Locale.ROOT), request.url());
			if (request.body() != null) {
				call.json(OpenApiDocs.JSON.writeValueAsString(request.body()));
			}
			if (request.ifMatch() != null) {
				call.ifMatch(request.ifMatch());
			}
			AdminApiCalls.Response answer = call.send();
			answered.add(operation + " -> " + answer.status());
			checkAnswer(operation, request, answer);
		}
		assertThat(notGenerated).as("operations no request could be generated for").isEmpty();
		assertThat(answered).as("requests sent").anySatisfy((line) -> assertThat(line).startsWith("GET /api/admin/v1/me -> 200"));
	}

	private void checkAnswer(OpenApiDocs.Operation operation, Request request, AdminApiCalls.Response answer) {
		String status = Integer.toString(answer.status());
		JsonNode responses = operation.node().get("responses");
		String code = responses.has(status) ? status : responses.has(status.charAt(0) + "XX") ? status.charAt(0) + "XX"
				: responses.has("default") ? "default" : null;
		assertThat(code).as(operation + " " + request.url() + " answered " + status + " (" + answer.body()
				+ "), which it does not document: " + responses.propertyNames()).isNotNull();
		JsonNode response = OpenApiDocs.resolve(this.document, responses.get(code));
		response.path("headers").propertyNames().forEach((name) -> {
			JsonNode header = OpenApiDocs.resolve(this.document, response.get("headers").get(name));
			if (header.path("required").asBoolean(false)) {
				assertThat(answer.header(name)).as(operation + " " + status + " header " + name).isPresent();
			}
		});
		String type = answer.header("Content-Type").orElse("");
		String mediaType = type.contains(";") ? type.substring(0, type.indexOf(';')).trim() : type.trim();
		if (!mediaType.endsWith("json") || answer.body().isEmpty()) {
			return;
		}
		assertThat(response.path("content").has(mediaType)).as(operation + " " + status + " answered " + mediaType
				+ " but documents " + response.path("content").propertyNames()).isTrue();
		String pointer = "/paths/" + OpenApiDocs.escape(operation.path()) + "/" + operation.method() + "/responses/" + code;
		if (responses.get(code).has("$ref")) {
			pointer = responses.get(code).get("$ref").asString().substring(1);
		}
		pointer += "/content/" + OpenApiDocs.escape(mediaType) + "/schema";
		if (this.document.at(pointer).isMissingNode()) {
			return;
		}
		assertThat(OpenApiDocs.schemaAt(this.document, pointer).validate(answer.json()))
			.as(operation + " " + status + " body " + answer.body() + " against " + pointer)
			.isEmpty();
	}

	/** A request made from the document: its URL (path and query), body and If-Match. */
	record Request(String url, JsonNode body, String ifMatch) {
	}

	private Request request(OpenApiDocs.Operation operation, String token, Map<String, String> ours) {
		String path = operation.path();
		boolean ownTarget = true;
		StringBuilder query = new StringBuilder();
		String ifMatch = null;
		for (JsonNode declared : operation.node().path("parameters")) {
			JsonNode parameter = OpenApiDocs.resolve(this.document, declared);
			String name = parameter.path("name").asString();
			String in = parameter.path("in").asString();
			JsonNode schema = OpenApiDocs.resolve(this.document, parameter.path("schema"));
			switch (in) {
				case "path" -> {
					String collection = collectionBefore(path, name);
					String value = ours.get(collection);
					if (value == null) {
						ownTarget = false;
						value = fromList(path, name, token);
					}
					if (value == null) {
						value = random(schema);
					}
					path = path.replace("{" + name + "}", AdminApiCalls.encode(value));
				}
				case "query" -> {
					if (parameter.path("required").asBoolean(false)) {
						query.append(query.isEmpty() ? "?" : "&")
							.append(name)
							.append('=')
							.append(AdminApiCalls.encode(text(example(schema, name))));
					}
				}
				case "header" -> {
					if ("If-Match".equalsIgnoreCase(name)) {
						ifMatch = "placeholder";
					}
					else if (parameter.path("required").asBoolean(false)) {
						throw new CannotGenerate("required header " + name);
					}
				}
				default -> throw new CannotGenerate("parameter in " + in);
			}
		}
		if (ifMatch != null) {
			// The ETag read last of a resource this test owns; a stale one for anything else.
			ifMatch = ownTarget ? etag(operation.path(), path, token) : "\"987654321\"";
		}
		JsonNode body = null;
		JsonNode requestBody = OpenApiDocs.resolve(this.document, operation.node().get("requestBody"));
		if (requestBody != null) {
			JsonNode content = requestBody.path("content");
			JsonNode json = content.get("application/json");
			if (json == null) {
				json = content.get("application/merge-patch+json");
			}
			if (json == null) {
				if (requestBody.path("required").asBoolean(false)) {
					throw new CannotGenerate("no JSON request body among " + content.propertyNames());
				}
			}
			else {
				JsonNode mediaType = json;
				body = mediaType.has("example") ? mediaType.get("example")
						: example(OpenApiDocs.resolve(this.document, mediaType.path("schema")), "body");
			}
		}
		return new Request(path + query, body, ifMatch);
	}

	/** The collection segment a path variable follows: {@code people} for {@code /people/{id}}. */
	private static String collectionBefore(String path, String name) {
		String before = path.substring(0, path.indexOf("{" + name + "}"));
		String[] segments = before.split("/");
		return (segments.length > 0) ? segments[segments.length - 1] : "";
	}

	/** An item of the parent list (the path up to the variable) when the document has that list. */
	private String fromList(String path, String name, String token) {
		String list = path.substring(0, path.indexOf("{" + name + "}") - 1);
		if (list.contains("{") || !this.document.path("paths").path(list).has("get")) {
			return null;
		}
		AdminApiCalls.Response page = this.api.get(token, list + "?limit=5");
		JsonNode items = page.json().path("items");
		if (page.status() != 200 || items.isEmpty()) {
			return null;
		}
		JsonNode item = items.get(0);
		for (String field : List.of(name, "id", "clientId")) {
			if (item.has(field) && !item.get(field).isNull()) {
				return item.get(field).asString();
			}
		}
		return null;
	}

	/** The ETag a GET of the same resource answers, when the document has that GET; otherwise {@code *}. */
	private String etag(String template, String path, String token) {
		if (this.document.path("paths").path(template).has("get")) {
			AdminApiCalls.Response current = this.api.get(token, path);
			if (current.status() == 200 && current.header("ETag").isPresent()) {
				return current.etag();
			}
		}
		return "*";
	}

	private static String text(JsonNode value) {
		return value.isValueNode() ? value.asString() : value.toString();
	}

	private static String random(JsonNode schema) {
		return types(schema).contains("integer") ? "2147480000" : UUID.randomUUID().toString();
	}

	private static List<String> types(JsonNode schema) {
		List<String> types = new ArrayList<>();
		JsonNode type = schema.path("type");
		if (type.isArray()) {
			type.forEach((t) -> types.add(t.asString()));
		}
		else if (type.isString()) {
			types.add(type.asString());
		}
		return types;
	}

	/** A value the schema accepts: its example, default or first enum value, or the least one of its type. */
	private JsonNode example(JsonNode schema, String name) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		schema = OpenApiDocs.resolve(this.document, schema);
		if (schema == null || schema.isMissingNode()) {
			return nodes.objectNode();
		}
		if (schema.has("examples") && schema.get("examples").isArray() && !schema.get("examples").isEmpty()) {
			return schema.get("examples").get(0);
		}
		for (String given : List.of("example", "default", "const")) {
			if (schema.has(given)) {
				return schema.get(given);
			}
		}
		if (schema.has("enum") && !schema.get("enum").isEmpty()) {
			return schema.get("enum").get(0);
		}
		for (String combined : List.of("allOf", "oneOf", "anyOf")) {
			if (schema.has(combined) && !schema.get(combined).isEmpty()) {
				return example(schema.get(combined).get(0), name);
			}
		}
		List<String> types = types(schema);
		String type = types.stream().filter((t) -> !"null".equals(t)).findFirst().orElse("object");
		return switch (type) {
			case "string" -> nodes.stringNode(string(schema, name));
			case "integer", "number" -> nodes.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() : 1L);
			case "boolean" -> nodes.booleanNode(false);
			case "array" -> {
				ArrayNode array = nodes.arrayNode();
				for (int i = 0; i < schema.path("minItems").asInt(0); i++) {
					array.add(example(schema.path("items"), name));
				}
				yield array;
			}
			default -> {
				ObjectNode object = nodes.objectNode();
				for (JsonNode required : schema.path("required")) {
					String member = required.asString();
					object.set(member, example(schema.path("properties").path(member), member));
				}
				yield object;
			}
		};
	}

	private static String string(JsonNode schema, String name) {
		String unique = TestFixtures.unique("oas").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		return switch (schema.path("format").asString("")) {
			case "email" -> unique + "@example.test";
			case "uuid" -> UUID.randomUUID().toString();
			case "date-time" -> Instant.now().toString();
			case "date" -> Instant.now().toString().substring(0, 10);
			case "uri", "url" -> "https://" + unique + ".example.test/callback";
			default -> {
				String text = name.toLowerCase(Locale.ROOT).contains("mail") ? unique + "@example.test" : unique;
				int min = schema.path("minLength").asInt(0);
				while (text.length() < min) {
					text += "x";
				}
				int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
				yield (text.length() > max) ? text.substring(0, max) : text;
			}
		};
	}

	/** An operation this test cannot make a request for from the document alone. */
	static final class CannotGenerate extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CannotGenerate(String message) {
			super(message);
		}

	}

}
