package io.microsys.sso.provider.registration;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.Area;
import io.microsys.sso.provider.access.Visibility;
import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserStatus;

/**
 * The registration queue of the console, for staff holding {@code registrations.view} (listing)
 * and {@code registrations.change} (approving, rejecting). Only sign-ups the actor may see are
 * listed (filtered in the query) or decided; one they may not see is answered as if it did not
 * wait, like an unknown one.
 */
@Service
public class RegistrationQueue {

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final Registrations registrations;

	private final EntityManager entityManager;

	RegistrationQueue(AdminPolicy policy, AccessGuard guard, Registrations registrations,
			EntityManager entityManager) {
		this.policy = policy;
		this.guard = guard;
		this.registrations = registrations;
		this.entityManager = entityManager;
	}

	/**
	 * Sign-ups in these states whose username, email or names contain {@code search} (ignoring
	 * case; blank matches all), newest first, among the people the actor may see.
	 */
	@Transactional(readOnly = true)
	public Page<SsoUser> list(Actor actor, Collection<UserStatus> statuses, String search, Pageable page) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.REGISTRATIONS, Action.VIEW), null);
		Visibility visible = this.policy.visiblePeople(actor);
		String pattern = containing(search);
		String where = " from SsoUser u left join u.scope s where u.origin = :origin and u.status in :statuses and "
				+ visible.sql("s.id", "u.superuser")
				+ ((pattern != null) ? " and (u.usernameKey like :pattern escape '!' or u.emailKey like :pattern escape '!' "
						+ "or lower(u.firstName) like :pattern escape '!' or lower(u.lastName) like :pattern escape '!')"
						: "");
		TypedQuery<SsoUser> rows = this.entityManager
			.createQuery("select u" + where + " order by u.createdAt desc, u.id desc", SsoUser.class)
			.setFirstResult((int) page.getOffset())
			.setMaxResults(page.getPageSize());
		TypedQuery<Long> count = this.entityManager.createQuery("select count(u)" + where, Long.class);
		for (TypedQuery<?> query : new TypedQuery<?>[] { rows, count }) {
			query.setParameter("origin", AccountOrigin.SIGNUP).setParameter("statuses", statuses);
			if (pattern != null) {
				query.setParameter("pattern", pattern);
			}
			for (Map.Entry<String, Object> parameter : visible.parameters().entrySet()) {
				query.setParameter(parameter.getKey(), parameter.getValue());
			}
		}
		return new PageImpl<>(rows.getResultList(), page, count.getSingleResult());
	}

	/**
	 * Up to {@code fetch} sign-ups in these states among the people the actor may see, newest
	 * first by id, below {@code beforeId} (null: from the newest): the admin API's keyset pages.
	 */
	@Transactional(readOnly = true)
	public List<SsoUser> keyset(Actor actor, Collection<UserStatus> statuses, Long beforeId, int fetch) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.REGISTRATIONS, Action.VIEW), null);
		Visibility visible = this.policy.visiblePeople(actor);
		TypedQuery<SsoUser> rows = this.entityManager
			.createQuery("select u from SsoUser u left join fetch u.scope s where u.origin = :origin and u.status in :statuses and "
					+ visible.sql("s.id", "u.superuser") + ((beforeId != null) ? " and u.id < :before" : "")
					+ " order by u.id desc", SsoUser.class)
			.setParameter("origin", AccountOrigin.SIGNUP)
			.setParameter("statuses", statuses)
			.setMaxResults(fetch);
		if (beforeId != null) {
			rows.setParameter("before", beforeId);
		}
		visible.parameters().forEach(rows::setParameter);
		return rows.getResultList();
	}

	/** A sign-up the actor may see, whatever its state; empty when unknown or hidden (the same answer). */
	@Transactional(readOnly = true)
	public Optional<SsoUser> find(Actor actor, String uuid) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.REGISTRATIONS, Action.VIEW), "user:" + uuid);
		return visibleSignUp(actor, uuid);
	}

	/**
	 * A sign-up the actor may decide on ({@code registrations.change}), whatever its state: after a
	 * decision, to answer it as it is now, or to tell one decided already from an unknown or hidden
	 * account.
	 */
	@Transactional(readOnly = true)
	public Optional<SsoUser> findToDecide(Actor actor, String uuid) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.REGISTRATIONS, Action.CHANGE), "user:" + uuid);
		return visibleSignUp(actor, uuid);
	}

	private Optional<SsoUser> visibleSignUp(Actor actor, String uuid) {
		Visibility visible = this.policy.visiblePeople(actor);
		TypedQuery<SsoUser> rows = this.entityManager
			.createQuery("select u from SsoUser u left join fetch u.scope s where u.uuid = :uuid and u.origin = :origin and "
					+ visible.sql("s.id", "u.superuser"), SsoUser.class)
			.setParameter("uuid", uuid)
			.setParameter("origin", AccountOrigin.SIGNUP);
		visible.parameters().forEach(rows::setParameter);
		return rows.getResultList().stream().findFirst();
	}

	/** Approves a sign-up waiting for a decision that the actor may see. */
	public Registrations.Review approve(Actor actor, String uuid, String reason) {
		return decide(actor, uuid, reason, true);
	}

	/** Rejects a sign-up waiting for a decision that the actor may see. */
	public Registrations.Review reject(Actor actor, String uuid, String reason) {
		return decide(actor, uuid, reason, false);
	}

	private Registrations.Review decide(Actor actor, String uuid, String reason, boolean approve) {
		this.guard.require(actor, this.policy.mayUse(actor, Area.REGISTRATIONS, Action.CHANGE), "user:" + uuid);
		return this.registrations.decide(uuid, actor, this.policy.visiblePeople(actor), reason, approve);
	}

	/** A LIKE pattern for text containing {@code search}, its wildcards escaped with {@code !}. */
	private static String containing(String search) {
		if (search == null || search.isBlank()) {
			return null;
		}
		String plain = search.trim()
			.toLowerCase(Locale.ROOT)
			.replace("!", "!!")
			.replace("%", "!%")
			.replace("_", "!_");
		return "%" + plain + "%";
	}

}
