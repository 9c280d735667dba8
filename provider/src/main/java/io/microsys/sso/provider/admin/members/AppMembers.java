package io.microsys.sso.provider.admin.members;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.AppAdmins;
import io.microsys.sso.provider.access.Decision;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.admin.users.MembershipEdits;
import io.microsys.sso.provider.client.ConnectedApps;
import io.microsys.sso.provider.client.MembershipChanges;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.NameKeys;

/**
 * The members of one app as its members page shows and changes them, for staff holding
 * {@code clients.view}/{@code clients.change} and for the app's own admins. Every question goes to
 * the {@link AdminPolicy}; people the actor may not see are neither listed nor found (a person
 * hidden is answered as no one at all). Changes go through {@link MembershipEdits}, as on a person's
 * page: one conditional statement each, audited, and access ended at once when taken away.
 */
@Service
public class AppMembers {

	/** Members per page. */
	static final int PAGE_SIZE = 50;

	/** Deepest page offered (a search narrows further). */
	static final int MAX_PAGE = 200;

	/** Longest list a bulk add takes. */
	static final int MAX_BULK_LINES = 500;

	private static final Pattern USERNAME = Pattern.compile(NameKeys.USERNAME_PATTERN);

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");

	private final ConnectedApps apps;

	private final AppAdmins appAdmins;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final MembershipChanges memberships;

	private final MembershipEdits edits;

	private final UserRepository users;

	AppMembers(ConnectedApps apps, AppAdmins appAdmins, AdminPolicy policy, AccessGuard guard,
			MembershipChanges memberships, MembershipEdits edits, UserRepository users) {
		this.apps = apps;
		this.appAdmins = appAdmins;
		this.policy = policy;
		this.guard = guard;
		this.memberships = memberships;
		this.edits = edits;
		this.users = users;
	}

	/**
	 * The app and how the actor stands to it, once the policy let them do {@code action} there.
	 * @param client the app
	 * @param appAdmin whether the actor is one of its admins
	 */
	public record App(SsoClient client, boolean appAdmin) {

		public String clientId() {
			return this.client.getClientId();
		}

	}

	/**
	 * The members page's content.
	 * @param app the app
	 * @param members this page of members
	 * @param page the page number, from 0
	 * @param more whether a next page exists
	 * @param mayChange whether the actor may add, change and remove
	 * @param roles the roles the actor may give
	 * @param actorId the actor's account id (their own row offers no change to an app admin)
	 */
	public record View(App app, List<MembershipChanges.Member> members, int page, boolean more, boolean mayChange,
			List<MembershipRole> roles, long actorId) {

		/** Whether the row of this member offers changes. */
		public boolean changeable(MembershipChanges.Member member) {
			return this.mayChange && !(this.app.appAdmin() && member.userId() == this.actorId)
					&& (this.roles.contains(MembershipRole.ADMIN) || member.role() != MembershipRole.ADMIN);
		}

	}

	/** How a change went: done with a message, or a problem (beside a field, or for the whole form). */
	public record Result(String flash, String field, String error) {

		static Result done(String flash) {
			return new Result(flash, null, null);
		}

		static Result fieldProblem(String field, String error) {
			return new Result(null, field, error);
		}

		static Result problem(String error) {
			return new Result(null, null, error);
		}

		public boolean isDone() {
			return this.error == null;
		}

	}

	/** What a bulk add did with each line. */
	public enum LineOutcome {

		ADDED, ALREADY_MEMBER, NO_ACCOUNT, INVALID, NOT_ALLOWED;

		public String code() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

	/** One line of a bulk add's report: the line as given (clipped) and what was done. */
	public record Line(int number, String text, LineOutcome outcome) {
	}

	/**
	 * The app with this client id, when the actor may do {@code action} on its members.
	 * @throws NotFoundException when there is no such app
	 */
	public App require(Actor actor, String clientId, Action action) {
		boolean appAdmin = this.appAdmins.administers(actor, clientId);
		this.guard.require(actor, this.policy.mayManageMembers(actor, appAdmin, action), "client:" + clientId);
		SsoClient client = this.apps.byClientId(clientId).orElseThrow(() -> new NotFoundException("client"));
		return new App(client, appAdmin);
	}

