package io.microsys.sso.provider.settings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LinksTests {

	@Test
	void linksWhenBaseHasPathPrefixAndTrailingSlashThenNoDoubleSlash() {
		Links links = new Links("https://example.com/sso/");

		assertThat(links.base()).isEqualTo("https://example.com/sso");
		assertThat(links.login()).isEqualTo("https://example.com/sso/accounts/login");
		assertThat(links.passwordResetRequest()).isEqualTo("https://example.com/sso/accounts/password/reset");
		assertThat(links.passwordReset("T0k")).isEqualTo("https://example.com/sso/accounts/password/reset/T0k");
		assertThat(links.emailConfirmation("T0k")).isEqualTo("https://example.com/sso/accounts/email/confirm/T0k");
		assertThat(links.registrationVerification("T0k"))
			.isEqualTo("https://example.com/sso/accounts/register/verify/T0k");
		assertThat(links.invitation("T0k")).isEqualTo("https://example.com/sso/accounts/invitation/T0k");
		assertThat(links.registrationsQueue()).isEqualTo("https://example.com/sso/sys/registrations");
	}

	@Test
	void linksWhenBaseIsOriginOnlyThenPathsFollowIt() {
		Links links = new Links("http://localhost:9000");

		assertThat(links.invitation("abc")).isEqualTo("http://localhost:9000/accounts/invitation/abc");
		assertThat(links.login()).doesNotContain("//accounts");
	}

}
