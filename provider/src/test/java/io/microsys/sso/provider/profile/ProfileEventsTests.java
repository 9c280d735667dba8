package io.microsys.sso.provider.profile;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.audit.AuditEvent;
import io.microsys.sso.provider.audit.AuditEventRepository;
import io.microsys.sso.provider.audit.AuditEventType;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What follows a {@link PasswordChanged} event goes with the change: when the transaction that
 * published it rolls back, there is neither a {@code PASSWORD_CHANGED} entry nor a "password
 * changed" email; when it commits, both.
 */
@ProviderIntegrationTest
class ProfileEventsTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	AuditEventRepository audit;

	@Autowired
	PlatformTransactionManager transactionManager;

	private List<String> entriesOf(SsoUser user) {
		return this.audit.findTop50ByEventTypeOrderByIdDesc(AuditEventType.PASSWORD_CHANGED.name())
			.stream()
			.filter((event) -> user.getUuid().equals(event.getUserUuid()))
			.map(AuditEvent::getDetail)
			.toList();
	}

	private void publish(PasswordChanged event, boolean rollBack) {
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			this.events.publishEvent(event);
			if (rollBack) {
				status.setRollbackOnly();
			}
		});
	}

	@Test
	void passwordChangedWhenRolledBackThenNoEntryAndNoMailElseBoth() {
		SsoUser user = new TestFixtures(this.context).user();

		publish(new PasswordChanged(user, false, 7, 7), true);
		assertThat(entriesOf(user)).isEmpty();

		publish(new PasswordChanged(user, false, 1, 0), false);
		assertThat(entriesOf(user)).containsExactly("1 other session(s) ended, 0 trusted browser(s) forgotten");
		assertThat(TestMail.subject(TestMail.await(user.getEmail(), 1))).isEqualTo("Your password was changed");
		assertThat(TestMail.to(user.getEmail())).hasSize(1);
	}

}
