package io.microsys.sso.provider.admin.users;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.MembershipChanges;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.support.Forms;

/**
 * People as a provisioning client (SCIM) sees them: plain values in, plain values out, every step
 * made by the console's own services ({@link PeopleAdministration}, {@link PersonApps}) with the
 * same policy checks, validation and activity-log entries. The console's form records stay the
 * single way in; this class fills them from what the client sent and validates them as the pages
 * would.
 */
@Service
public class PeopleProvisioning {

	private final PeopleAdministration people;

	private final PersonApps apps;

	private final Validator validator;

	private final AdminPolicy policy;

	private final TargetPeople targets;

	private final AccessGuard guard;

	private final JdbcClient jdbc;

	PeopleProvisioning(PeopleAdministration people, PersonApps apps, Validator validator, AdminPolicy policy,
			TargetPeople targets, AccessGuard guard, JdbcClient jdbc) {
		this.people = people;
		this.apps = apps;
		this.validator = validator;
		this.policy = policy;
		this.targets = targets;
		this.guard = guard;
		this.jdbc = jdbc;
	}

	/**
	 * A person as provisioning shows them.
	 *
	 * @param uuid their stable identifier
	 * @param active whether their account is active
	 * @param updatedAt when the account's row last changed
	 * @param version the account's version (the ETag)
	 * @param apps their app memberships
	 */
	public record Person(String uuid, String username, String email, String firstName, String lastName,
			String language, boolean active, Long scopeId, String scopeName, Instant createdAt, Instant updatedAt,
			long version, List<AppMembership> apps) {
	}

	/** A membership in one app: its client id, the role, whether it is active. */
	public record AppMembership(String clientId, MembershipRole role, boolean active) {
	}

	/**
	 * What a client sets on a person; null language keeps the person's (a new person gets the
	 * default); a null password sends the link to choose one.
	 */
	public record Fields(String username, String email, String firstName, String lastName, String language,
			Long scopeId, String password) {
	}

	/**
	 * A value the console's rules refuse (a username taken, an invalid email…): nothing was saved.
	 *
	 * @param field the field
	 * @param messageKey the message's key in messages.properties
	 */
	public static final class Refused extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String field;

		private final String messageKey;

		Refused(String field, String messageKey) {
			super(field + ": " + messageKey);
			this.field = field;
			this.messageKey = messageKey;
		}

		public String field() {
			return this.field;
		}

		public String messageKey() {
			return this.messageKey;
		}

