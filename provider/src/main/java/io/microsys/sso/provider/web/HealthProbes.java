package io.microsys.sso.provider.web;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The liveness and readiness groups on the public port, at {@code /health/liveness} and
 * {@code /health/readiness} beside the contract's {@code /health}, for load balancers that probe
 * the port they send traffic to. Actuator maps a group's additional path only when it is one segment
 * ({@code /health} is), so these two ask its health endpoint for the group: the status alone, 200 or
 * 503 as on the management port.
 */
@RestController
class HealthProbes {

	private final ObjectProvider<HealthEndpointWebExtension> health;

	/** The endpoint is absent without a management server ({@code management.server.port=-1}). */
	HealthProbes(ObjectProvider<HealthEndpointWebExtension> health) {
		this.health = health;
	}

	@GetMapping("/health/{group:liveness|readiness}")
	ResponseEntity<Map<String, String>> probe(@PathVariable String group) {
		HealthEndpointWebExtension endpoint = this.health.getIfAvailable();
		if (endpoint == null) {
			return ResponseEntity.notFound().build();
		}
		WebEndpointResponse<HealthDescriptor> answer = endpoint.health(ApiVersion.LATEST, WebServerNamespace.SERVER,
				SecurityContext.NONE, group);
		HealthDescriptor descriptor = answer.getBody();
		if (descriptor == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.status(answer.getStatus()).body(Map.of("status", descriptor.getStatus().getCode()));
	}

}
