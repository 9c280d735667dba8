package io.microsys.sso.provider.registration;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.MembershipRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RandomTokens;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invitations to a connected app over real HTTP, with the mail read from a real SMTP server: a
 * superuser invites an address with a role; following the link creates the account (its address
 * proven) or uses the signed-in one; the app then sends that role; a link works once, for 7 days,
 * and a newer invitation or a withdrawal voids it.
 */
@ProviderIntegrationTest
class InvitationTests {

	static final String PASSWORD = "an-invited-passphrase-31";

	final Provider provider;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UserRepository users;

	@Autowired
	MembershipRepository memberships;

	SsoUser superuser;

	SsoClient app;

	InvitationTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		this.superuser = this.provider.fixtures().user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		this.app = this.provider.fixtures().confidentialClient((c) -> c.setName("Team Wiki"));
	}

	/** The superuser invites {@code email}; returns the link from the delivered message. */
	private String invite(String email, String role, String language, int nth) {
		Browser admin = Pages.signedIn(this.provider.origin(), this.superuser);
		HttpResponse<String> page = admin.get(this.provider.origin() + "/sys/invitations");
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> sent = admin.followWithin(admin.submitForm(page, "form#invite",
				Map.of("app", this.app.getClientId(), "email", email, "role", role, "language", language)),
				this.provider.origin());
		assertThat(sent.body()).contains("The invitation was sent");
		MimeMessage message = TestMail.await(email, nth);
		String link = TestMail.find(message, "(http://\\S+/accounts/invitation/[A-Za-z0-9_-]{43})");
		assertThat(TestMail.html(message)).contains(link);
		return link;
	}

	private String idToken(Browser browser, String username, String password) {
		RelyingParty rp = new RelyingParty(this.provider.issuer(), this.app.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		RelyingParty.Request request = rp.request();
		String code = rp.code(browser, request, username, password);
		return rp.exchange(code, request.pkce.verifier()).string("id_token");
	}

	private String role(String idToken) {
		RelyingParty rp = new RelyingParty(this.provider.issuer(), this.app.getClientId(), TestFixtures.SECRET,
				TestFixtures.REDIRECT_URI);
		return (String) rp.verify(idToken).getClaim("microsys_sso_role");
	}

	@Test
	void acceptWhenNewPersonThenAccountCreatedVerifiedSignedInAndAdminOfTheApp() {
		String email = TestFixtures.unique("invitee") + "@example.com";
		String link = invite(email, "admin", "en", 1);
		MimeMessage message = TestMail.await(email, 1);
		assertThat(TestMail.subject(message)).isEqualTo("You are invited to an application");
		assertThat(TestMail.text(message)).contains("Team Wiki").contains("administrator").contains("7 days");

		Browser browser = new Browser();
		HttpResponse<String> page = browser.get(link);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("You are invited to Team Wiki as administrator").contains(email);
		// A weak password is refused on the page; nothing is created or used up.
		HttpResponse<String> weak = browser.submitForm(page,
				Map.of("firstName", "Omar", "password", "password123", "passwordConfirm", "password123"));
		assertThat(weak.statusCode()).isEqualTo(400);
		assertThat(weak.body()).contains("This password is too common");
		assertThat(this.users.findByEmail(email)).isEmpty();

		HttpResponse<String> joined = browser.followWithin(browser.submitForm(weak,
				Map.of("firstName", "Omar", "password", PASSWORD, "passwordConfirm", PASSWORD)), this.provider.origin());
		assertThat(joined.uri().getPath()).isEqualTo("/accounts/invitation/joined");
		assertThat(joined.body()).contains("You can now use Team Wiki as administrator");
		SsoUser created = this.users.findByEmail(email).orElseThrow();
		assertThat(created.getOrigin()).isEqualTo(AccountOrigin.INVITATION);
		assertThat(created.isEmailVerified()).isTrue();
		assertThat(created.getStatus()).isEqualTo(UserStatus.ACTIVE);
		assertThat(this.memberships.find(this.app.getId(), created.getId()).orElseThrow().getRole())
			.isEqualTo(MembershipRole.ADMIN);
		// Signed in by accepting: the app gets a code straight away, with the role "admin".
		assertThat(role(idToken(browser, created.getUsername(), "unused"))).isEqualTo("admin");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = "
				+ "'INVITATION_ACCEPTED' AND user_uuid = ? AND client_id = ? AND reason = 'admin'", Long.class,
				created.getUuid(), this.app.getClientId())).isEqualTo(1);

		// Reused: a clear page, nothing more happens.
		HttpResponse<String> reused = new Browser().get(link);
		assertThat(reused.statusCode()).isEqualTo(410);
		assertThat(reused.body()).contains("The invitation was accepted already");
	}

	@Test
	void acceptWhenAddressHasAnAccountThenSignInAndAcceptWithIt() {
		SsoUser existing = this.provider.fixtures().user();
		this.provider.fixtures().membership(this.app, existing, MembershipRole.USER);
		String link = invite(existing.getEmail(), "staff", "en", 1);

		Browser browser = new Browser();
		HttpResponse<String> page = browser.get(link);
		assertThat(page.body()).contains("This address has an account").doesNotContain("name=\"password\"");
		// "Sign in to accept" goes through the login page and back to the invitation.
		HttpResponse<String> login = browser.followWithin(browser.get(this.provider.origin() + "/accounts/invitation/"
				+ link.substring(link.lastIndexOf('/') + 1) + "/sign-in"), this.provider.origin());
		assertThat(login.uri().getPath()).isEqualTo("/accounts/login");
		HttpResponse<String> back = browser.followWithin(browser.submitForm(login,
				Map.of("username", existing.getUsername(), "password", TestFixtures.PASSWORD)), this.provider.origin());
		assertThat(back.uri().toString()).isEqualTo(link);
		assertThat(back.body()).contains("You are signed in as " + existing.getUsername());
		HttpResponse<String> joined = browser.followWithin(browser.submitForm(back, Map.of()), this.provider.origin());
		assertThat(joined.body()).contains("You can now use Team Wiki as staff");
		// The existing membership now has the invited role; no second account.
		assertThat(this.memberships.find(this.app.getId(), existing.getId()).orElseThrow().getRole())
			.isEqualTo(MembershipRole.STAFF);
		assertThat(role(idToken(browser, existing.getUsername(), TestFixtures.PASSWORD))).isEqualTo("staff");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_user WHERE email_key = ?", Long.class,
				existing.getEmail().toLowerCase())).isEqualTo(1);
	}

	@Test
	void acceptWhenSignedInWithAnotherAddressThenRefusedAndOnlyTheInvitedAddressCanAccept() {
		SsoUser bob = this.provider.fixtures().user();
		SsoUser carol = this.provider.fixtures().user();
		String link = invite(carol.getEmail(), "admin", "en", 1);
		String token = link.substring(link.lastIndexOf('/') + 1);

		Browser browser = Pages.signedIn(this.provider.origin(), bob);
		HttpResponse<String> page = browser.get(link);
		assertThat(page.body()).contains("This invitation was sent to " + carol.getEmail())
			.contains("You are signed in as " + bob.getUsername())
			.doesNotContain("id=\"accept\"");
		// Posting the accept form anyway: refused, and nothing changes.
		HttpResponse<String> refused = browser.post(link + "/accept", Map.of("_csrf", Browser.csrfToken(page)));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("This invitation was sent to " + carol.getEmail());
		HttpResponse<String> arabic = browser.get(link + "?lang=ar");
		assertThat(arabic.body()).contains("أُرسلت هذه الدعوة إلى " + carol.getEmail());
		assertThat(this.memberships.find(this.app.getId(), bob.getId())).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_invitation WHERE token_hash = ? "
				+ "AND accepted_at IS NULL AND revoked_at IS NULL", Long.class, RandomTokens.hash(token))).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = "
				+ "'INVITATION_REFUSED' AND user_uuid = ? AND reason = 'other_address'", Long.class, bob.getUuid()))
			.isEqualTo(1);

		// Carol, whose confirmed address it is, accepts; the list names her.
		Browser carolsBrowser = Pages.signedIn(this.provider.origin(), carol);
		HttpResponse<String> joined = carolsBrowser
			.followWithin(carolsBrowser.submitForm(carolsBrowser.get(link), Map.of()), this.provider.origin());
		assertThat(joined.body()).contains("You can now use Team Wiki as administrator");
		assertThat(this.memberships.find(this.app.getId(), carol.getId()).orElseThrow().getRole())
			.isEqualTo(MembershipRole.ADMIN);
		long id = this.jdbc.queryForObject("SELECT id FROM sso_invitation WHERE token_hash = ?", Long.class,
				RandomTokens.hash(token));
		String list = Pages.signedIn(this.provider.origin(), this.superuser).get(this.provider.origin() + "/sys/invitations").body();
		String row = list.substring(list.indexOf("id=\"invitation-" + id + "\""));
		row = row.substring(0, row.indexOf("</tr>"));
		assertThat(row).contains("Accepted").contains("by " + carol.getUsername());
	}

	@Test
	void acceptWhenExpiredWithdrawnReplacedOrForgedThenClearPageAndNothingJoins() {
		String email = TestFixtures.unique("late") + "@example.com";
		String first = invite(email, "admin", "en", 1);
		String second = invite(email, "staff", "en", 2);
		// A newer invitation to the same address and app replaced the first.
		HttpResponse<String> replaced = new Browser().get(first);
		assertThat(replaced.statusCode()).isEqualTo(410);
		assertThat(replaced.body()).contains("withdrawn or replaced");
		// Expired.
		this.jdbc.update("UPDATE sso_invitation SET expires_at = ? WHERE token_hash = ?",
				Timestamp.from(Instant.now().minusSeconds(1)), RandomTokens.hash(second.substring(second.lastIndexOf('/') + 1)));
		Browser browser = new Browser();
		HttpResponse<String> expired = browser.get(second);
		assertThat(expired.statusCode()).isEqualTo(410);
		assertThat(expired.body()).contains("The invitation has expired");
		HttpResponse<String> login = browser.get(this.provider.origin() + "/accounts/login");
		HttpResponse<String> posted = browser.post(second, Map.of("_csrf", Browser.csrfToken(login), "firstName",
				"Late", "password", PASSWORD, "passwordConfirm", PASSWORD));
		assertThat(posted.statusCode()).isEqualTo(410);
		assertThat(this.users.findByEmail(email)).isEmpty();
		// Forged and malformed.
		for (String forged : new String[] { "C".repeat(43), "nope" }) {
			HttpResponse<String> page = new Browser().get(this.provider.origin() + "/accounts/invitation/" + forged);
			assertThat(page.statusCode()).isEqualTo(404);
			assertThat(page.body()).contains("does not belong to any invitation");
		}
		// Withdrawn by the superuser.
		String third = invite(TestFixtures.unique("withdrawn") + "@example.com", "user", "en", 1);
		Browser admin = Pages.signedIn(this.provider.origin(), this.superuser);
		HttpResponse<String> list = admin.get(this.provider.origin() + "/sys/invitations");
		long id = this.jdbc.queryForObject("SELECT id FROM sso_invitation WHERE token_hash = ?", Long.class,
				RandomTokens.hash(third.substring(third.lastIndexOf('/') + 1)));
		HttpResponse<String> revoked = admin.followWithin(admin.submitForm(list, "#invitation-" + id + " form", Map.of()),
				this.provider.origin());
		assertThat(revoked.body()).contains("The invitation was withdrawn");
		assertThat(new Browser().get(third).statusCode()).isEqualTo(410);
	}

	@Test
	void inviteWhenNotSuperuserOrBadInputThenRefusedAndNothingSent() {
		String email = TestFixtures.unique("nobody") + "@example.com";
		Browser plain = Pages.signedIn(this.provider.origin(), this.provider.fixtures().user((u) -> u.setStaff(true)));
		HttpResponse<String> refused = plain.post(this.provider.origin() + "/sys/invitations",
				Map.of("_csrf", Browser.csrfToken(plain.get(this.provider.origin() + "/accounts/profile")), "app",
						this.app.getClientId(), "email", email, "role", "admin"));
		assertThat(refused.statusCode()).isEqualTo(403);

		Browser admin = Pages.signedIn(this.provider.origin(), this.superuser);
		HttpResponse<String> page = admin.get(this.provider.origin() + "/sys/invitations");
		Map<String, Map<String, String>> cases = Map.of("Choose a connected app",
				Map.of("app", "no-such-app", "email", email, "role", "admin"), "Enter a valid email address",
				Map.of("app", this.app.getClientId(), "email", "not-an-email", "role", "admin"),
				"Choose a role", Map.of("app", this.app.getClientId(), "email", email, "role", "owner"));
		cases.forEach((message, values) -> {
			HttpResponse<String> answer = admin.followWithin(admin.submitForm(page, "form#invite", values), this.provider.origin());
			assertThat(answer.body()).as(message).contains(message);
		});
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_invitation WHERE email_key = ?", Long.class,
				email.toLowerCase())).isZero();
		assertThat(admin.get(this.provider.origin() + "/sys/invitations/abc/revoke").statusCode()).isEqualTo(405);
	}

	@Test
	void inviteWhenArabicThenMailAndPageInArabic() {
		String email = TestFixtures.unique("arabic") + "@example.com";
		String link = invite(email, "user", "ar", 1);
		MimeMessage message = TestMail.await(email, 1);
		assertThat(TestMail.subject(message)).isEqualTo("أنت مدعو إلى تطبيق");
		assertThat(TestMail.text(message)).contains("Team Wiki").contains("مستخدم");
		assertThat(TestMail.html(message)).contains("dir=\"rtl\"");
		HttpResponse<String> page = new Browser().get(link + "?lang=ar");
		assertThat(page.body()).contains("dir=\"rtl\"").contains("أنت مدعو إلى Team Wiki بدور مستخدم");
	}

}
