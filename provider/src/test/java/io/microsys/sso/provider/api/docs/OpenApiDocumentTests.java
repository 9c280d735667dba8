package io.microsys.sso.provider.api.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.api.AdminApi;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's OpenAPI document: public, valid against the official OpenAPI 3.1 schema, with
 * the document-wide parts (server, security, problem details), the same operations as the
 * handlers under {@value AdminApi#BASE} (a new handler without its operation, or the reverse,
 * fails here), and on each operation a summary, a tag, a success answer and the shared problem
 * answers.
 */
@ProviderIntegrationTest
class OpenApiDocumentTests {

	final Provider provider;

	OpenApiDocumentTests(Provider provider) {
		this.provider = provider;
	}

	@Test
	void documentWhenReadWithoutATokenThenIsValidOpenApi31() {
		JsonNode document = OpenApiDocs.fetch(this.provider);
		assertThat(document.get("openapi").asString()).startsWith("3.1.");
		assertThat(OpenApiDocs.validate(document)).isEmpty();
	}

	@Test
	void validationWhenTheDocumentIsBrokenThenFails() {
		JsonNode document = OpenApiDocs.fetch(this.provider);
		ObjectNode withoutInfo = (ObjectNode) document.deepCopy();
		withoutInfo.remove("info");
		assertThat(OpenApiDocs.validate(withoutInfo)).isNotEmpty()
			.anySatisfy((error) -> assertThat(error.toString()).contains("info"));
		ObjectNode badSchema = (ObjectNode) document.deepCopy();
		((ObjectNode) badSchema.at("/components/schemas/Problem")).put("type", "whole number");
		assertThat(OpenApiDocs.validate(badSchema)).isNotEmpty();
		ObjectNode badResponse = (ObjectNode) document.deepCopy();
		((ObjectNode) badResponse.at("/paths/" + OpenApiDocs.escape(AdminApi.BASE + "/me") + "/get/responses"))
			.put("200", "fine");
		assertThat(OpenApiDocs.validate(badResponse)).isNotEmpty();
	}

