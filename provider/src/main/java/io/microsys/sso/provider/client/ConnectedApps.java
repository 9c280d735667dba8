package io.microsys.sso.provider.client;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the connected apps for pages and features, so that controllers never hold the repository. */
@Service
@Transactional(readOnly = true)
public class ConnectedApps {

	/** Longest client id an app can have; longer input is no app, without a query. */
	static final int CLIENT_ID_MAX = 100;

	private final ClientRepository clients;

	ConnectedApps(ClientRepository clients) {
		this.clients = clients;
	}

	/** The first {@code limit} apps by name. */
	public List<SsoClient> byName(int limit) {
		return this.clients.findAll(PageRequest.of(0, limit, Sort.by("name"))).getContent();
	}

	/** The app with this client id, if there is one. */
	public Optional<SsoClient> byClientId(String clientId) {
		if (clientId == null || clientId.isEmpty() || clientId.length() > CLIENT_ID_MAX) {
			return Optional.empty();
		}
		return this.clients.findByClientId(clientId);
	}

}
