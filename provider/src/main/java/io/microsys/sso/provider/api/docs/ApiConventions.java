package io.microsys.sso.provider.api.docs;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.api.ApiProblem;
import io.microsys.sso.provider.api.ItemsPage;

/**
 * What every operation of the admin API shares, added to the document from the handlers as they
 * are, so a new controller cannot forget it: the problem answers any call can get (401, 403, 429,
 * 500; 400 with input, 404 with a path variable; 412 and 428 with {@code If-Match}) as
 * {@code application/problem+json}; the {@code ETag}, {@code Location} and {@code Link} headers
 * of resources, creations and lists; the bounds of {@code limit}; and the permission each
 * operation names in its description ({@code Needs `users.view`.}) as {@code x-permissions}.
 */
final class ApiConventions {

	/** Status → name of the shared problem answers in {@code components.responses}. */
	static final Map<Integer, String> SHARED_RESPONSES;

	static {
		Map<Integer, String> shared = new LinkedHashMap<>();
		shared.put(400, "BadRequest");
		shared.put(401, "Unauthorized");
		shared.put(403, "Forbidden");
		shared.put(404, "NotFound");
		shared.put(412, "ChangedMeanwhile");
		shared.put(428, "IfMatchRequired");
		shared.put(429, "RateLimited");
		shared.put(500, "InternalError");
		SHARED_RESPONSES = java.util.Collections.unmodifiableMap(shared);
	}

	/** The extension naming the permissions an operation needs. */
	static final String PERMISSIONS = "x-permissions";

	// Codes in the "Needs …" sentence, with or without backticks ("Needs users.change"); words that
	// are no permission are skipped.
	private static final Pattern NEEDS = Pattern.compile("([a-z_]+(?:\\.[a-z_]+)?)");

	// The sentence ends at a full stop followed by a space or the end, not at the dot of a code.
	private static final Pattern NEEDS_SENTENCE = Pattern.compile("Needs (.*?)(?:\\.(?=\\s|$)|$)");

	private ApiConventions() {
	}

	/** One operation, with its handler: headers, {@code If-Match}, list parameters, permissions. */
	static Operation operation(Operation operation, HandlerMethod handler) {
		Set<RequestMethod> methods = methods(handler.getMethod());
		boolean list = isList(handler);
		if (takesIfMatch(handler)) {
			ifMatch(operation);
			addShared(operation, 412);
			addShared(operation, 428);
		}
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		// A PUT or PATCH of something without a version (a membership) takes no If-Match and so
		// answers no ETag; a GET of a resource does.
		boolean entity = isVersionedEntity(handler)
				&& (methods.contains(RequestMethod.GET) || takesIfMatch(handler));
		responses.forEach((code, response) -> {
			if (!code.startsWith("2") || response.get$ref() != null) {
				return;
			}
			if (list) {
				header(response, HttpHeaders.LINK, "`<...?after=...>; rel=\"next\"` when there is a next page.", false);
			}
			else if (code.equals("201")) {
				header(response, HttpHeaders.LOCATION, "The address of the new resource.", true);
				// A membership made by PUT has no version of its own: only a POST's creation has one.
				boolean versioned = methods.contains(RequestMethod.POST);
				if (versioned) {
					header(response, HttpHeaders.ETAG, "The new resource's version, for `If-Match`.", true);
				}
			}
			else if (entity && !code.equals("204") && (methods.contains(RequestMethod.GET)
					|| methods.contains(RequestMethod.PUT) || methods.contains(RequestMethod.PATCH))) {
				header(response, HttpHeaders.ETAG, "The resource's version, for `If-Match`.", true);
			}
		});
		if (operation.getParameters() != null) {
			for (Parameter parameter : operation.getParameters()) {
				if ("query".equals(parameter.getIn()) && "limit".equals(parameter.getName())) {
					parameter.description("How many items to answer: 1 to " + OpenApiDocument.maxLimit() + " (50 when not given).")
						.required(false)
						.schema(new JsonSchema().types(Set.of("integer"))
							.format("int32")
							.minimum(java.math.BigDecimal.ONE)
							.maximum(java.math.BigDecimal.valueOf(OpenApiDocument.maxLimit()))
							._default(50));
				}
				else if ("query".equals(parameter.getIn()) && "after".equals(parameter.getName())) {
					parameter.description("The `next` cursor of the previous page; none for the first page.")
						.required(false)
						.schema(new JsonSchema().types(Set.of("string")).maxLength(2048));
				}
			}
		}
		List<String> permissions = permissions(operation.getDescription());
		if (!permissions.isEmpty()) {
			operation.addExtension(PERMISSIONS, permissions);
		}
		return operation;
	}

