package io.microsys.sso.provider.access;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Asks the {@link AdminPolicy} before every console handler runs: the actor (read from the
 * database for this request) must be staff, and hold the permission the handler's
 * {@link ConsoleAccess} names. A handler without {@link ConsoleAccess} is refused: fail closed.
 * A handler marked {@link ConsoleAccess#appAdmins()} is also let through for an admin of the app
 * its {@code clientId} path variable names; every other handler stays closed to them.
 */
class ConsoleAccessInterceptor implements HandlerInterceptor {

	private final Actors actors;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final AppAdmins appAdmins;

	ConsoleAccessInterceptor(Actors actors, AdminPolicy policy, AccessGuard guard, AppAdmins appAdmins) {
		this.actors = actors;
		this.policy = policy;
		this.guard = guard;
		this.appAdmins = appAdmins;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		Actor actor = this.actors.current();
		ConsoleAccess access = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), ConsoleAccess.class);
		if (access == null) {
			access = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), ConsoleAccess.class);
		}
		if (access != null && access.appAdmins()) {
			String clientId = clientId(request);
			boolean appAdmin = clientId != null && this.appAdmins.administers(actor, clientId);
			// Only the clients area has pages for app admins; anything else so marked stays closed.
			Decision decision = (access.area().length == 1 && access.area()[0] == Area.CLIENTS)
					? this.policy.mayManageMembers(actor, appAdmin, access.action())
					: Decision.denied(Decision.Reason.NO_PERMISSION, null);
			this.guard.require(actor, decision, (clientId != null) ? "client:" + clientId : null);
			return true;
		}
		this.guard.require(actor, this.policy.mayOpenConsole(actor), null);
		if (access == null) {
			this.guard.require(actor, Decision.denied(Decision.Reason.NO_PERMISSION, null), request.getRequestURI());
			return false;
		}
		for (Area area : access.area()) {
			this.guard.require(actor, this.policy.mayUse(actor, area, access.action(), access.reach()), null);
		}
		return true;
	}

	/** The {@code clientId} the matched path names, or null. */
	private static String clientId(HttpServletRequest request) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		return (variables instanceof Map<?, ?> map && map.get("clientId") instanceof String id) ? id : null;
	}

}