	/** One page of the app's members whose username, email or name starts with {@code q} (any when blank). */
	public View view(Actor actor, String clientId, String q, int page) {
		App app = require(actor, clientId, Action.VIEW);
		int shown = Math.max(0, Math.min(page, MAX_PAGE));
		String prefix = (q == null || q.isBlank()) ? null : escapeLike(NameKeys.key(q.trim())) + "%";
		List<MembershipChanges.Member> rows = this.memberships.members(app.client().getId(),
				this.policy.visibleMembers(actor, app.appAdmin()), prefix, shown * PAGE_SIZE, PAGE_SIZE + 1);
		boolean more = rows.size() > PAGE_SIZE;
		boolean mayChange = this.policy.mayManageMembers(actor, app.appAdmin(), Action.CHANGE).isAllowed();
		List<MembershipRole> roles = mayChange ? givable(actor, app) : List.of();
		return new View(app, more ? rows.subList(0, PAGE_SIZE) : rows, shown, more, mayChange, roles, actor.userId());
	}

	/** The roles the actor may give in the app. */
	public List<MembershipRole> givable(Actor actor, App app) {
		return Arrays.stream(MembershipRole.values())
			.filter((role) -> addDecision(actor, app, role).isAllowed())
			.toList();
	}

	/** Adds the active account with this username or email address, with {@code role}. */
	public Result add(Actor actor, String clientId, String who, MembershipRole role) {
		App app = require(actor, clientId, Action.CHANGE);
		this.guard.require(actor, addDecision(actor, app, role), "client:" + clientId);
		Optional<SsoUser> person = findAddable(actor, app, who.trim());
		if (person.isEmpty()) {
			return Result.fieldProblem("who", "members.error.noAccount");
		}
		return switch (this.edits.add(actor, person.get(), app.client().getId(), clientId, role)) {
			case DONE -> Result.done("members.added");
			default -> Result.fieldProblem("who", "members.error.already");
		};
	}

	/** Changes a member's role; lowering it ends their access to the app at once. */
	public Result changeRole(Actor actor, String clientId, String uuid, MembershipRole role) {
		App app = require(actor, clientId, Action.CHANGE);
		SsoUser person = findMember(actor, app, uuid);
		Optional<MembershipChanges.Row> row = this.memberships.find(person.getId(), app.client().getId());
		if (row.isEmpty()) {
			return Result.problem("members.notMember");
		}
		this.guard.require(actor, changeDecision(actor, app, person, row.get().role(), role), "user:" + uuid);
		return switch (this.edits.changeRole(actor, person, row.get(), role)) {
			case DONE -> Result.done("members.roleChanged");
			case UNCHANGED -> Result.done("members.unchanged");
			case CHANGED_MEANWHILE -> Result.problem("members.changedMeanwhile");
			default -> Result.problem("members.notMember");
		};
	}

	/** What giving a person a role in an app did ({@link #put}). */
	public enum PutOutcome {

		/** They were not a member: they are now, with the role. */
		ADDED,
		/** Their role changed. */
		CHANGED,
		/** They held the role already. */
		UNCHANGED,
		/** They were not a member and their account is not active: only active accounts are added. */
		NOT_ACTIVE,
		/** Their membership kept changing meanwhile; nothing was done. */
		CHANGED_MEANWHILE

	}

	/**
	 * Giving a person a role in an app: what was done, and the member as they stand after it (null
	 * when nothing was done).
	 */
	public record Put(PutOutcome outcome, MembershipChanges.Member member) {
	}

	/**
	 * Makes the person with this uuid a member of the app with {@code role}: adds them, changes
	 * their role, or leaves it as it is, under the same rules as adding and changing on the members
	 * page. A person the actor may not see is answered as no one ({@link NotFoundException}).
	 */
	public Put put(Actor actor, String clientId, String uuid, MembershipRole role) {
		App app = require(actor, clientId, Action.CHANGE);
		SsoUser person = findMember(actor, app, uuid);
		// An add and a change racing with another administrator's: read again and decide again, a few times.
		for (int attempt = 0; attempt < 3; attempt++) {
			Optional<MembershipChanges.Row> row = this.memberships.find(person.getId(), app.client().getId());
			if (row.isEmpty()) {
				this.guard.require(actor, addDecision(actor, app, role), "user:" + uuid);
				if (person.getStatus() != UserStatus.ACTIVE) {
					return new Put(PutOutcome.NOT_ACTIVE, null);
				}
				if (this.edits.add(actor, person, app.client().getId(), clientId, role) == MembershipEdits.Result.DONE) {
					return new Put(PutOutcome.ADDED, member(person, role, true));
				}
				continue;
			}
			this.guard.require(actor, changeDecision(actor, app, person, row.get().role(), role), "user:" + uuid);
			switch (this.edits.changeRole(actor, person, row.get(), role)) {
				case DONE:
					return new Put(PutOutcome.CHANGED, member(person, role, row.get().active()));
				case UNCHANGED:
					return new Put(PutOutcome.UNCHANGED, member(person, role, row.get().active()));
				default:
					break;
			}
		}
		return new Put(PutOutcome.CHANGED_MEANWHILE, null);
	}

