package io.microsys.sso.provider.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.captaingoldfish.scim.sdk.client.ScimClientConfig;
import de.captaingoldfish.scim.sdk.client.ScimRequestBuilder;
import io.microsys.sso.provider.support.Provider;

/**
 * The SCIM SDK's client against the provider's {@code /scim/v2}, one per bearer token, all closed
 * after each test.
 */
final class ScimClients implements AutoCloseable {

	private final Provider provider;

	private final List<ScimRequestBuilder> opened = new ArrayList<>();

	ScimClients(Provider provider) {
		this.provider = provider;
	}

	/** A client sending this bearer token. */
	ScimRequestBuilder with(String token) {
		ScimRequestBuilder scim = new ScimRequestBuilder(this.provider.origin() + "/scim/v2",
				ScimClientConfig.builder().httpHeaders(Map.of("Authorization", "Bearer " + token)).build());
		this.opened.add(scim);
		return scim;
	}

	@Override
	public void close() {
		this.opened.forEach(ScimRequestBuilder::close);
		this.opened.clear();
	}

}
