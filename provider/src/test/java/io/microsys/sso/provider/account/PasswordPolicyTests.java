package io.microsys.sso.provider.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The password policy: length 8 to 256, no composition rules, not common, not the username or email. */
class PasswordPolicyTests {

	private final PasswordPolicy policy = new PasswordPolicy();

	@Test
	void problemWhenLengthAtTheBoundsThenOnlyOutsideRefused() {
		assertThat(this.policy.problem("zq7#kLm", "alice", null)).hasValue("too-short");
		assertThat(this.policy.problem("zq7#kLmw", "alice", null)).isEmpty();
		assertThat(this.policy.problem("lowercase only words are fine".repeat(3), "alice", null)).isEmpty();
		assertThat(this.policy.problem("x".repeat(256), "alice", null)).isEmpty();
		assertThat(this.policy.problem("x".repeat(257), "alice", null)).hasValue("too-long");
	}

	@Test
	void problemWhenCommonOrLikeTheAccountThenRefused() {
		assertThat(this.policy.problem("password123", "alice", null)).hasValue("too-common");
		assertThat(this.policy.problem("PASSWORD123", "alice", null)).hasValue("too-common");
		assertThat(this.policy.problem("my-Alice-secret-1", "alice", null)).hasValue("like-username");
		assertThat(this.policy.problem("alice@example.com", "bob", "Alice@Example.com")).hasValue("like-username");
	}

}
