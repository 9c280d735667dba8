package io.microsys.sso.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The sample's API, called with a bearer access token from the provider. */
@RestController
class ApiController {

	@GetMapping("/api/me")
	Map<String, Object> me(Authentication authentication) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sub", authentication.getName());
		if (authentication instanceof JwtAuthenticationToken jwt) {
			body.put("client_id", jwt.getToken().getClaims().get("microsys_sso_client_id"));
			body.put("role", PagesController.role(jwt.getToken().getClaims()));
		}
		body.put("authorities", PagesController.authorities(authentication));
		return body;
	}

}
