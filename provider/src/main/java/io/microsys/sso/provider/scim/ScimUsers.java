package io.microsys.sso.provider.scim;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.etag.ETag;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.resources.complex.Name;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Email;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.admin.users.PeopleProvisioning;
import io.microsys.sso.provider.admin.users.PeopleProvisioning.AppMembership;
import io.microsys.sso.provider.admin.users.PeopleProvisioning.Fields;
import io.microsys.sso.provider.admin.users.PeopleProvisioning.Person;
import io.microsys.sso.provider.client.MembershipRole;

/**
 * SCIM {@code /Users}: people, created, read, changed and deactivated through
 * {@link PeopleProvisioning} (the console's services and policy); listed by
 * {@link ScimPeopleQuery} in the database. DELETE deactivates (the account and its history stay;
 * {@code active} reads false afterwards). The extension {@value #EXTENSION} carries the scope and
 * the app memberships.
 */
class ScimUsers extends ResourceHandler<User> {

	/** The schema of this provider's own attributes of a person. */
	static final String EXTENSION = "urn:ietf:params:scim:schemas:extension:microsys:2.0:User";

	private final PeopleProvisioning people;

	private final ScimPeopleQuery query;

	private final ScimErrors errors;

	ScimUsers(PeopleProvisioning people, ScimPeopleQuery query, ScimErrors errors) {
		this.people = people;
		this.query = query;
		this.errors = errors;
	}

	@Override
	public User createResource(User resource, Context context) {
		Actor actor = ScimCaller.of(context);
		return this.errors.translate(() -> {
			Person person = this.people.create(actor, fields(resource, true), resource.isActive().orElse(null),
					apps(resource));
			return user(person);
		});
	}

	@Override
	public User getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excludedAttributes,
			Context context) {
		Actor actor = ScimCaller.of(context);
		return this.errors.translate(() -> user(this.people.find(actor, id)));
	}

	@Override
	public PartialListResponse<User> listResources(long startIndex, int count, FilterNode filter,
			SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
			List<SchemaAttribute> excludedAttributes, Context context) {
		Actor actor = ScimCaller.of(context);
		return this.errors.translate(() -> {
			ScimPeopleQuery.Page page = this.query.search(actor, filter, sortBy, sortOrder, startIndex, count);
			return PartialListResponse.<User>builder()
				.resources(page.people().stream().map(ScimUsers::user).toList())
				.totalResults(page.total())
				.build();
		});
	}

	@Override
	public User updateResource(User resource, Context context) {
		Actor actor = ScimCaller.of(context);
		String id = resource.getId().orElseThrow();
		return this.errors.translate(() -> {
			long version = ScimVersions.expected(resource, context).orElseGet(() -> this.people.find(actor, id).version());
			Person person = this.people.change(actor, id, version, fields(resource, false),
					resource.isActive().orElse(null), apps(resource));
			return user(person);
		});
	}

	@Override
	public void deleteResource(String id, Context context) {
		Actor actor = ScimCaller.of(context);
		this.errors.run(() -> this.people.deactivate(actor, id));
	}

	private static Fields fields(User user, boolean creating) {
		Name name = user.getName().orElse(null);
		String email = user.getEmails()
			.stream()
			.filter((candidate) -> candidate.isPrimary())
			.findFirst()
			.or(() -> user.getEmails().stream().findFirst())
			.flatMap(Email::getValue)
			.orElse(null);
		Long scopeId = extension(user).map((ext) -> ext.get("scopeId"))
			.filter((node) -> node != null && !node.isNull())
			.map(JsonNode::asLong)
			.orElse(null);
		return new Fields(user.getUserName().orElse(null), email,
				(name != null) ? name.getGivenName().orElse(null) : null,
				(name != null) ? name.getFamilyName().orElse(null) : null,
				user.getPreferredLanguage().orElse(null), scopeId, creating ? user.getPassword().orElse(null) : null);
	}

	/** The app memberships the client sent, or null when it sent none (they stay as they are). */
	private static List<AppMembership> apps(User user) {
		JsonNode apps = extension(user).map((ext) -> ext.get("apps")).orElse(null);
		if (apps == null || apps.isNull()) {
			return null;
		}
		List<AppMembership> memberships = new ArrayList<>();
		for (JsonNode app : apps) {
			String clientId = app.path("clientId").asText(null);
			if (clientId == null) {
				throw new BadRequestException("apps: each needs a clientId.", null, "invalidValue");
			}
			MembershipRole role;
			try {
				role = MembershipRole.fromClaimValue(app.path("role").asText("user"));
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequestException("apps.role: " + ex.getMessage(), null, "invalidValue");
			}
			memberships.add(new AppMembership(clientId, role, app.path("active").asBoolean(true)));
		}
		return memberships;
	}

	private static java.util.Optional<JsonNode> extension(User user) {
		return java.util.Optional.ofNullable(user.get(EXTENSION)).filter(JsonNode::isObject);
	}

	static User user(Person person) {
		User user = User.builder()
			.id(person.uuid())
			.userName(person.username())
			.active(person.active())
			.preferredLanguage(person.language())
			.meta(Meta.builder()
				.resourceType("User")
				.created(person.createdAt())
				.lastModified(person.updatedAt())
				.version(ETag.builder().weak(false).tag(Long.toString(person.version())).build())
				.build())
			.build();
		if (person.firstName() != null || person.lastName() != null) {
			user.setName(Name.builder().givenName(person.firstName()).familyName(person.lastName()).build());
		}
		if (person.email() != null) {
			user.setEmails(List.of(Email.builder().value(person.email()).primary(true).build()));
		}
		ObjectNode extension = JsonNodeFactory.instance.objectNode();
		if (person.scopeId() != null) {
			extension.put("scopeId", person.scopeId());
			extension.put("scopeName", person.scopeName());
		}
		ArrayNode apps = extension.putArray("apps");
		person.apps()
			.forEach((app) -> apps.addObject()
				.put("clientId", app.clientId())
				.put("role", app.role().claimValue())
				.put("active", app.active()));
		if (apps.isEmpty()) {
			extension.remove("apps");
		}
		if (!extension.isEmpty()) {
			user.set(EXTENSION, extension);
			user.addSchema(EXTENSION);
		}
		return user;
	}

}