	@Test
	void documentWhenReadThenDescribesTheApiItsServerAndHowToGetATokenOfThisIssuer() {
		JsonNode document = OpenApiDocs.fetch(this.provider);
		String issuer = this.provider.issuer();
		assertThat(document.at("/info/title").asString()).isEqualTo("Microsys SSO admin API");
		assertThat(document.at("/info/version").asString()).isEqualTo("v1");
		assertThat(document.at("/info/description").asString()).contains("application/problem+json", "If-Match",
				"ETag", "after", "Retry-After", "RFC 3339");
		assertThat(document.get("servers")).hasSize(1);
		assertThat(document.at("/servers/0/url").asString()).isEqualTo(this.provider.origin());
		JsonNode oauth2 = document.at("/components/securitySchemes/oauth2");
		assertThat(oauth2.get("type").asString()).isEqualTo("oauth2");
		assertThat(oauth2.at("/flows/authorizationCode/authorizationUrl").asString()).isEqualTo(issuer + "/authorize");
		assertThat(oauth2.at("/flows/authorizationCode/tokenUrl").asString()).isEqualTo(issuer + "/token");
		assertThat(oauth2.at("/flows/authorizationCode/scopes").has("microsys.admin")).isTrue();
		assertThat(oauth2.at("/flows/clientCredentials/tokenUrl").asString()).isEqualTo(issuer + "/token");
		assertThat(oauth2.at("/flows/clientCredentials/scopes").has("microsys.admin")).isTrue();
		assertThat(oauth2.get("description").asString()).contains("PKCE");
		assertThat(document.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		assertThat(document.get("security").valueStream().map((requirement) -> requirement.propertyNames().iterator().next()))
			.containsExactly("oauth2", "bearer");
		assertThat(document.at("/security/0/oauth2").valueStream().map(JsonNode::asString)).containsExactly("microsys.admin");
		assertThat(document.at("/components/schemas").has("Actor")).isFalse();
		JsonNode problem = document.at("/components/schemas/Problem");
		assertThat(problem.get("properties").propertyNames()).containsExactly("type", "title", "status", "detail",
				"instance", "errors", "reason", "permission");
		assertThat(problem.at("/properties/errors/items/properties").propertyNames()).containsExactly("field", "message");
		assertThat(document.at("/paths").propertyNames()).allSatisfy((path) -> assertThat(path).startsWith(AdminApi.BASE + "/"))
			.doesNotContain(AdminApi.OPENAPI);
	}

	@Test
	void everyOperationWhenDocumentedThenHasASummaryATagASuccessAndTheSharedProblems() {
		JsonNode document = OpenApiDocs.fetch(this.provider);
		List<OpenApiDocs.Operation> operations = OpenApiDocs.operations(document);
		assertThat(operations).isNotEmpty();
		Set<String> permissions = new TreeSet<>();
		for (Permission permission : Permission.values()) {
			permissions.add(permission.code());
		}
		List<String> withoutPermissions = new ArrayList<>();
		for (OpenApiDocs.Operation operation : operations) {
			JsonNode node = operation.node();
			assertThat(node.path("summary").asString("")).as(operation + " summary").isNotBlank();
			assertThat(node.path("tags")).as(operation + " tags").isNotEmpty();
			JsonNode responses = node.get("responses");
			assertThat(responses.propertyNames()).as(operation + " answers").anySatisfy((code) -> assertThat(code).startsWith("2"));
			for (String status : List.of("401", "403", "429", "500")) {
				assertThat(responses.has(status)).as(operation + " answers " + status).isTrue();
			}
			for (String code : responses.propertyNames()) {
				JsonNode response = OpenApiDocs.resolve(document, responses.get(code));
				assertThat(response.path("description").asString("")).as(operation + " " + code).isNotBlank();
				if (code.startsWith("4") || code.startsWith("5")) {
					assertThat(response.path("content").propertyNames()).as(operation + " " + code)
						.containsExactly("application/problem+json");
					assertThat(response.at("/content/application~1problem+json/schema/$ref").asString())
						.isEqualTo("#/components/schemas/Problem");
				}
				else {
					assertThat(response.path("content").propertyNames()).as(operation + " " + code).doesNotContain("*/*");
				}
			}
			assertThat(OpenApiDocs.resolve(document, responses.get("401")).at("/headers/WWW-Authenticate").isMissingNode())
				.isFalse();
			assertThat(OpenApiDocs.resolve(document, responses.get("429")).at("/headers/Retry-After").isMissingNode())
				.isFalse();
			if (operation.path().contains("{")) {
				assertThat(responses.has("404")).as(operation + " answers 404").isTrue();
			}
			node.path("parameters").forEach((parameter) -> {
				JsonNode resolved = OpenApiDocs.resolve(document, parameter);
				// An Actor handler parameter would appear as an object named "actor"; the log's
				// "actor" filter is a plain string.
				assertThat("actor".equals(resolved.path("name").asString())
						&& !"string".equals(resolved.at("/schema/type").asString()))
					.as(operation + ": the caller comes from the token").isFalse();
				if ("query".equals(resolved.path("in").asString()) && "limit".equals(resolved.path("name").asString())) {
					assertThat(resolved.at("/schema/minimum").asInt()).as(operation + " limit").isEqualTo(1);
					assertThat(resolved.at("/schema/maximum").asInt()).as(operation + " limit").isEqualTo(500);
				}
				if ("header".equals(resolved.path("in").asString()) && "If-Match".equals(resolved.path("name").asString())) {
					assertThat(resolved.path("required").asBoolean()).isTrue();
					assertThat(responses.has("412") && responses.has("428")).as(operation + " answers 412, 428").isTrue();
				}
			});
			// Every operation names what it needs, except those any caller may make: who the caller
			// is, and the list of permission codes.
			if (node.path(ApiConventions.PERMISSIONS).isEmpty() && !operation.path().equals(AdminApi.BASE + "/me")
					&& !operation.path().equals(AdminApi.BASE + "/permissions")) {
				withoutPermissions.add(operation.toString());
			}
			node.path(ApiConventions.PERMISSIONS)
				.forEach((permission) -> assertThat(permissions).as(operation + " permission").contains(permission.asString()));
		}
		assertThat(withoutPermissions).as("operations whose description names no permission (\"Needs …\")").isEmpty();
	}

	@Test
	void documentWhenComparedWithTheHandlersThenHasExactlyTheirOperations() {
		Set<String> handled = new TreeSet<>();
		List<String> withoutMethod = new ArrayList<>();
		Map<String, RequestMappingHandlerMapping> mappings = this.provider.context()
			.getBeansOfType(RequestMappingHandlerMapping.class);
		for (RequestMappingHandlerMapping mapping : mappings.values()) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				if (entry.getValue().getBeanType().getName().startsWith("org.springdoc.")) {
					continue;
				}
				for (String pattern : entry.getKey().getPatternValues()) {
					if (!pattern.startsWith(AdminApi.BASE + "/")) {
						continue;
					}
					Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
					if (methods.isEmpty()) {
						withoutMethod.add(pattern + " " + entry.getValue());
					}
					for (RequestMethod method : methods) {
						handled.add(method.name() + " " + withoutRegex(pattern));
					}
				}
			}
		}
		assertThat(withoutMethod).as("API handlers must name their HTTP methods").isEmpty();
		assertThat(handled).as("handlers").contains("GET " + AdminApi.BASE + "/me");
		Set<String> documented = new TreeSet<>();
		OpenApiDocs.operations(OpenApiDocs.fetch(this.provider)).forEach((operation) -> documented.add(operation.toString()));
		assertThat(documented).as("the document's operations, against the handlers'").containsExactlyElementsOf(handled);
	}

	/** {@code /people/{id:[0-9]+}} as OpenAPI writes it: {@code /people/{id}}. */
	private static String withoutRegex(String pattern) {
		return pattern.replaceAll("\\{([^}:]+):(?:[^{}]|\\{[^}]*})*}", "{$1}");
	}

}
