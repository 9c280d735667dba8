package io.microsys.sso.provider.admin.users;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Action;
import io.microsys.sso.provider.access.Actor;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.access.NotFoundException;
import io.microsys.sso.provider.access.TargetPerson;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;

/**
 * The person a console page is about, found by their uuid and checked by the {@link AdminPolicy}:
 * a person who does not exist and one the actor may not see are the same 404; one the actor sees
 * but may not act on is a 403, recorded with its reason.
 */
@Service
public class TargetPeople {

	private final UserRepository users;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	TargetPeople(UserRepository users, AdminPolicy policy, AccessGuard guard) {
		this.users = users;
		this.policy = policy;
		this.guard = guard;
	}

	/**
	 * The person with this uuid, when the actor may do {@code action} to them.
	 * @throws NotFoundException when there is no such person
	 * @throws io.microsys.sso.provider.access.AccessRefusedException when refused (a 404 when hidden)
	 */
	@Transactional(readOnly = true)
	public SsoUser require(Actor actor, Action action, String uuid) {
		SsoUser user = this.users.findByUuid(uuid).orElseThrow(() -> new NotFoundException("user"));
		this.guard.require(actor, this.policy.mayAct(actor, action, target(user)), "user:" + uuid);
		return user;
	}

	/** The person as the policy looks at them. */
	public static TargetPerson target(SsoUser user) {
		return new TargetPerson(user.getId(), user.isSuperuser(), user.isStaff(),
				(user.getScope() != null) ? user.getScope().getId() : null, user.getStatus() == UserStatus.ACTIVE);
	}

}
