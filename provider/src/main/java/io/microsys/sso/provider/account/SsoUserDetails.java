package io.microsys.sso.provider.account;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import io.microsys.sso.provider.support.MovedClasses;

/**
 * The signed-in person as Spring Security sees them. {@link #getUsername()} is the user's UUID, so
 * the authentication name, the stored grants and the token {@code sub} are all the stable opaque
 * identifier; the login name is {@link #getLoginName()}.
 */
public final class SsoUserDetails implements UserDetails, CredentialsContainer {

	/**
	 * Where this class was before the packages went one way: sessions and grants stored by earlier versions name it, and
	 * are read as this class (see {@link #MOVED}).
	 */
	public static final String FORMER_NAME = "io.microsys.sso.provider.login.SsoUserDetails";

	/** The former names of the signed-in person's class, for readers of stored Java serialization. */
	public static final MovedClasses MOVED = new MovedClasses(Map.of(FORMER_NAME, SsoUserDetails.class));

	@Serial
	private static final long serialVersionUID = 1L;

	private final String uuid;

	private final long userId;

	private final String loginName;

	private final String language;

	private final boolean staff;

	private final boolean superuser;

	private String passwordHash;

	/** Why this account may not sign in now (a reason code), or null; checked after the password. */
	private final transient String signInProblem;

	/** Whether the password is a temporary one to replace before anything else; read at sign-in. */
	private final transient boolean passwordChangeRequired;

	public SsoUserDetails(SsoUser user) {
		this.signInProblem = signInProblem(user);
		this.passwordChangeRequired = user.isPasswordChangeRequired();
		this.uuid = user.getUuid();
		this.userId = user.getId();
		this.loginName = user.getUsername();
		this.language = user.getLanguage();
		this.staff = user.isStaff();
		this.superuser = user.isSuperuser();
		this.passwordHash = user.getPasswordHash();
	}

	private SsoUserDetails(String uuid, long userId, String loginName, String language, boolean staff,
			boolean superuser) {
		this.signInProblem = null;
		this.passwordChangeRequired = false;
		this.uuid = uuid;
		this.userId = userId;
		this.loginName = loginName;
		this.language = language;
		this.staff = staff;
		this.superuser = superuser;
		this.passwordHash = null;
	}

	/**
	 * The person of a completed sign-in as a stored grant recorded it (no password hash, no sign-in
	 * problem: both belong to the sign-in, which is over).
	 */
	public static SsoUserDetails restored(String uuid, long userId, String loginName, String language, boolean staff,
			boolean superuser) {
		return new SsoUserDetails(uuid, userId, loginName, language, staff, superuser);
	}

	private static String signInProblem(SsoUser user) {
		return switch (user.getStatus()) {
			case DEACTIVATED -> "user_deactivated";
			case PENDING_APPROVAL -> "user_pending_approval";
			case UNVERIFIED -> "email_unverified";
			case ACTIVE -> user.isLocked(java.time.Instant.now()) ? "user_locked"
					: (user.isEmailVerified() ? null : "email_unverified");
		};
	}

	/** The reason code why this account may not sign in now, or null when it may. */
	public String getSignInProblem() {
		return this.signInProblem;
	}

	/** Whether the sign-in that loaded this person must first replace a temporary password. */
	public boolean isPasswordChangeRequired() {
		return this.passwordChangeRequired;
	}

	@Override
	public String getUsername() {
		return this.uuid;
	}

	/** The database row of the person (never shown outside the provider). */
	public long getUserId() {
		return this.userId;
	}

	/** The name the person types to sign in. */
	public String getLoginName() {
		return this.loginName;
	}

	public String getLanguage() {
		return this.language;
	}

	public boolean isStaff() {
		return this.staff;
	}

	public boolean isSuperuser() {
		return this.superuser;
	}

	@Override
	public String getPassword() {
		return this.passwordHash;
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of();
	}

	@Override
	public void eraseCredentials() {
		this.passwordHash = null;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SsoUserDetails details && details.uuid.equals(this.uuid);
	}

	@Override
	public int hashCode() {
		return this.uuid.hashCode();
	}

	@Override
	public String toString() {
		return "SsoUserDetails[" + this.loginName + "]";
	}

}
