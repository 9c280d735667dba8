package io.microsys.sso.provider.registration;

import org.junit.jupiter.api.Test;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-up queue's count, on the real database: sign-ups waiting for approval, and nobody else. */
@ProviderIntegrationTest
class PendingRegistrationsDatabaseTests {

	final Provider provider;

	PendingRegistrationsDatabaseTests(Provider provider) {
		this.provider = provider;
	}

	@Test
	void countedWhenSignUpsWaitThenOnlyThoseAwaitingApproval() {
		PendingRegistrations pending = this.provider.context().getBean(PendingRegistrations.class);
		long before = pending.counted();
		this.provider.fixtures().user(AccountOrigin.SIGNUP, (user) -> user.setStatus(UserStatus.PENDING_APPROVAL));
		this.provider.fixtures().user(AccountOrigin.SIGNUP, (user) -> user.setStatus(UserStatus.UNVERIFIED));
		this.provider.fixtures().user(AccountOrigin.SIGNUP, (user) -> {
		});
		this.provider.fixtures().user(AccountOrigin.ADMIN, (user) -> user.setStatus(UserStatus.PENDING_APPROVAL));

		assertThat(pending.counted()).isEqualTo(before + 1);
	}

}
