package io.microsys.sso.provider.access;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Enforces the {@link AdminPolicy}'s decisions: a refusal is recorded ({@link AccessDenied}) and
 * thrown as a 403, or as a 404 when the target must stay invisible. Services call it before they
 * read or change anything, so a rule holds for every page and API alike.
 */
@Component
public class AccessGuard {

	private final ApplicationEventPublisher events;

	AccessGuard(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * Returns when allowed; otherwise records the refusal and throws.
	 * @param target what the question was about, for the activity log ({@code user:<uuid>}), or null
	 * @throws AccessRefusedException (or {@link TargetHiddenException}) when refused
	 */
	public void require(Actor actor, Decision decision, String target) {
		if (decision.isAllowed()) {
			return;
		}
		this.events.publishEvent(new AccessDenied(actor, decision, target));
		throw decision.hidden() ? new TargetHiddenException(decision) : new AccessRefusedException(decision);
	}

}
