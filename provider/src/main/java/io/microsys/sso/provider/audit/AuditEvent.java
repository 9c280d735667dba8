package io.microsys.sso.provider.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of the audit trail. Rows are only ever inserted. */
@Entity
@Table(name = "sso_audit_event")
public class AuditEvent {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "event_type", nullable = false, updatable = false)
	private String eventType;

	@Column(name = "user_uuid", updatable = false)
	private String userUuid;

	@Column(updatable = false)
	private String username;

	@Column(name = "client_id", updatable = false)
	private String clientId;

	@Column(name = "ip_address", updatable = false)
	private String ipAddress;

	@Column(name = "user_agent", updatable = false)
	private String userAgent;

	@Column(updatable = false)
	private String reason;

	@Column(updatable = false)
	private String detail;

	@Column(name = "actor_uuid", updatable = false)
	private String actorUuid;

	@Column(name = "actor_name", updatable = false)
	private String actorName;

	@Enumerated(EnumType.STRING)
	@Column(updatable = false)
	private AuditAction action;

	@Column(name = "target_type", updatable = false)
	private String targetType;

	@Column(name = "target_id", updatable = false)
	private String targetId;

	@Column(name = "target_name", updatable = false)
	private String targetName;

	@Column(name = "scope_id", updatable = false)
	private Long scopeId;

	@Column(name = "about_superuser", nullable = false, updatable = false)
	private boolean aboutSuperuser;

	@Column(updatable = false)
	private String changes;

	protected AuditEvent() {
	}

	AuditEvent(Instant createdAt, AuditEventType type, String userUuid, String username, String clientId,
			String ipAddress, String userAgent, String reason, String detail) {
		this.createdAt = createdAt;
		this.eventType = type.name();
		this.userUuid = userUuid;
		this.username = truncate(username, 150);
		this.clientId = truncate(clientId, 100);
		this.ipAddress = truncate(ipAddress, 64);
		this.userAgent = truncate(userAgent, 512);
		this.reason = truncate(reason, 100);
		this.detail = truncate(detail, 2000);
	}

	/** Who did it, what kind of change, to what, whom the entry is about, and what changed. */
	void describe(String actorUuid, String actorName, AuditAction action, String targetType, String targetId,
			String targetName, Long scopeId, boolean aboutSuperuser, String changes) {
		this.actorUuid = actorUuid;
		this.actorName = truncate(actorName, 150);
		this.action = action;
		this.targetType = truncate(targetType, 20);
		this.targetId = truncate(targetId, 100);
		this.targetName = truncate(targetName, 200);
		this.scopeId = scopeId;
		this.aboutSuperuser = aboutSuperuser;
		this.changes = changes;
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	public Long getId() {
		return this.id;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public String getEventType() {
		return this.eventType;
	}

	public String getUserUuid() {
		return this.userUuid;
	}

	public String getUsername() {
		return this.username;
	}

	public String getClientId() {
		return this.clientId;
	}

	public String getIpAddress() {
		return this.ipAddress;
	}

	public String getUserAgent() {
		return this.userAgent;
	}

	public String getReason() {
		return this.reason;
	}

	public String getDetail() {
		return this.detail;
	}

	/** Who did it, when someone else than {@link #getUserUuid() the person the entry is about}. */
	public String getActorUuid() {
		return this.actorUuid;
	}

	public String getActorName() {
		return this.actorName;
	}

	/** The kind of change, for entries of the activity log; null for sign-ins and the like. */
	public AuditAction getAction() {
		return this.action;
	}

	/** What was changed: {@code user}, {@code scope}, {@code group}, {@code client}, {@code settings}… */
	public String getTargetType() {
		return this.targetType;
	}

	public String getTargetId() {
		return this.targetId;
	}

	public String getTargetName() {
		return this.targetName;
	}

	/** The scope of the person the entry is about (who may read it), or null. */
	public Long getScopeId() {
		return this.scopeId;
	}

	/** Whether the entry is about a superuser (then only superusers read it). */
	public boolean isAboutSuperuser() {
		return this.aboutSuperuser;
	}

	/** The changed fields as JSON ({@link Changes#toJson()}), or null. */
	public String getChanges() {
		return this.changes;
	}

}
