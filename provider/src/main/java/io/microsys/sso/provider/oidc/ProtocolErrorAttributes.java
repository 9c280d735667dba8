package io.microsys.sso.provider.oidc;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * Errors under the issuer are OAuth 2.0 errors. When the error page answers a protocol request
 * (refused by the container or a filter before an endpoint could answer it), {@code error} holds a
 * standard code, {@code invalid_request} for a 4xx and {@code server_error} otherwise, and the HTTP
 * reason phrase moves to {@code error_description}. Other paths keep Spring Boot's attributes.
 */
@Component
class ProtocolErrorAttributes extends DefaultErrorAttributes {

	private final String issuerPath;

	ProtocolErrorAttributes(ProviderProperties properties) {
		this.issuerPath = AuthorizationServerConfiguration.issuerPath(properties) + "/";
	}

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
		Object uri = webRequest.getAttribute(RequestDispatcher.ERROR_REQUEST_URI, RequestAttributes.SCOPE_REQUEST);
		if (uri instanceof String path && path.startsWith(webRequest.getContextPath() + this.issuerPath)
				&& attributes.get("status") instanceof Integer status) {
			attributes.put("error_description", attributes.get("error"));
			attributes.put("error", (status < 500) ? OAuth2ErrorCodes.INVALID_REQUEST : OAuth2ErrorCodes.SERVER_ERROR);
		}
		return attributes;
	}

}
