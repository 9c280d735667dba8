package io.microsys.sso.provider.admin.users;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.Permission;
import io.microsys.sso.provider.access.PersonChange;
import io.microsys.sso.provider.access.TargetPerson;
import io.microsys.sso.provider.access.Tier;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.LinkTokens;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.audit.AuditAction;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.scope.ScopeRepository;
import io.microsys.sso.provider.session.ProviderSessionEnd;
import io.microsys.sso.provider.settings.Links;
import io.microsys.sso.provider.settings.ScopeSystem;
import io.microsys.sso.provider.support.Forms;
import io.microsys.sso.provider.support.Language;

/**
 * Creating, viewing, changing, deactivating and reactivating a person in the console. Every rule
 * is the {@link AdminPolicy}'s, enforced here through the {@link AccessGuard} before anything is
 * read for the page or written: a person the actor may not see is a 404, a refused change a 403
 * with nothing changed. Changes are recorded in the activity log ({@link PersonAudited}).
 * <p>
 * While the {@link ScopeSystem} is off, the forms have no scope field and their {@code scope} is
 * not read: a changed person keeps their scope, and a new one gets the only scope the policy lets
 * the actor choose (their own, for scoped staff), else none.
 * <p>
 * A person may have no email. Emptying the field removes the address, unless something needs it:
 * they still have to confirm it (a sign-up waiting for its link), or it receives their two-step
 * codes. A new person gets the link to choose a password only with an address.
 * <p>
 * Anything that can take away an active superuser (deactivating, clearing the flag) first locks
 * the rows of the active superusers, in id order, in the same transaction: two superusers
 * deactivating each other at once are serialised, and the second sees the first's change.
 */
@Service
public class PeopleAdministration {

	/** How long the "choose your password" link of a new person stays valid. */
	static final Duration WELCOME_LINK_TTL = Duration.ofHours(72);

	/** Entries on one page of a person's activity. */
	static final int ACTIVITY_PAGE = 50;

	private final UserRepository users;

	private final ScopeRepository scopes;

	private final TargetPeople targets;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final JdbcClient jdbc;

	private final EntityManager entityManager;

	private final PasswordPolicy passwordPolicy;

	private final PasswordEncoder passwordEncoder;

	private final LinkTokens links;

	private final Links pages;

	private final Mailer mailer;

	private final ProviderSessionEnd sessionEnd;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final TransactionTemplate readOnly;

	private final ScopeSystem scopeSystem;

	PeopleAdministration(UserRepository users, ScopeRepository scopes, TargetPeople targets, AdminPolicy policy,
			AccessGuard guard, JdbcClient jdbc, EntityManager entityManager, PasswordPolicy passwordPolicy,
			PasswordEncoder passwordEncoder, LinkTokens links, Links pages, Mailer mailer,
			ProviderSessionEnd sessionEnd, ApplicationEventPublisher events, Clock clock,
			PlatformTransactionManager transactionManager, ScopeSystem scopeSystem) {
		this.users = users;
		this.scopes = scopes;
		this.targets = targets;
		this.policy = policy;
		this.guard = guard;
		this.jdbc = jdbc;
		this.entityManager = entityManager;
		this.passwordPolicy = passwordPolicy;
		this.passwordEncoder = passwordEncoder;
		this.links = links;
		this.pages = pages;
		this.mailer = mailer;
		this.sessionEnd = sessionEnd;
		this.events = events;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.scopeSystem = scopeSystem;
	}

