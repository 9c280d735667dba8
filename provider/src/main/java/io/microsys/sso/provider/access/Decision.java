package io.microsys.sso.provider.access;

/**
 * The answer of {@link AdminPolicy} to one question: allowed, or denied with a named reason. A
 * denial about a person the actor may not even see is {@linkplain #hidden() hidden}: it answers
 * 404, so the person's existence does not leak; any other denial answers 403.
 *
 * @param reason why it was refused, or null when allowed
 * @param permission the permission the question was about, if any
 */
public record Decision(Reason reason, Permission permission) {

	/** Why the policy refused; the code goes to the activity log. */
	public enum Reason {

		/** The person is not staff (or not active): the console is not theirs. */
		NOT_STAFF("not_staff"),
		/** The actor lacks the area's permission. */
		NO_PERMISSION("no_permission"),
		/** The target is outside what the actor may see (answered as 404). */
		TARGET_HIDDEN("target_hidden"),
		/** Staff cannot change their own staff flag, permissions, groups, scope or state. */
		SELF_PROTECTED("self_protected"),
		/** The last active superuser cannot be demoted or deactivated. */
		LAST_SUPERUSER("last_superuser"),
		/** Only a superuser may do this (superuser flag, manage_scopes, manage_staff). */
		SUPERUSERS_ONLY("superusers_only"),
		/** Changing staff, their permissions or groups needs manage_staff. */
		STAFF_MANAGERS_ONLY("staff_managers_only"),
		/** Only global staff and superusers create central (unscoped) staff or manage scopes. */
		GLOBAL_STAFF_ONLY("global_staff_only"),
		/** The scope given is one the actor may not place people in. */
		SCOPE_OUTSIDE("scope_outside"),
		/** Nobody grants (or takes away) a permission they do not hold. */
		PERMISSION_NOT_HELD("permission_not_held"),
		/** An app's admins appoint (or touch) its admins only when the app's policy lets them. */
		APP_ADMINS_APPOINT_NO_ADMINS("app_admins_appoint_no_admins"),
		/** A service account holds area.action permissions only, never manage_scopes or manage_staff. */
		AREA_ACTIONS_ONLY("area_actions_only");

		private final String code;

		Reason(String code) {
			this.code = code;
		}

		/** The code in the activity log and in tests. */
		public String code() {
			return this.code;
		}

	}

	private static final Decision ALLOWED = new Decision(null, null);

	static Decision allowed() {
		return ALLOWED;
	}

	static Decision denied(Reason reason, Permission permission) {
		return new Decision(reason, permission);
	}

	public boolean isAllowed() {
		return this.reason == null;
	}

	/** Denied because the target must stay invisible: a 404, not a 403. */
	public boolean hidden() {
		return this.reason == Reason.TARGET_HIDDEN;
	}

}
