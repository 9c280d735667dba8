package io.microsys.sso.provider.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Asks the {@link AdminPolicy} before every console handler runs: the actor (read from the
 * database for this request) must be staff, and hold the permission the handler's
 * {@link ConsoleAccess} names. A handler without {@link ConsoleAccess} is refused: fail closed.
 */
class ConsoleAccessInterceptor implements HandlerInterceptor {

	private final Actors actors;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	ConsoleAccessInterceptor(Actors actors, AdminPolicy policy, AccessGuard guard) {
		this.actors = actors;
		this.policy = policy;
		this.guard = guard;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		Actor actor = this.actors.current();
		this.guard.require(actor, this.policy.mayOpenConsole(actor), null);
		ConsoleAccess access = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), ConsoleAccess.class);
		if (access == null) {
			access = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), ConsoleAccess.class);
		}
		if (access == null) {
			this.guard.require(actor, Decision.denied(Decision.Reason.NO_PERMISSION, null), request.getRequestURI());
			return false;
		}
		for (Area area : access.area()) {
			this.guard.require(actor, this.policy.mayUse(actor, area, access.action(), access.reach()), null);
		}
		return true;
	}

}
