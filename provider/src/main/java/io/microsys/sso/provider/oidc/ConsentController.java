package io.microsys.sso.provider.oidc;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import io.microsys.sso.provider.oidc.authorization.DatabaseConsentService;
import io.microsys.sso.provider.settings.ProviderProperties;

/** The consent page, shown only for apps whose policy asks for consent. */
@Controller
class ConsentController {

	static final String VIEW = "oidc/consent";

	private final RegisteredClientRepository clients;

	private final DatabaseConsentService consents;

	private final String authorizeUri;

	ConsentController(RegisteredClientRepository clients, DatabaseConsentService consents,
			ProviderProperties properties) {
		this.clients = clients;
		this.consents = consents;
		this.authorizeUri = AuthorizationServerConfiguration.issuerPath(properties) + "/authorize";
	}

	@GetMapping("/accounts/consent")
	String consent(Principal principal, Model model, @RequestParam(name = "client_id") String clientId,
			@RequestParam(name = "scope", defaultValue = "") String scope,
			@RequestParam(name = "state") String state) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null || state.isBlank() || state.length() > 512) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
		}
		OAuth2AuthorizationConsent previous = this.consents.findById(client.getId(), principal.getName());
		Set<String> already = (previous != null) ? previous.getScopes() : Set.of();
		Set<String> requested = new LinkedHashSet<>();
		for (String value : scope.split(" ")) {
			if (!value.isBlank() && !"openid".equals(value) && client.getScopes().contains(value)) {
				requested.add(value);
			}
		}
		Set<String> toApprove = new LinkedHashSet<>(requested);
		toApprove.removeAll(already);
		model.addAttribute("clientId", clientId);
		model.addAttribute("clientName", client.getClientName());
		model.addAttribute("state", state);
		model.addAttribute("scopes", requested);
		model.addAttribute("newScopes", toApprove);
		model.addAttribute("authorizeUri", this.authorizeUri);
		return VIEW;
	}

}
