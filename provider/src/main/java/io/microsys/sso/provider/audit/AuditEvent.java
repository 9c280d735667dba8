package io.microsys.sso.provider.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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

}
