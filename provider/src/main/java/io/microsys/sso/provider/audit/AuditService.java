package io.microsys.sso.provider.audit;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.microsys.sso.provider.support.ClientAddress;

/**
 * Writes audit events. Each event is written in its own transaction so that a denial is recorded
 * even when the surrounding work is rolled back; the caller's IP and user agent come from the
 * current request when there is one.
 */
@Service
public class AuditService {

	private final AuditEventRepository repository;

	private final Clock clock;

	private final TransactionTemplate ownTransaction;

	public AuditService(AuditEventRepository repository, Clock clock, PlatformTransactionManager transactionManager) {
		this.repository = repository;
		this.clock = clock;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Starts an event of the given type. */
	public Entry event(AuditEventType type) {
		return new Entry(type);
	}

	/** A fluent audit entry; {@link #record()} writes it. */
	public final class Entry {

		private final AuditEventType type;

		private String userUuid;

		private String username;

		private String clientId;

		private String reason;

		private String detail;

		private Origin origin;

		private String actorUuid;

		private String actorName;

		private AuditAction action;

		private String targetType;

		private String targetId;

		private String targetName;

		private Long scopeId;

		private boolean aboutSuperuser;

		private Changes changes;

		private Entry(AuditEventType type) {
			this.type = type;
		}

		public Entry user(String uuid, String username) {
			this.userUuid = uuid;
			this.username = username;
			return this;
		}

		public Entry client(String clientId) {
			this.clientId = clientId;
			return this;
		}

		public Entry reason(String reason) {
			this.reason = reason;
			return this;
		}

		public Entry detail(String detail) {
			this.detail = detail;
			return this;
		}

		/** Who did it, when it is someone else than the person the entry is about (an administrator). */
		public Entry actor(String uuid, String name) {
			this.actorUuid = uuid;
			this.actorName = name;
			return this;
		}

		/**
		 * An entry of the activity log: the kind of change and what it was done to
		 * ({@code user}, {@code scope}, {@code group}…, its stable id, and its name for readers).
		 */
		public Entry change(AuditAction action, String targetType, String targetId, String targetName) {
			this.action = action;
			this.targetType = targetType;
			this.targetId = targetId;
			this.targetName = targetName;
			return this;
		}

		/**
		 * Whom the entry is about, for who may read it (the rule for seeing people): their scope
		 * (null: none) and whether they are a superuser.
		 */
		public Entry about(Long scopeId, boolean superuser) {
			this.scopeId = scopeId;
			this.aboutSuperuser = superuser;
			return this;
		}

		/** The changed fields, before → after. */
		public Entry changes(Changes changes) {
			this.changes = changes;
			return this;
		}

		/** Where the event came from, for work done after its request ended (the request's otherwise). */
		public Entry from(Origin origin) {
			this.origin = origin;
			return this;
		}

		public AuditEvent record() {
			return AuditService.this.write(this);
		}

	}

	private AuditEvent write(Entry entry) {
		Origin origin = (entry.origin != null) ? entry.origin : Origin.ofCurrentRequest();
		AuditEvent event = new AuditEvent(this.clock.instant(), entry.type, entry.userUuid, entry.username,
				entry.clientId, origin.ip(), origin.userAgent(), entry.reason, entry.detail);
		event.describe(entry.actorUuid, entry.actorName, entry.action, entry.targetType, entry.targetId,
				entry.targetName, entry.scopeId, entry.aboutSuperuser,
				(entry.changes != null && !entry.changes.isEmpty()) ? entry.changes.toJson() : null);
		return this.ownTransaction.execute((status) -> this.repository.save(event));
	}

	/** The IP address and user agent of a request, kept for work done after it. */
	public record Origin(String ip, String userAgent) {

		/** The current request's, or nothing outside a request. */
		public static Origin ofCurrentRequest() {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes instanceof ServletRequestAttributes servlet) {
				HttpServletRequest request = servlet.getRequest();
				return new Origin(ClientAddress.of(request), request.getHeader("User-Agent"));
			}
			return new Origin(null, null);
		}

	}

}
