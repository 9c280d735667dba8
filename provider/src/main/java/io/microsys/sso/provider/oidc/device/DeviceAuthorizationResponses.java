package io.microsys.sso.provider.oidc.device;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2DeviceAuthorizationResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2DeviceAuthorizationResponseHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The device authorization response (RFC 8628 §3.2): the codes, the page where the person enters
 * the user code ({@code {base}/device}, also with the code filled in) and the polling interval
 * that {@link DeviceCodeTokens} holds the device to.
 */
public final class DeviceAuthorizationResponses implements AuthenticationSuccessHandler {

	private final OAuth2DeviceAuthorizationResponseHttpMessageConverter converter = new OAuth2DeviceAuthorizationResponseHttpMessageConverter();

	private final String verificationUri;

	public DeviceAuthorizationResponses(String baseUrl) {
		this.verificationUri = baseUrl + DeviceController.PATH;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2DeviceAuthorizationRequestAuthenticationToken codes = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		String complete = UriComponentsBuilder.fromUriString(this.verificationUri)
			.queryParam("user_code", codes.getUserCode().getTokenValue())
			.build()
			.toUriString();
		OAuth2DeviceAuthorizationResponse body = OAuth2DeviceAuthorizationResponse
			.with(codes.getDeviceCode(), codes.getUserCode())
			.verificationUri(this.verificationUri)
			.verificationUriComplete(complete)
			.interval(DeviceCodeTokens.INTERVAL.toSeconds())
			.build();
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.converter.write(body, null, new ServletServerHttpResponse(response));
	}

}
