package io.microsys.sso.provider.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.microsys.sso.provider.persistence.Timestamped;
import io.microsys.sso.provider.scope.Scope;
import io.microsys.sso.provider.support.Language;
import io.microsys.sso.provider.support.NameKeys;

/**
 * A person who can sign in. The {@link #getUuid() uuid} is the stable, opaque identifier given to
 * connected apps as {@code sub}; the row id never leaves the provider.
 */
@Entity
@Table(name = "sso_user")
public class SsoUser extends Timestamped {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false, length = 36)
	private String uuid;

	@Column(nullable = false)
	private String username;

	@Column(name = "username_key", nullable = false)
	private String usernameKey;

	@Column(name = "username_lookalike", nullable = false)
	private String usernameLookalike;

	private String email;

	@Column(name = "email_key")
	private String emailKey;

	private String phone;

	@Column(name = "first_name")
	private String firstName;

	@Column(name = "last_name")
	private String lastName;

	@Column(name = "first_name_key")
	private String firstNameKey;

	@Column(name = "last_name_key")
	private String lastNameKey;

	@ManyToOne(fetch = FetchType.LAZY)
	@JoinColumn(name = "scope_id")
	private Scope scope;

	@Column(nullable = false)
	private String language = Language.ENGLISH.code();

	@Column(name = "is_staff", nullable = false)
	private boolean staff;

	@Column(name = "is_superuser", nullable = false)
	private boolean superuser;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private UserStatus status = UserStatus.ACTIVE;

	@Column(name = "deactivated_at")
	private Instant deactivatedAt;

	@Column(name = "deactivated_by", length = 36)
	private String deactivatedBy;

	@Column(name = "email_verified", nullable = false)
	private boolean emailVerified;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private AccountOrigin origin;

	@Column(name = "password_hash")
	private String passwordHash;

	@Column(name = "locked_until")
	private Instant lockedUntil;

	@Column(name = "last_login_at")
	private Instant lastLoginAt;

	@Column(name = "reviewed_at")
	private Instant reviewedAt;

	@Column(name = "reviewed_by", length = 36)
	private String reviewedBy;

	@Column(name = "review_reason", length = 500)
	private String reviewReason;

	/** Set with a temporary password (by statements of {@link PasswordChangeRequirement}, never by a save). */
	@Column(name = "password_change_required", insertable = false, updatable = false)
	private boolean passwordChangeRequired;

	@Version
	private long version;

	protected SsoUser() {
	}

	public SsoUser(String username, AccountOrigin origin) {
		this.uuid = UUID.randomUUID().toString();
		this.origin = origin;
		setUsername(username);
	}

	/** The form that makes usernames and emails unique: {@link NameKeys#key}. */
	public static String key(String value) {
		return NameKeys.key(value);
	}

	/**
	 * The form a first or last name is searched by (the console's prefix search): its
	 * {@link NameKeys#key key}, cut to the column's 150 characters; null for no name.
	 */
	public static String nameKey(String name) {
		if (name == null || name.isBlank()) {
			return null;
		}
		String key = NameKeys.key(name);
		return (key.length() <= 150) ? key : key.substring(0, 150);
	}

	public boolean isLocked(Instant now) {
		return this.lockedUntil != null && this.lockedUntil.isAfter(now);
	}

	/** Soft delete: the row, its history and its audit trail stay. */
	public void deactivate(Instant when) {
		deactivate(when, null);
	}

	/** Soft delete by an administrator ({@code byUuid}, or null when nobody in particular). */
	public void deactivate(Instant when, String byUuid) {
		this.status = UserStatus.DEACTIVATED;
		this.deactivatedAt = when;
		this.deactivatedBy = byUuid;
	}

	public void activate() {
		this.status = UserStatus.ACTIVE;
		this.deactivatedAt = null;
		this.deactivatedBy = null;
	}

	public String getDisplayName() {
		return displayName(this.firstName, this.lastName, this.username);
	}

	/** First and last name, or the username when both are empty. */
	public static String displayName(String firstName, String lastName, String username) {
		String full = ((firstName != null) ? firstName : "") + " " + ((lastName != null) ? lastName : "");
		return full.isBlank() ? username : full.trim();
	}

	public Long getId() {
		return this.id;
	}

	public String getUuid() {
		return this.uuid;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username.trim();
		this.usernameKey = key(username);
		String lookalike = NameKeys.lookalike(username);
		this.usernameLookalike = (lookalike.length() <= NameKeys.USERNAME_KEY_MAX) ? lookalike
				: lookalike.substring(0, NameKeys.USERNAME_KEY_MAX);
	}

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = (email == null || email.isBlank()) ? null : email.trim();
		this.emailKey = key(this.email);
	}

	public String getPhone() {
		return this.phone;
	}

	public void setPhone(String phone) {
		this.phone = phone;
	}

	public String getFirstName() {
		return this.firstName;
	}

	public void setFirstName(String firstName) {
		this.firstName = firstName;
		this.firstNameKey = nameKey(firstName);
	}

	public String getLastName() {
		return this.lastName;
	}

	public void setLastName(String lastName) {
		this.lastName = lastName;
		this.lastNameKey = nameKey(lastName);
	}

	public Scope getScope() {
		return this.scope;
	}

	public void setScope(Scope scope) {
		this.scope = scope;
	}

	public String getLanguage() {
		return this.language;
	}

	public void setLanguage(String language) {
		this.language = language;
	}

	public boolean isStaff() {
		return this.staff;
	}

	public void setStaff(boolean staff) {
		this.staff = staff;
	}

	public boolean isSuperuser() {
		return this.superuser;
	}

	public void setSuperuser(boolean superuser) {
		this.superuser = superuser;
	}

	public UserStatus getStatus() {
		return this.status;
	}

	public void setStatus(UserStatus status) {
		this.status = status;
	}

	public Instant getDeactivatedAt() {
		return this.deactivatedAt;
	}

	/** The uuid of the administrator who deactivated the account, if one did. */
	public String getDeactivatedBy() {
		return this.deactivatedBy;
	}

	/** The version the optimistic lock compares. */
	public long getVersion() {
		return this.version;
	}

	public boolean isEmailVerified() {
		return this.emailVerified;
	}

	public void setEmailVerified(boolean emailVerified) {
		this.emailVerified = emailVerified;
	}

	public AccountOrigin getOrigin() {
		return this.origin;
	}

	public String getPasswordHash() {
		return this.passwordHash;
	}

	/** Whether the password is a temporary one the person must replace at their next sign-in. */
	public boolean isPasswordChangeRequired() {
		return this.passwordChangeRequired;
	}

	public void setPasswordHash(String passwordHash) {
		this.passwordHash = passwordHash;
	}

	public Instant getLockedUntil() {
		return this.lockedUntil;
	}

	public void setLockedUntil(Instant lockedUntil) {
		this.lockedUntil = lockedUntil;
	}

	public Instant getLastLoginAt() {
		return this.lastLoginAt;
	}

	public void setLastLoginAt(Instant lastLoginAt) {
		this.lastLoginAt = lastLoginAt;
	}

	public Instant getReviewedAt() {
		return this.reviewedAt;
	}

	public String getReviewedBy() {
		return this.reviewedBy;
	}

	public String getReviewReason() {
		return this.reviewReason;
	}

	/** Records an administrator's decision on a public registration. */
	public void reviewed(Instant when, String reviewerUuid, String reason) {
		this.reviewedAt = when;
		this.reviewedBy = reviewerUuid;
		this.reviewReason = reason;
	}

}