	private static MembershipChanges.Member member(SsoUser person, MembershipRole role, boolean active) {
		return new MembershipChanges.Member(person.getId(), person.getUuid(), person.getUsername(), person.getEmail(),
				person.getFirstName(), person.getLastName(), role, active, person.getStatus().name());
	}

	/** Removes a member and ends their access to the app at once. */
	public Result remove(Actor actor, String clientId, String uuid) {
		App app = require(actor, clientId, Action.CHANGE);
		SsoUser person = findMember(actor, app, uuid);
		Optional<MembershipChanges.Row> row = this.memberships.find(person.getId(), app.client().getId());
		if (row.isEmpty()) {
			return Result.problem("members.notMember");
		}
		this.guard.require(actor, changeDecision(actor, app, person, row.get().role(), null), "user:" + uuid);
		return (this.edits.remove(actor, person, row.get()) == MembershipEdits.Result.DONE)
				? Result.done("members.removed") : Result.problem("members.notMember");
	}

	/**
	 * Adds each line's account (a username or an email address) with {@code role}, and says what
	 * happened to each line. Blank lines are skipped; the caller bounds the number of lines.
	 */
	public List<Line> addAll(Actor actor, String clientId, List<String> lines, MembershipRole role) {
		App app = require(actor, clientId, Action.CHANGE);
		boolean allowed = addDecision(actor, app, role).isAllowed();
		List<Line> report = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String text = lines.get(i).trim();
			if (text.isEmpty()) {
				continue;
			}
			report.add(new Line(i + 1, clip(text), line(actor, app, text, role, allowed)));
		}
		return report;
	}

	private LineOutcome line(Actor actor, App app, String text, MembershipRole role, boolean allowed) {
		if (!(text.contains("@") ? EMAIL.matcher(text).matches() && text.length() <= NameKeys.EMAIL_KEY_MAX
				: USERNAME.matcher(text).matches())) {
			return LineOutcome.INVALID;
		}
		if (!allowed) {
			return LineOutcome.NOT_ALLOWED;
		}
		Optional<SsoUser> person = findAddable(actor, app, text);
		if (person.isEmpty()) {
			return LineOutcome.NO_ACCOUNT;
		}
		return (this.edits.add(actor, person.get(), app.client().getId(), app.clientId(), role)
				== MembershipEdits.Result.DONE) ? LineOutcome.ADDED : LineOutcome.ALREADY_MEMBER;
	}

	private Decision addDecision(Actor actor, App app, MembershipRole role) {
		return this.policy.mayChangeMember(actor, app.appAdmin(), app.client().getPolicy().isAppAdminsAppointAdmins(),
				actor.userId(), true, role == MembershipRole.ADMIN);
	}

	private Decision changeDecision(Actor actor, App app, SsoUser person, MembershipRole before, MembershipRole after) {
		return this.policy.mayChangeMember(actor, app.appAdmin(), app.client().getPolicy().isAppAdminsAppointAdmins(),
				person.getId(), false, before == MembershipRole.ADMIN || after == MembershipRole.ADMIN);
	}

	/** The active account a username or address names, when the actor may see it; else none. */
	private Optional<SsoUser> findAddable(Actor actor, App app, String who) {
		Visibility visibility = this.policy.visibleMembers(actor, app.appAdmin());
		return this.users.findByLogin(who)
			.filter((user) -> user.getStatus() == UserStatus.ACTIVE)
			.filter((user) -> visibility.includes(scopeOf(user), user.isSuperuser()));
	}

	/** The person with this uuid, when the actor may see them: else a 404 like no one. */
	private SsoUser findMember(Actor actor, App app, String uuid) {
		Visibility visibility = this.policy.visibleMembers(actor, app.appAdmin());
		return this.users.findByUuid(uuid)
			.filter((user) -> visibility.includes(scopeOf(user), user.isSuperuser()))
			.orElseThrow(() -> new NotFoundException("user"));
	}

	private static Long scopeOf(SsoUser user) {
		return (user.getScope() != null) ? user.getScope().getId() : null;
	}

	private static String clip(String text) {
		return (text.length() > 100) ? text.substring(0, 100) + "…" : text;
	}

	/** LIKE with {@code !} as the escape character (MariaDB and H2 alike). */
	private static String escapeLike(String value) {
		return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

}
