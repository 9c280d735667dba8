package io.microsys.sso.provider.audit;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published {@link Audited} events leave their entry: after the commit of the transaction that
 * published them, at once without one, and after a rollback only when they are about a refused
 * attempt.
 */
@ProviderIntegrationTest
class AuditTrailTests {

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	AuditEventRepository repository;

	@Autowired
	PlatformTransactionManager transactionManager;

	/** A change that was made (kept only if it committed). */
	record Done(String username) implements Audited {

		@Override
		public AuditService.Entry auditEntry(AuditService audit) {
			return audit.event(AuditEventType.PASSWORD_CHANGED).user(null, this.username).detail("done");
		}

	}

	/** An attempt that was refused (kept whatever happens to the transaction). */
	record Refused(String username) implements Audited {

		@Override
		public AuditService.Entry auditEntry(AuditService audit) {
			return audit.event(AuditEventType.REAUTHENTICATION_FAILED).user(null, this.username).reason("refused");
		}

		@Override
		public boolean recordedEvenIfRolledBack() {
			return true;
		}

	}

	private List<String> entriesOf(String username) {
		return this.repository.findAll()
			.stream()
			.filter((event) -> username.equals(event.getUsername()))
			.map(AuditEvent::getEventType)
			.toList();
	}

	private void inTransaction(boolean rollBack, Runnable work) {
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			work.run();
			if (rollBack) {
				status.setRollbackOnly();
			}
		});
	}

	@Test
	void publishWhenTransactionRolledBackThenOnlyTheRefusedAttemptIsRecorded() {
		String username = TestFixtures.unique("rolled-back");
		inTransaction(true, () -> {
			this.events.publishEvent(new Done(username));
			this.events.publishEvent(new Refused(username));
		});
		assertThat(entriesOf(username)).containsExactly(AuditEventType.REAUTHENTICATION_FAILED.name());
	}

	@Test
	void publishWhenTransactionCommitsThenBothAreRecordedAfterTheCommit() {
		String username = TestFixtures.unique("committed");
		inTransaction(false, () -> {
			this.events.publishEvent(new Done(username));
			this.events.publishEvent(new Refused(username));
			assertThat(entriesOf(username)).isEmpty();
		});
		assertThat(entriesOf(username)).containsExactlyInAnyOrder(AuditEventType.PASSWORD_CHANGED.name(),
				AuditEventType.REAUTHENTICATION_FAILED.name());
	}

	@Test
	void publishWhenNoTransactionThenRecordedAtOnce() {
		String username = TestFixtures.unique("no-transaction");
		this.events.publishEvent(new Done(username));
		assertThat(entriesOf(username)).containsExactly(AuditEventType.PASSWORD_CHANGED.name());
	}

}