		/** Whether the value is taken by someone else (a uniqueness conflict rather than bad input). */
		public boolean taken() {
			return this.messageKey.endsWith("-taken");
		}

	}

	/** Thrown when the version a change was based on is no longer the person's. */
	public static final class Stale extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Stale() {
			super("changed meanwhile");
		}

	}

	/**
	 * Creates a person (policy: {@code users.add}, scope and flags as the console's form); without
	 * a scope, a caller who may choose only one (scoped staff, a service account limited to a
	 * scope) puts them in it. Then, as {@link #change}, deactivates them when {@code active} is
	 * false and gives them {@code memberships} when not null. Everything those steps and the answer
	 * need (seeing the person, deactivating, changing their apps, the apps themselves) is checked
	 * before the person is created, so a refused request creates no one and mails nobody.
	 */
	public Person create(Actor actor, Fields fields, Boolean active, List<AppMembership> memberships) {
		AdminPolicy.AssignableScopes assignable = this.policy.assignableScopes(actor);
		Long scopeId = (fields.scopeId() == null && !assignable.any()) ? assignable.only() : fields.scopeId();
		// The new person is neither staff nor superuser, and in a scope the creation lets the actor
		// see: the permissions are all the later steps ask for.
		this.guard.require(actor, this.policy.mayUse(actor, Area.USERS, Action.VIEW), "user:new");
		if (Boolean.FALSE.equals(active)) {
			this.guard.require(actor, this.policy.mayUse(actor, Area.USERS, Action.DELETE), "user:new");
		}
		if (memberships != null && !memberships.isEmpty()) {
			this.guard.require(actor, this.policy.mayUse(actor, Area.USERS, Action.CHANGE), "user:new");
			requireApps(memberships);
		}
		String choice = (fields.password() != null) ? PersonForm.SET_PASSWORD : PersonForm.EMAIL_LINK;
		PersonForm form = new PersonForm(fields.username(), fields.email(), fields.firstName(), fields.lastName(),
				null, (fields.language() != null) ? fields.language() : io.microsys.sso.provider.support.Language
					.orDefault(null)
					.code(),
				scopeId, false, false, List.of(), List.of(), choice, fields.password(), fields.password());
		validate(form);
		String uuid = refusals(() -> this.people.create(actor, form));
		if ((memberships == null || memberships.isEmpty()) && !Boolean.FALSE.equals(active)) {
			return find(actor, uuid);
		}
		// The version of the person just made (one column, not the whole person page).
		long version = this.jdbc.sql("SELECT version FROM sso_user WHERE uuid = :uuid")
			.param("uuid", uuid)
			.query(Long.class)
			.single();
		return change(actor, uuid, version, null, active, memberships);
	}

	/** The person with this uuid, when the actor may see them (a 404 otherwise). */
	public Person find(Actor actor, String uuid) {
		PeopleAdministration.PersonView view = this.people.view(actor, uuid).person();
		List<AppMembership> memberships = this.apps.view(actor, uuid, Action.VIEW)
			.memberships()
			.stream()
			.map((row) -> new AppMembership(row.clientId(), row.role(), row.active()))
			.toList();
		return new Person(view.uuid(), view.username(), view.email(), view.firstName(), view.lastName(),
				view.language(), view.status() == UserStatus.ACTIVE, view.scopeId(), view.scopeName(),
				view.createdAt(), this.targets.require(actor, Action.VIEW, uuid).getUpdatedAt(), view.version(),
				memberships);
	}

	/**
	 * Changes a person to these values, as the console's profile form would; then their status
	 * when {@code active} is given; then their app memberships when {@code memberships} is given
	 * (added, changed, removed to match). Null {@code fields} leave the profile as it is. The
	 * permissions every step needs and the apps named are checked first; then {@code version} is
	 * claimed in one statement (moved on only if it is still the person's), so of two changes based
	 * on the same version exactly one goes ahead, and a change of their memberships made since
	 * (which moves the version too) is never undone by a change based on an older read.
	 * @throws Stale when the person changed since {@code version}
	 */
	public Person change(Actor actor, String uuid, long version, Fields fields, Boolean active,
			List<AppMembership> memberships) {
		PeopleAdministration.PersonPage page = this.people.view(actor, uuid);
		PeopleAdministration.PersonView now = page.person();
		if (now.version() != version) {
			throw new Stale();
		}
		boolean statusChanges = (Boolean.FALSE.equals(active) && now.status() != UserStatus.DEACTIVATED)
				|| (Boolean.TRUE.equals(active) && now.status() == UserStatus.DEACTIVATED);
		// The steps below commit one by one: a step the policy refuses is refused before the first.
		if (statusChanges) {
			this.targets.require(actor, Action.DELETE, uuid);
		}
		if (memberships != null) {
			this.targets.require(actor, Action.CHANGE, uuid);
			requireApps(memberships);
		}
		long claimed = version + 1;
		PersonEditForm form = null;
		if (fields != null) {
			if (fields.username() != null && !fields.username().equals(now.username())) {
				throw new Refused("userName", "scim.error.username-fixed");
			}
			PersonEditForm was = page.form();
			form = new PersonEditForm(fields.email(), fields.firstName(), fields.lastName(), was.phone(),
					(fields.language() != null) ? fields.language() : was.language(),
					(fields.scopeId() != null) ? fields.scopeId() : was.scope(), was.staff(), was.superuser(),
					was.groups(), was.permissions(), claimed);
			validate(form);
		}
		if (!claim(uuid, version)) {
			throw new Stale();
		}
		if (form != null) {
			PersonEditForm profile = form;
			refusals(() -> this.people.change(actor, uuid, profile));
		}
		if (Boolean.FALSE.equals(active) && now.status() != UserStatus.DEACTIVATED) {
			refusals(() -> this.people.deactivate(actor, uuid));
		}
		else if (Boolean.TRUE.equals(active) && now.status() == UserStatus.DEACTIVATED) {
			refusals(() -> this.people.reactivate(actor, uuid));
		}
		if (memberships != null) {
			setApps(actor, uuid, memberships);
		}
		return find(actor, uuid);
	}

	/**
	 * Moves the person's version from {@code version} to the next, if it still is {@code version}:
	 * the change based on it is the one that goes ahead.
	 */
	private boolean claim(String uuid, long version) {
		return this.jdbc.sql("UPDATE sso_user SET version = version + 1 WHERE uuid = :uuid AND version = :version")
			.param("uuid", uuid)
			.param("version", version)
			.update() == 1;
	}

	/** Refuses memberships in apps that do not exist, before anything is changed. */
	private void requireApps(List<AppMembership> memberships) {
		for (AppMembership membership : memberships) {
			if (!this.apps.exists(membership.clientId())) {
				throw new Refused("app", "person.apps.error.app");
			}
		}
	}

	/** Deactivates the person (SCIM's DELETE): their sessions end, their history stays. */
	public void deactivate(Actor actor, String uuid) {
		refusals(() -> this.people.deactivate(actor, uuid));
	}

	private void setApps(Actor actor, String uuid, List<AppMembership> wanted) {
		Map<String, MembershipChanges.Row> current = this.apps.view(actor, uuid, Action.CHANGE)
			.memberships()
			.stream()
			.collect(Collectors.toMap(MembershipChanges.Row::clientId, Function.identity()));
		Map<String, AppMembership> after = wanted.stream()
			.collect(Collectors.toMap(AppMembership::clientId, Function.identity(), (a, b) -> b));
		List<Outcome> outcomes = new ArrayList<>();
		for (AppMembership membership : after.values()) {
			MembershipChanges.Row row = current.get(membership.clientId());
			if (row == null) {
				outcomes.add(this.apps.add(actor, uuid, membership.clientId(), membership.role().name()));
				if (!membership.active()) {
					outcomes.add(this.apps.setActive(actor, uuid, membership.clientId(), false));
				}
				continue;
			}
			if (row.role() != membership.role()) {
				outcomes.add(this.apps.changeRole(actor, uuid, membership.clientId(), membership.role().name()));
			}
			if (row.active() != membership.active()) {
				outcomes.add(this.apps.setActive(actor, uuid, membership.clientId(), membership.active()));
			}
		}
		current.keySet()
			.stream()
			.filter((clientId) -> !after.containsKey(clientId))
			.forEach((clientId) -> outcomes.add(this.apps.remove(actor, uuid, clientId)));
		Optional<Outcome> failed = outcomes.stream().filter((outcome) -> !outcome.isDone()).findFirst();
		if (failed.isPresent()) {
			throw new Refused(Objects.requireNonNullElse(failed.get().field(), "apps"), failed.get().error());
		}
	}

	private void validate(Object form) {
		Set<ConstraintViolation<Object>> problems = this.validator.validate(form);
		if (!problems.isEmpty()) {
			ConstraintViolation<Object> first = problems.stream()
				.min(java.util.Comparator.comparing((problem) -> problem.getPropertyPath().toString()))
				.orElseThrow();
			String key = first.getMessageTemplate();
			if (key.startsWith("{") && key.endsWith("}")) {
				key = key.substring(1, key.length() - 1);
			}
			throw new Refused(Forms.blankToNull(first.getPropertyPath().toString()) != null
					? first.getPropertyPath().toString() : "password", key);
		}
	}

	private static <T> T refusals(java.util.function.Supplier<T> work) {
		try {
			return work.get();
		}
		catch (FieldProblem ex) {
			throw new Refused(ex.field(), ex.messageKey());
		}
		catch (ChangedMeanwhileException ex) {
			throw new Stale();
		}
	}

}
