package io.microsys.sso.provider.api.docs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.support.Provider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's OpenAPI document as its readers get it (over HTTP, without a token), the official
 * OpenAPI 3.1 schema to check it against (vendored in {@code src/test/resources/openapi}), and the
 * document's own schemas to check answers against.
 */
final class OpenApiDocs {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Where the document's schemas are loaded from: a name of ours, never fetched. */
	static final String DOCUMENT_IRI = "urn:microsys-sso:admin-api:openapi.json";

	static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private OpenApiDocs() {
	}

	/** The document, read at {@value AdminApi#OPENAPI} without a token. */
	static JsonNode fetch(Provider provider) {
		HttpResponse<String> answer = get(provider.origin() + AdminApi.OPENAPI);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		return JSON.readTree(answer.body());
	}

	static HttpResponse<String> get(String url) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What the official OpenAPI 3.1 schema (the {@code schema-base} variant: the document and every
	 * Schema Object in it, against the OAS dialect) finds wrong with a document.
	 */
	static List<Error> validate(JsonNode document) {
		Schema schema = SchemaRegistry
			.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
					(builder) -> builder.schemaIdResolvers((resolvers) -> resolvers
						.mapPrefix("https://spec.openapis.org/oas/3.1", "classpath:openapi/3.1")))
			.getSchema(SchemaLocation.of("https://spec.openapis.org/oas/3.1/schema-base/2022-10-07"));
		return schema.validate(document, (context) -> context.executionConfig((config) -> config.formatAssertionsEnabled(true)));
	}

	/** A validator of JSON against the schema at {@code pointer} in the document ({@code $ref}s resolved in it). */
	static Schema schemaAt(JsonNode document, String pointer) {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder.schemas(Map.of(DOCUMENT_IRI, JSON.writeValueAsString(document))));
		return registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + pointer));
	}

	/** One operation of the document. */
	record Operation(String path, String method, JsonNode node) {

		@Override
		public String toString() {
			return this.method.toUpperCase(java.util.Locale.ROOT) + " " + this.path;
		}

		/** The JSON pointer of this operation in the document. */
		String pointer() {
			return "/paths/" + escape(this.path) + "/" + this.method;
		}

	}

	/** Every operation, in document order. */
	static List<Operation> operations(JsonNode document) {
		List<Operation> operations = new ArrayList<>();
		JsonNode paths = document.path("paths");
		for (String path : paths.propertyNames()) {
			for (String method : METHODS) {
				JsonNode operation = paths.get(path).get(method);
				if (operation != null) {
					operations.add(new Operation(path, method, operation));
				}
			}
		}
		return operations;
	}

	/** A JSON pointer token. */
	static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

	/** Follows a {@code $ref} inside the document ({@code #/components/...}); other nodes as they are. */
	static JsonNode resolve(JsonNode document, JsonNode node) {
		JsonNode current = node;
		for (int hops = 0; current != null && current.has("$ref") && hops < 20; hops++) {
			String ref = current.get("$ref").asString();
			if (!ref.startsWith("#")) {
				throw new AssertionError("a $ref outside the document: " + ref);
			}
			current = document.at(ref.substring(1));
		}
		return current;
	}

}
