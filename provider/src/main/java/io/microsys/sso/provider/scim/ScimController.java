package io.microsys.sso.provider.scim;

import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import de.captaingoldfish.scim.sdk.common.constants.HttpHeader;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.api.AdminApi;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * Hands every request below {@code /scim/v2} to the SCIM SDK's {@link ResourceEndpoint} (method,
 * full URL, body, headers, and the caller as {@link ScimCaller}) and writes back its status, headers
 * and {@code application/scim+json} body. The token was checked by the admin API's security chain.
 */
@Hidden
@RestController
class ScimController {

	private final ResourceEndpoint endpoint;

	ScimController(ResourceEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@RequestMapping(path = { AdminApi.SCIM + "/**" }, method = { RequestMethod.GET, RequestMethod.POST,
			RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE })
	void handle(HttpServletRequest request, HttpServletResponse response, Actor actor,
			@RequestBody(required = false) String body) throws java.io.IOException {
		// Header names compared as HTTP does (If-Match arrives in lower case through Tomcat).
		Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		Enumeration<String> names = request.getHeaderNames();
		while (names.hasMoreElements()) {
			String name = names.nextElement();
			headers.put(name, request.getHeader(name));
		}
		String query = request.getQueryString();
		String url = request.getRequestURL().toString() + ((query != null) ? "?" + query : "");
		ScimResponse answer = this.endpoint.handleRequest(url, HttpMethod.valueOf(request.getMethod()), body, headers,
				new Context(new ScimCaller(actor)));
		response.setStatus(answer.getHttpStatus());
		answer.getHttpHeaders().forEach(response::setHeader);
		response.setContentType(HttpHeader.SCIM_CONTENT_TYPE);
		if (!answer.isEmpty()) {
			response.setCharacterEncoding("UTF-8");
			response.getWriter().write(answer.toString());
		}
	}

}
