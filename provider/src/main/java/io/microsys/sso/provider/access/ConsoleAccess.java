package io.microsys.sso.provider.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a console handler ({@code /sys/**}) needs: the area and action it serves, checked by
 * {@link ConsoleAccessInterceptor} against the {@link AdminPolicy} before the handler runs. Without
 * an area, any staff member may open it (the start page). A {@code /sys} handler without this
 * annotation is refused to everyone: a new route cannot be open by mistake. Checks about one
 * target (a person the actor may not see answers 404) happen in the services, which hold the
 * target. A handler marked {@link #appAdmins()} is also open to the delegated administrators of
 * the app its path names, and only to those of that app.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConsoleAccess {

	/** The area; none for pages every staff member may open. */
	Area[] area() default {};

	/** The action in the area. */
	Action action() default Action.VIEW;

	/**
	 * Whether an active admin of the app named by the path variable {@code clientId} may open it
	 * too, without the area's permission (the app's members and invitations pages only).
	 */
	boolean appAdmins() default false;

	/**
	 * Who else must the actor be, beyond holding the area's permission: any staff member (the
	 * default), global staff or superusers, or superusers only.
	 */
	Reach reach() default Reach.ANY_STAFF;

	/** The tiers a handler is open to, asked of {@link AdminPolicy#mayUse(Actor, Area, Action, Reach)}. */
	enum Reach {

		/** Any staff member holding the permission. */
		ANY_STAFF,
		/** Global staff holding the permission, and superusers: for what shows every scope and app. */
		GLOBAL_STAFF,
		/** Superusers only. */
		SUPERUSERS

	}

}