	/** The choices of the "add a person" form for this actor (403 without {@code users.add}). */
	Choices newPersonChoices(Actor actor) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.USERS, Action.ADD), null);
		return this.readOnly.execute((status) -> choices(actor));
	}

	/** The choices the actor has on a person's form: scopes, groups, grantable permissions. */
	private Choices choices(Actor actor) {
		AdminPolicy.AssignableScopes assignable = this.policy.assignableScopes(actor);
		List<Named> scopeOptions = this.scopes.findAll()
			.stream()
			.filter((scope) -> assignable.allows(scope.getId()))
			.sorted(Comparator.comparing(Scope::getName, String.CASE_INSENSITIVE_ORDER))
			.map((scope) -> new Named(scope.getId(), scope.getName()))
			.toList();
		boolean managesStaff = actor.holds(Permission.MANAGE_STAFF);
		List<Named> groupOptions = managesStaff ? allGroups() : List.of();
		List<Permission> grantable = EnumSet.allOf(Permission.class)
			.stream()
			.filter((permission) -> this.policy.mayGrant(actor, Set.of(permission)).isAllowed())
			.toList();
		return new Choices(scopeOptions, assignable.allows(null), groupOptions, managesStaff ? grantable : List.of(),
				actor.tier() == Tier.SUPERUSER, managesStaff, Language.values());
	}

	/**
	 * Creates a person as the form says, in one transaction, and mails the link to choose a
	 * password when asked to; returns their uuid.
	 * @throws FieldProblem when a value is refused (nothing saved)
	 */
	public String create(Actor actor, PersonForm form) {
		String username = form.username().trim();
		String email = Forms.blankToNull(form.email());
		Language language = language(form.language());
		if (!PersonForm.SET_PASSWORD.equals(form.passwordChoice())
				&& !PersonForm.EMAIL_LINK.equals(form.passwordChoice())) {
			throw new FieldProblem("passwordChoice", "person.error.passwordChoice");
		}
		if (email == null && !form.setsPassword()) {
			throw new FieldProblem("email", "person.error.email-for-link");
		}
		Set<Permission> direct = permissions(form.permissionCodes());
		String hash = null;
		if (form.setsPassword()) {
			Optional<String> problem = this.passwordPolicy.problem(form.password(), username, email);
			if (problem.isPresent()) {
				throw new FieldProblem("password", "password." + problem.get());
			}
			hash = this.passwordEncoder.encode(form.password());
		}
		else if (!this.mailer.isAvailable()) {
			throw new FieldProblem("passwordChoice", "person.error.no-mail");
		}
		String passwordHash = hash;
		try {
			return this.transaction.execute((status) -> {
				Long scopeId = this.scopeSystem.isOn() ? form.scope() : scopeWhenOff(actor);
				Scope scope = scope(scopeId);
				Map<Long, Group> groups = groups(form.groupIds());
				Set<Permission> touched = EnumSet.noneOf(Permission.class);
				touched.addAll(direct);
				groups.values().forEach((group) -> touched.addAll(group.permissions()));
				this.guard.require(actor, this.policy.mayCreate(actor, PersonChange.newPerson(scopeId,
						form.isStaff(), form.isSuperuser(), !groups.isEmpty(), touched)), "user:new");
				if (this.users.usernameTaken(username)) {
					throw new FieldProblem("username", "register.error.username-taken");
				}
				if (email != null
						&& (this.users.findByEmail(email).isPresent() || this.users.emailIsAUsername(email))) {
					throw new FieldProblem("email", "person.error.email-taken");
				}
				SsoUser user = new SsoUser(username, AccountOrigin.ADMIN);
				user.setEmail(email);
				user.setEmailVerified(email != null);
				user.setFirstName(Forms.blankToNull(form.firstName()));
				user.setLastName(Forms.blankToNull(form.lastName()));
				user.setPhone(Forms.blankToNull(form.phone()));
				user.setLanguage(language.code());
				user.setScope(scope);
				user.setStaff(form.isStaff());
				user.setSuperuser(form.isSuperuser());
				user.setPasswordHash(passwordHash);
				user = this.users.saveAndFlush(user);
				long id = user.getId();
				groups.keySet().forEach((groupId) -> addMember(groupId, id));
				direct.forEach((permission) -> grant(id, permission));
				Changes changes = Changes.none()
					.field("username", null, user.getUsername())
					.field("email", null, user.getEmail())
					.field("firstName", null, user.getFirstName())
					.field("lastName", null, user.getLastName())
					.field("phone", null, user.getPhone())
					.field("language", null, user.getLanguage())
					.field("scope", null, (scope != null) ? scope.getName() : null)
					.field("staff", null, user.isStaff() ? "true" : null)
					.field("superuser", null, user.isSuperuser() ? "true" : null)
					.field("groups", null, names(groups.values()))
					.field("permissions", null, codes(direct));
				if (passwordHash != null) {
					changes.secret("password");
				}
				else {
					sendWelcomeLink(actor, user);
				}
				this.events.publishEvent(new PersonAudited(AuditEventType.PERSON_CREATED, AuditAction.CREATE, actor,
						user.getUuid(), user.getUsername(), (scope != null) ? scope.getId() : null,
						user.isSuperuser(), changes, (passwordHash != null) ? null : "password_link_sent"));
				return user.getUuid();
			});
		}
		catch (DataIntegrityViolationException ex) {
			// The same username or address was taken at the same moment by another request.
			throw new FieldProblem("username", "register.error.username-taken");
		}
	}

	/** Writes the mail with the link to choose a password into the outbox, in the caller's transaction. */
	private void sendWelcomeLink(Actor actor, SsoUser user) {
		String token = this.links.issue(LinkTokens.Purpose.PASSWORD_RESET, user.getId(), null, WELCOME_LINK_TTL,
				Duration.ZERO)
			.orElseThrow();
		this.mailer.send(user.getEmail(), user.getLanguage(), "account-created",
				Map.of("name", user.getDisplayName(), "by", actor.username(), "username", user.getUsername(), "link",
						this.pages.passwordReset(token), "hours", WELCOME_LINK_TTL.toHours()),
				WELCOME_LINK_TTL);
	}

	/** The person's profile tab: what they are now, and what the actor may change. */
	public PersonPage view(Actor actor, String uuid) {
		return this.readOnly.execute((status) -> {
			SsoUser user = this.targets.require(actor, Action.VIEW, uuid);
			return page(actor, user);
		});
	}

	private PersonPage page(Actor actor, SsoUser user) {
		TargetPerson target = TargetPeople.target(user);
		Map<Long, Group> memberOf = groupsOf(user.getId());
		Set<Permission> direct = directPermissions(user.getId());
		Set<Permission> all = EnumSet.noneOf(Permission.class);
		all.addAll(direct);
		memberOf.values().forEach((group) -> all.addAll(group.permissions()));
		Tier tier = Tier.of(user.getStatus() == UserStatus.ACTIVE, user.isSuperuser(), user.isStaff(),
				target.scopeId(), all.contains(Permission.MANAGE_SCOPES));
		String deactivatedBy = (user.getDeactivatedBy() != null)
				? this.users.findByUuid(user.getDeactivatedBy()).map(SsoUser::getUsername).orElse(user.getDeactivatedBy())
				: null;
		boolean self = actor.is(user.getId());
		boolean mayChange = this.policy.mayAct(actor, Action.CHANGE, target).isAllowed();
		boolean authority = mayChange && !self && actor.holds(Permission.MANAGE_STAFF);
		Choices choices = choices(actor);
		Editable editable = new Editable(mayChange, mayChange && !self && this.policy.assignableScopes(actor).any(),
				authority, mayChange && !self && actor.tier() == Tier.SUPERUSER,
				this.policy.mayAct(actor, Action.DELETE, target).isAllowed());
		List<Named> groupOptions = new ArrayList<>(choices.groups());
		if (!authority) {
			groupOptions = memberOf.values().stream().map((group) -> new Named(group.id(), group.name())).toList();
		}
		Scope scope = user.getScope();
		PersonView person = new PersonView(user.getUuid(), user.getUsername(), user.getDisplayName(),
				user.getEmail(), user.getFirstName(), user.getLastName(), user.getPhone(), user.getLanguage(),
				user.getStatus(), user.getDeactivatedAt(), deactivatedBy, user.getOrigin(), user.getCreatedAt(),
				user.getLastLoginAt(), user.isEmailVerified(), (scope != null) ? scope.getId() : null,
				(scope != null) ? scope.getName() : null, tier, user.isStaff(), user.isSuperuser(),
				memberOf.values().stream().map((group) -> new Named(group.id(), group.name())).toList(), direct, all,
				user.getVersion());
		PersonEditForm form = new PersonEditForm(user.getEmail(), user.getFirstName(), user.getLastName(),
				user.getPhone(), user.getLanguage(), person.scopeId(), user.isStaff(), user.isSuperuser(),
				List.copyOf(memberOf.keySet()), direct.stream().map(Permission::code).toList(), user.getVersion());
		return new PersonPage(person, editable, choices, groupOptions, form);
	}

	/**
	 * Changes a person as the form says; returns whether anything changed.
	 * @throws FieldProblem when a value is refused (nothing saved)
	 * @throws ChangedMeanwhileException when someone changed the person since the form was read
	 */
	public boolean change(Actor actor, String uuid, PersonEditForm form) {
		Language language = language(form.language());
		Set<Permission> direct = permissions(form.permissionCodes());
		String email = Forms.blankToNull(form.email());
		try {
			return this.transaction.execute((status) -> {
				List<Long> activeSuperusers = lockActiveSuperusers();
				// The person before their groups, as the groups page does: changes of one person take
				// turns, and the version compared next is the last one committed.
				this.jdbc.sql("SELECT id FROM sso_user WHERE uuid = :uuid FOR UPDATE")
					.param("uuid", uuid)
					.query(Long.class)
					.optional();
				SsoUser user = this.targets.require(actor, Action.CHANGE, uuid);
				if (form.version() != null && user.getVersion() != form.version()) {
					throw new ChangedMeanwhileException();
				}
				TargetPerson target = TargetPeople.target(user);
				Long scopeId = this.scopeSystem.isOn() ? form.scope() : target.scopeId();
				Scope scopeBefore = user.getScope();
				Scope scopeAfter = Objects.equals(scopeId, target.scopeId()) ? scopeBefore : scope(scopeId);
				Map<Long, Group> groupsBefore = groupsOf(user.getId());
				Map<Long, Group> groupsAfter = groups(form.groupIds());
				Set<Permission> directBefore = directPermissions(user.getId());
				Set<Permission> touched = EnumSet.noneOf(Permission.class);
				symmetricDifference(directBefore, direct, touched);
				groupsBefore.forEach((id, group) -> {
					if (!groupsAfter.containsKey(id)) {
						touched.addAll(group.permissions());
					}
				});
				groupsAfter.forEach((id, group) -> {
					if (!groupsBefore.containsKey(id)) {
						touched.addAll(group.permissions());
					}
				});
				boolean scopeChanged = !Objects.equals(scopeId, target.scopeId());
				boolean staffChanged = form.isStaff() != user.isStaff();
				boolean superuserChanged = form.isSuperuser() != user.isSuperuser();
				boolean groupsChanged = !groupsBefore.keySet().equals(groupsAfter.keySet());
				PersonChange change = new PersonChange(scopeChanged, scopeId, staffChanged, form.isStaff(),
						superuserChanged, form.isSuperuser(), false, false, groupsChanged, touched);
				long others = activeSuperusers.stream().filter((id) -> id.longValue() != user.getId()).count();
				this.guard.require(actor, this.policy.mayChange(actor, target, change, others), "user:" + uuid);
				if (email != null && !Objects.equals(SsoUser.key(email), SsoUser.key(user.getEmail()))
						&& (this.users.findByEmail(email).filter((other) -> !other.getId().equals(user.getId())).isPresent()
								|| this.users.emailIsAUsername(email))) {
					throw new FieldProblem("email", "person.error.email-taken");
				}
				if (email == null && user.getEmail() != null) {
					emailNotNeeded(user);
				}
				Changes changes = Changes.none()
					.field("email", user.getEmail(), email)
					.field("firstName", user.getFirstName(), Forms.blankToNull(form.firstName()))
					.field("lastName", user.getLastName(), Forms.blankToNull(form.lastName()))
					.field("phone", user.getPhone(), Forms.blankToNull(form.phone()))
					.field("language", user.getLanguage(), language.code())
					.field("scope", (scopeBefore != null) ? scopeBefore.getName() : null,
							(scopeAfter != null) ? scopeAfter.getName() : null)
					.field("staff", user.isStaff(), form.isStaff())
					.field("superuser", user.isSuperuser(), form.isSuperuser())
					.field("groups", names(groupsBefore.values()), names(groupsAfter.values()))
					.field("permissions", codes(directBefore), codes(direct));
				if (changes.isEmpty()) {
					return false;
				}
				if (!Objects.equals(email, user.getEmail())) {
					user.setEmail(email);
					if (email == null) {
						user.setEmailVerified(false);
					}
				}
				user.setFirstName(Forms.blankToNull(form.firstName()));
				user.setLastName(Forms.blankToNull(form.lastName()));
				user.setPhone(Forms.blankToNull(form.phone()));
				user.setLanguage(language.code());
				user.setScope(scopeAfter);
				user.setStaff(form.isStaff());
				user.setSuperuser(form.isSuperuser());
				long id = user.getId();
				groupsBefore.keySet().stream().filter((g) -> !groupsAfter.containsKey(g)).forEach((g) -> removeMember(g, id));
				groupsAfter.keySet().stream().filter((g) -> !groupsBefore.containsKey(g)).forEach((g) -> addMember(g, id));
				directBefore.stream().filter((p) -> !direct.contains(p)).forEach((p) -> revoke(id, p));
				direct.stream().filter((p) -> !directBefore.contains(p)).forEach((p) -> grant(id, p));
				// Group and permission rows live beside the account: the version moves for them too.
				this.entityManager.lock(user, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
				this.entityManager.flush();
				this.events.publishEvent(new PersonAudited(AuditEventType.PERSON_CHANGED, AuditAction.UPDATE, actor,
						user.getUuid(), user.getUsername(), (scopeAfter != null) ? scopeAfter.getId() : null,
						user.isSuperuser() || target.superuser(), changes, null));
				return true;
			});
		}
		catch (org.springframework.dao.OptimisticLockingFailureException ex) {
			throw new ChangedMeanwhileException();
		}
	}

	/**
	 * Deactivates a person: status, when and by whom; then, once that is committed, every session
	 * of theirs ends and their apps are told (back-channel logout). Returns how many sessions ended.
	 */
	public int deactivate(Actor actor, String uuid) {
		return deactivate(actor, uuid, null);
	}

	/**
	 * {@link #deactivate(Actor, String)}, when the person is still at {@code expectedVersion}
	 * (null: whatever version); the version is checked again by the change itself.
	 * @throws ChangedMeanwhileException when the person changed since that version was read
	 */
	public int deactivate(Actor actor, String uuid, Long expectedVersion) {
		SsoUser user = inTransaction(() -> this.transaction.execute((status) -> {
			List<Long> activeSuperusers = lockActiveSuperusers();
			SsoUser found = this.users.findByUuid(uuid).orElseThrow(() -> new NotFoundException("user"));
			long others = activeSuperusers.stream().filter((id) -> id.longValue() != found.getId()).count();
			this.guard.require(actor,
					this.policy.mayChange(actor, TargetPeople.target(found), PersonChange.DEACTIVATE, others),
					"user:" + uuid);
			if (expectedVersion != null && found.getVersion() != expectedVersion) {
				throw new ChangedMeanwhileException();
			}
			if (found.getStatus() == UserStatus.DEACTIVATED) {
				return null;
			}
			UserStatus before = found.getStatus();
			found.deactivate(this.clock.instant(), actor.uuid());
			this.entityManager.flush();
			this.events.publishEvent(new PersonAudited(AuditEventType.PERSON_DEACTIVATED, AuditAction.UPDATE, actor,
					found.getUuid(), found.getUsername(), scopeId(found), found.isSuperuser(),
					Changes.none().field("status", before, found.getStatus()), null));
			return found;
		}));
		return (user != null) ? this.sessionEnd.endAll(user.getUuid()) : 0;
	}

	/** Reactivates a deactivated person; returns whether they were deactivated. */
	public boolean reactivate(Actor actor, String uuid) {
		return Boolean.TRUE.equals(inTransaction(() -> this.transaction.execute((status) -> {
			SsoUser found = this.users.findByUuid(uuid).orElseThrow(() -> new NotFoundException("user"));
			this.guard.require(actor,
					this.policy.mayChange(actor, TargetPeople.target(found), PersonChange.REACTIVATE, 0),
					"user:" + uuid);
			if (found.getStatus() != UserStatus.DEACTIVATED) {
				return false;
			}
			found.activate();
			this.entityManager.flush();
			this.events.publishEvent(new PersonAudited(AuditEventType.PERSON_REACTIVATED, AuditAction.UPDATE, actor,
					found.getUuid(), found.getUsername(), scopeId(found), found.isSuperuser(),
					Changes.none().field("status", UserStatus.DEACTIVATED, UserStatus.ACTIVE), null));
			return true;
		})));
	}

	/** Runs {@code work}; a change made to the person meanwhile by other code is a 409, not a 500. */
	private static <T> T inTransaction(java.util.function.Supplier<T> work) {
		try {
			return work.get();
		}
		catch (org.springframework.dao.OptimisticLockingFailureException ex) {
			throw new ChangedMeanwhileException();
		}
	}

	/**
	 * One page of the person's own activity: entries about them or done by them, newest first,
	 * before entry {@code before} (null: from the newest). Each of the two reads is served by its
	 * index ({@code user_uuid, id} and {@code actor_uuid, id}) and bounded; entries done by the
	 * person about others are limited to those the actor may see.
	 */
	ActivityPage activity(Actor actor, String uuid, Long before) {
		return this.readOnly.execute((status) -> {
			SsoUser user = this.targets.require(actor, Action.VIEW, uuid);
			PersonView person = page(actor, user).person();
			long below = (before != null) ? before : Long.MAX_VALUE;
			Visibility visible = this.policy.visibleLogs(actor);
			Map<Long, ActivityEntry> entries = new TreeMap<>(Comparator.reverseOrder());
			String columns = "SELECT id, created_at, event_type, actor_name, action, username, ip_address, reason, "
					+ "detail, changes FROM sso_audit_event WHERE ";
			this.jdbc.sql(columns + "user_uuid = :uuid AND id < :below ORDER BY id DESC LIMIT " + (ACTIVITY_PAGE + 1))
				.param("uuid", uuid)
				.param("below", below)
				.query(PeopleAdministration::entry)
				.list()
				.forEach((entry) -> entries.put(entry.id(), entry));
			this.jdbc
				.sql(columns + "actor_uuid = :uuid AND id < :below AND " + visible.sql("scope_id", "about_superuser")
						+ " ORDER BY id DESC LIMIT " + (ACTIVITY_PAGE + 1))
				.param("uuid", uuid)
				.param("below", below)
				.params(visible.parameters())
				.query(PeopleAdministration::entry)
				.list()
				.forEach((entry) -> entries.putIfAbsent(entry.id(), entry));
			List<ActivityEntry> shown = entries.values().stream().limit(ACTIVITY_PAGE).toList();
			Long next = (entries.size() > ACTIVITY_PAGE) ? shown.get(shown.size() - 1).id() : null;
			return new ActivityPage(person, shown, next, before != null);
		});
	}

	private static ActivityEntry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		Timestamp at = rs.getTimestamp("created_at");
		return new ActivityEntry(rs.getLong("id"), (at != null) ? at.toInstant() : null, rs.getString("event_type"),
				rs.getString("actor_name"), rs.getString("action"), rs.getString("username"),
				rs.getString("ip_address"), rs.getString("reason"), rs.getString("detail"),
				ChangeLines.parse(rs.getString("changes")));
	}

	/**
	 * The scope a new person gets while the scope system is off (the form has no scope field): the
	 * only one the policy lets the actor choose (their own, for scoped staff), else none.
	 */
	private Long scopeWhenOff(Actor actor) {
		AdminPolicy.AssignableScopes assignable = this.policy.assignableScopes(actor);
		return assignable.any() ? null : assignable.only();
	}

	/**
	 * Refuses to remove the address of a person who needs it: one who has yet to confirm it (a
	 * sign-up waiting for its link), or whose two-step codes are sent to it.
	 */
	private void emailNotNeeded(SsoUser user) {
		if (user.getStatus() == UserStatus.UNVERIFIED) {
			throw new FieldProblem("email", "person.error.email-needed-unverified");
		}
		boolean emailCodes = this.jdbc.sql("SELECT COUNT(*) FROM sso_email_factor WHERE user_id = :user")
			.param("user", user.getId())
			.query(Long.class)
			.single() > 0;
		if (emailCodes) {
			throw new FieldProblem("email", "person.error.email-needed-two-step");
		}
	}

	/** The ids of the active superusers, locked until the transaction ends (in id order: no deadlock). */
	private List<Long> lockActiveSuperusers() {
		return this.jdbc
			.sql("SELECT id FROM sso_user WHERE is_superuser = TRUE AND status = 'ACTIVE' ORDER BY id FOR UPDATE")
			.query(Long.class)
			.list();
	}

	private static Long scopeId(SsoUser user) {
		return (user.getScope() != null) ? user.getScope().getId() : null;
	}

	private static Language language(String code) {
		return Language.of(code).orElseThrow(() -> new FieldProblem("language", "person.error.language"));
	}

	private static Set<Permission> permissions(List<String> codes) {
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		for (String code : codes) {
			permissions.add(Permission.ofCode(code)
				.orElseThrow(() -> new FieldProblem("permissions", "person.error.permissions")));
		}
		return permissions;
	}

	private Scope scope(Long id) {
		return (id != null) ? this.scopes.findById(id).orElseThrow(() -> new FieldProblem("scope", "person.error.scope"))
				: null;
	}

	private static void symmetricDifference(Set<Permission> a, Set<Permission> b, Set<Permission> into) {
		a.stream().filter((p) -> !b.contains(p)).forEach(into::add);
		b.stream().filter((p) -> !a.contains(p)).forEach(into::add);
	}

	private static String names(java.util.Collection<Group> groups) {
		return groups.stream().map(Group::name).sorted().collect(Collectors.joining(", "));
	}

	private static String codes(Set<Permission> permissions) {
		return permissions.stream().map(Permission::code).sorted().collect(Collectors.joining(", "));
	}

	/** The groups with these ids, with their permissions. */
	private Map<Long, Group> groups(List<Long> ids) {
		Set<Long> wanted = new LinkedHashSet<>(ids);
		wanted.remove(null);
		if (wanted.isEmpty()) {
			return Map.of();
		}
		Map<Long, Group> found = loadGroups("g.id IN (:ids)", Map.of("ids", wanted));
		if (found.size() != wanted.size()) {
			throw new FieldProblem("groups", "person.error.groups");
		}
		return found;
	}

	private Map<Long, Group> groupsOf(long userId) {
		return loadGroups("g.id IN (SELECT group_id FROM sso_group_member WHERE user_id = :user)",
				Map.of("user", userId));
	}

	private List<Named> allGroups() {
		return loadGroups("1 = 1", Map.of()).values()
			.stream()
			.map((group) -> new Named(group.id(), group.name()))
			.sorted(Comparator.comparing(Named::name, String.CASE_INSENSITIVE_ORDER))
			.toList();
	}

	private Map<Long, Group> loadGroups(String condition, Map<String, ?> params) {
		Map<Long, String> names = new LinkedHashMap<>();
		Map<Long, Set<Permission>> permissions = new HashMap<>();
		this.jdbc.sql("SELECT g.id, g.name, gp.permission FROM sso_group g LEFT JOIN sso_group_permission gp "
				+ "ON gp.group_id = g.id WHERE " + condition + " ORDER BY g.name, g.id")
			.params(params)
			.query((rs) -> {
				long id = rs.getLong(1);
				names.put(id, rs.getString(2));
				Set<Permission> set = permissions.computeIfAbsent(id, (key) -> EnumSet.noneOf(Permission.class));
				Permission.ofCode(rs.getString(3)).ifPresent(set::add);
			});
		Map<Long, Group> groups = new LinkedHashMap<>();
		names.forEach((id, name) -> groups.put(id, new Group(id, name, permissions.get(id))));
		return groups;
	}

	private Set<Permission> directPermissions(long userId) {
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		this.jdbc.sql("SELECT permission FROM sso_user_permission WHERE user_id = :user")
			.param("user", userId)
			.query(String.class)
			.list()
			.forEach((code) -> Permission.ofCode(code).ifPresent(permissions::add));
		return permissions;
	}

	private void addMember(long groupId, long userId) {
		this.jdbc.sql("INSERT INTO sso_group_member (group_id, user_id, created_at) VALUES (:group, :user, :now)")
			.param("group", groupId)
			.param("user", userId)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

	private void removeMember(long groupId, long userId) {
		this.jdbc.sql("DELETE FROM sso_group_member WHERE group_id = :group AND user_id = :user")
			.param("group", groupId)
			.param("user", userId)
			.update();
	}

	private void grant(long userId, Permission permission) {
		this.jdbc
			.sql("INSERT INTO sso_user_permission (user_id, permission, created_at) VALUES (:user, :permission, :now)")
			.param("user", userId)
			.param("permission", permission.code())
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

	private void revoke(long userId, Permission permission) {
		this.jdbc.sql("DELETE FROM sso_user_permission WHERE user_id = :user AND permission = :permission")
			.param("user", userId)
			.param("permission", permission.code())
			.update();
	}

	/** A group and what it grants. */
	record Group(long id, String name, Set<Permission> permissions) {
	}

	/** An id and a name, for a choice on a form. */
	public record Named(long id, String name) {
	}

	/**
	 * What the actor may choose on a person's form.
	 *
	 * @param scopes the scopes they may put people in
	 * @param noScope whether "no scope" is one of the choices
	 * @param groups the groups (empty without {@code manage_staff})
	 * @param permissions the permissions they may grant (empty without {@code manage_staff})
	 * @param superuserFlag whether the superuser flag is shown (superusers only)
	 * @param staffFlag whether the staff flag, groups and permissions may be set
	 * @param languages the languages
	 */
	public record Choices(List<Named> scopes, boolean noScope, List<Named> groups, List<Permission> permissions,
			boolean superuserFlag, boolean staffFlag, Language[] languages) {

		public boolean grants(Permission permission) {
			return this.permissions.contains(permission);
		}

		/** Every permission there is, in order. */
		public List<Permission> everyPermission() {
			return List.of(Permission.values());
		}

	}

	/**
	 * Which parts of a person's form the actor may change.
	 *
	 * @param plain names, email, phone, language
	 * @param scope the scope
	 * @param authority the staff flag, groups and permissions
	 * @param superuser the superuser flag
	 * @param state deactivating or reactivating
	 */
	public record Editable(boolean plain, boolean scope, boolean authority, boolean superuser, boolean state) {
	}

	/** A person as the profile tab shows them. */
	public record PersonView(String uuid, String username, String displayName, String email, String firstName,
			String lastName, String phone, String language, UserStatus status, Instant deactivatedAt,
			String deactivatedBy, AccountOrigin origin, Instant createdAt, Instant lastLoginAt, boolean emailVerified,
			Long scopeId, String scopeName, Tier tier, boolean staff, boolean superuser, List<Named> groups,
			Set<Permission> directPermissions, Set<Permission> allPermissions, long version) {
	}

	/** The profile tab: the person, what may be changed, the choices, the groups shown, the form. */
	public record PersonPage(PersonView person, Editable editable, Choices choices, List<Named> groupOptions,
			PersonEditForm form) {
	}

	/** An entry of a person's activity. */
	record ActivityEntry(long id, Instant at, String type, String actorName, String action, String username,
			String ip, String reason, String detail, List<ChangeLines.Line> changes) {
	}

	/**
	 * A page of a person's activity.
	 *
	 * @param next the id to pass as {@code before} for the next (older) page, or null at the end
	 * @param paged whether this is not the newest page
	 */
	record ActivityPage(PersonView person, List<ActivityEntry> entries, Long next, boolean paged) {
	}

}
