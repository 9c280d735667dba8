package io.microsys.sso.provider.scim;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import de.captaingoldfish.scim.sdk.common.constants.ClassPathReferences;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.complex.BulkConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ChangePasswordConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ETagConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.SortConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.EndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.schemas.custom.ResourceTypeFeatures;
import io.microsys.sso.provider.admin.groups.GroupAdministration;
import io.microsys.sso.provider.admin.users.PeopleProvisioning;

/**
 * The SCIM 2.0 server (RFC 7643/7644) at {@code /scim/v2}, built with the SCIM SDK
 * (de.captaingoldfish, BSD-3-Clause): what it supports ({@code /ServiceProviderConfig}), the
 * resource types {@code User} (with this provider's extension) and {@code Group}, and the handlers
 * that answer them through the console's services. Filtering, sorting and paging are done by the
 * handlers in the database, not by the SDK in memory.
 */
@Configuration(proxyBeanMethods = false)
class ScimConfiguration {

	/** The most resources one list answers ({@code count} is cut to it). */
	static final int MAX_RESULTS = 500;

	@Bean
	ResourceEndpoint scimEndpoint(PeopleProvisioning people, ScimPeopleQuery query, GroupAdministration groupAdministration,
			ScimErrors errors, PlatformTransactionManager transactions) {
		AuthenticationScheme bearer = AuthenticationScheme.builder()
			.name("OAuth Bearer Token")
			.description("An access token of this provider with the scope microsys.admin (client credentials "
					+ "of a service account)")
			.specUri("https://www.rfc-editor.org/info/rfc6750")
			.type("oauthbearertoken")
			.primary(true)
			.build();
		ServiceProvider serviceProvider = ServiceProvider.builder()
			.filterConfig(FilterConfig.builder().supported(true).maxResults(MAX_RESULTS).build())
			.sortConfig(SortConfig.builder().supported(true).build())
			.patchConfig(PatchConfig.builder().supported(true).build())
			.eTagConfig(ETagConfig.builder().supported(true).build())
			.changePasswordConfig(ChangePasswordConfig.builder().supported(false).build())
			.bulkConfig(BulkConfig.builder().supported(false).maxOperations(0).maxPayloadSize(0L).build())
			.authenticationSchemes(List.of(bearer))
			.build();
		ResourceEndpoint endpoint = new ResourceEndpoint(serviceProvider);
		ResourceType users = endpoint.registerEndpoint(new EndpointDefinition(
				JsonHelper.loadJsonDocument("/scim/user-resource-type.json"),
				JsonHelper.loadJsonDocument(ClassPathReferences.USER_SCHEMA_JSON),
				List.of(JsonHelper.loadJsonDocument("/scim/microsys-user-extension.json")),
				new ScimUsers(people, query, errors)));
		users.setFeatures(ResourceTypeFeatures.builder().autoFiltering(false).autoSorting(false).build());
		ResourceType groups = endpoint.registerEndpoint(new EndpointDefinition(
				JsonHelper.loadJsonDocument("/scim/group-resource-type.json"),
				JsonHelper.loadJsonDocument(ClassPathReferences.GROUP_SCHEMA_JSON), List.of(),
				new ScimGroups(groupAdministration, errors, transactions)));
		// Groups are few: the handler reads them (bounded) and the SDK filters and sorts in memory.
		groups.setFeatures(ResourceTypeFeatures.builder().autoFiltering(true).autoSorting(true).build());
		return endpoint;
	}

}