	/**
	 * The whole document: the shared problem answers on every operation, JSON media types, and
	 * null allowed where the API writes it.
	 */
	static void document(OpenAPI openApi) {
		if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
			openApi.getComponents().getSchemas().values().forEach(ApiConventions::nullable);
		}
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
			operation.setResponses(responses);
			responses.forEach((code, response) -> {
				if (response.get$ref() != null) {
					return;
				}
				if (code.startsWith("4") || code.startsWith("5")) {
					response.setContent(OpenApiDocument.problemContent());
					if (response.getDescription() == null || response.getDescription().isBlank()) {
						response.setDescription(ApiProblem.ofStatus(Integer.parseInt(code)).title());
					}
					Map<String, Header> headers = OpenApiDocument.problemResponse(Integer.parseInt(code)).getHeaders();
					if (headers != null) {
						headers.forEach((name, header) -> {
							if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
								response.addHeaderObject(name, header);
							}
						});
					}
				}
				else {
					json(response.getContent());
				}
			});
			if (operation.getRequestBody() != null) {
				json(operation.getRequestBody().getContent());
			}
			boolean input = operation.getRequestBody() != null || (operation.getParameters() != null
					&& operation.getParameters().stream().anyMatch((p) -> !"header".equals(p.getIn())));
			if (input) {
				addShared(operation, 400);
			}
			if (path.contains("{")) {
				addShared(operation, 404);
			}
			for (int status : List.of(401, 403, 429, 500)) {
				addShared(operation, status);
			}
			sort(responses);
		}));
	}

	/**
	 * Members not marked required may be null: the API's JSON writes absent values as
	 * {@code null} ({@code "scopeId": null}, {@code "next": null}), so the schema says so.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static void nullable(Schema<?> schema) {
		if (schema == null || schema.getProperties() == null) {
			return;
		}
		List<String> required = (schema.getRequired() != null) ? schema.getRequired() : List.of();
		Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
		properties.forEach((name, property) -> {
			nullable(property);
			if (required.contains(name) || allowsNull(property)) {
				return;
			}
			if (property.get$ref() == null && property.getEnum() == null && property.getTypes() != null
					&& !property.getTypes().isEmpty()) {
				Set<String> types = new java.util.LinkedHashSet<>(property.getTypes());
				types.add("null");
				property.setTypes(types);
			}
			else {
				schema.getProperties().put(name, new JsonSchema().anyOf(List.of(property, new JsonSchema().types(Set.of("null")))));
			}
		});
	}

	private static boolean allowsNull(Schema<?> property) {
		return (property.getTypes() != null && property.getTypes().contains("null")) || (property.getAnyOf() != null
				&& property.getAnyOf().stream().anyMatch((option) -> option.getTypes() != null && option.getTypes().contains("null")));
	}

	/** The permission codes an operation's description names in its "Needs …." sentences. */
	static List<String> permissions(String description) {
		List<String> codes = new ArrayList<>();
		if (description == null) {
			return codes;
		}
		Matcher sentence = NEEDS_SENTENCE.matcher(description);
		while (sentence.find()) {
			Matcher code = NEEDS.matcher(sentence.group(1));
			while (code.find()) {
				String value = code.group(1);
				if (isPermission(value) && !codes.contains(value)) {
					codes.add(value);
				}
			}
		}
		return codes;
	}

	private static boolean isPermission(String code) {
		for (Permission permission : Permission.values()) {
			if (permission.code().equals(code)) {
				return true;
			}
		}
		return false;
	}

	private static void addShared(Operation operation, int status) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		if (!responses.containsKey(Integer.toString(status))) {
			responses.addApiResponse(Integer.toString(status),
					new ApiResponse().$ref("#/components/responses/" + SHARED_RESPONSES.get(status)));
		}
	}

	/** Answers in numeric order, 2xx first, as readers expect. */
	private static void sort(ApiResponses responses) {
		Map<String, ApiResponse> sorted = new java.util.TreeMap<>(responses);
		responses.clear();
		sorted.forEach(responses::addApiResponse);
	}

	/** Springdoc's {@code *}/{@code *} for handlers that do not say: the API answers JSON. */
	private static void json(Content content) {
		if (content != null && content.containsKey("*/*")) {
			MediaType any = content.remove("*/*");
			content.putIfAbsent(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, any);
		}
	}

	private static void header(ApiResponse response, String name, String description, boolean required) {
		if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
			response.addHeaderObject(name, new Header().description(description)
				.required(required ? Boolean.TRUE : null)
				.schema(new JsonSchema().types(Set.of("string"))));
		}
	}

	private static void ifMatch(Operation operation) {
		Parameter parameter = null;
		if (operation.getParameters() != null) {
			parameter = operation.getParameters()
				.stream()
				.filter((p) -> "header".equals(p.getIn()) && HttpHeaders.IF_MATCH.equalsIgnoreCase(p.getName()))
				.findFirst()
				.orElse(null);
		}
		if (parameter == null) {
			parameter = new Parameter().in("header").name(HttpHeaders.IF_MATCH);
			operation.addParametersItem(parameter);
		}
		parameter.name(HttpHeaders.IF_MATCH)
			.required(true)
			.description("The `ETag` of the resource as read last, or `*` to overwrite whatever is there: "
					+ "428 without it, 412 when the resource changed meanwhile.")
			.schema(new JsonSchema().types(Set.of("string")).examples(List.of("\"7\"")));
	}

	private static boolean takesIfMatch(HandlerMethod handler) {
		for (MethodParameter parameter : handler.getMethodParameters()) {
			RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
			if (header != null && (HttpHeaders.IF_MATCH.equalsIgnoreCase(header.name())
					|| HttpHeaders.IF_MATCH.equalsIgnoreCase(header.value()))) {
				return true;
			}
		}
		return false;
	}

	/** Whether the handler answers a page of a list ({@link ItemsPage}, or in a ResponseEntity). */
	static boolean isList(HandlerMethod handler) {
		Type type = handler.getMethod().getGenericReturnType();
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == ResponseEntity.class) {
			type = parameterized.getActualTypeArguments()[0];
		}
		Type raw = (type instanceof ParameterizedType parameterized) ? parameterized.getRawType() : type;
		return raw == ItemsPage.class;
	}

	/**
	 * Whether the handler answers one resource in a {@code ResponseEntity} (as
	 * {@code ApiResponses.resource} makes them, with an ETag): not a list, a stream, a file or text.
	 */
	static boolean isVersionedEntity(HandlerMethod handler) {
		Type type = handler.getMethod().getGenericReturnType();
		if (!(type instanceof ParameterizedType parameterized) || parameterized.getRawType() != ResponseEntity.class) {
			return false;
		}
		Type body = parameterized.getActualTypeArguments()[0];
		Type raw = (body instanceof ParameterizedType generic) ? generic.getRawType() : body;
		if (!(raw instanceof Class<?> bodyType) || bodyType == Object.class || bodyType == Void.class || bodyType == String.class
				|| bodyType.isArray() || bodyType == ItemsPage.class) {
			return false;
		}
		for (Class<?> unversioned : List.of(java.util.Collection.class, Map.class, org.springframework.core.io.Resource.class,
				org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody.class)) {
			if (unversioned.isAssignableFrom(bodyType)) {
				return false;
			}
		}
		return true;
	}

	private static Set<RequestMethod> methods(Method method) {
		RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
		return (mapping != null) ? Set.of(mapping.method()) : Set.of();
	}

}
