package io.microsys.sso.provider.audit;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records every published {@link Audited} event: after its transaction commits, at once when none
 * is active, and after a rollback only when the event
 * {@linkplain Audited#recordedEvenIfRolledBack() asks to be kept}. {@link AuditService} writes in a
 * transaction of its own, as work after a commit must. Each recorded entry is also counted
 * ({@link AuditMetrics}).
 */
@Component
class AuditTrail {

	private final AuditService audit;

	private final AuditMetrics metrics;

	AuditTrail(AuditService audit, AuditMetrics metrics) {
		this.audit = audit;
		this.metrics = metrics;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void committed(Audited event) {
		this.metrics.recorded(event.auditEntry(this.audit).record());
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_ROLLBACK)
	void rolledBack(Audited event) {
		if (event.recordedEvenIfRolledBack()) {
			this.metrics.recorded(event.auditEntry(this.audit).record());
		}
	}

}
