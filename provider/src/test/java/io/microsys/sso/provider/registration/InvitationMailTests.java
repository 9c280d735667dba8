package io.microsys.sso.provider.registration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.Actors;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.client.MembershipRepository;
import io.microsys.sso.provider.client.MembershipRole;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.mail.Mailer;
import io.microsys.sso.provider.outbox.OutboxProperties;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RandomTokens;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing says "sent" when nothing was sent: an invitation whose email did not leave (the mail
 * server does not answer, or none is configured) says so on {@code /sys/invitations}, shows the
 * link once to the superuser who made it, is marked in the list, and can be sent again with a new
 * link (the old one stops working).
 */
@ProviderIntegrationTest
class InvitationMailTests {

	private static final Pattern LINK = Pattern.compile("id=\"link\"[^>]*value=\"(http://[^\"]+/accounts/invitation/([A-Za-z0-9_-]{43}))\"");

	final Provider provider;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JavaMailSenderImpl mailSender;

	SsoUser superuser;

	SsoClient app;

	InvitationMailTests(Provider provider) {
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

	private String mailState(String token) {
		return this.jdbc.queryForObject("SELECT mail_state FROM sso_invitation WHERE token_hash = ?", String.class,
				RandomTokens.hash(token));
	}

	@Test
	void inviteWhenTheMailServerDoesNotAnswerThenSaidSoLinkShownOnceToTheInviterAndSendAgainWorks() {
		String email = TestFixtures.unique("unmailed") + "@example.com";
		Browser admin = Pages.signedIn(this.provider.origin(), this.superuser);
		HttpResponse<String> page = admin.get(this.provider.origin() + "/sys/invitations");
		HttpResponse<String> answer;
		int port = this.mailSender.getPort();
		this.mailSender.setPort(closedPort());
		try {
			answer = admin.followWithin(admin.submitForm(page, "form#invite",
					Map.of("app", this.app.getClientId(), "email", email, "role", "staff", "language", "en")),
					this.provider.origin());
		}
		finally {
			this.mailSender.setPort(port);
		}
		assertThat(answer.body()).doesNotContain("The invitation was sent")
			.contains("The invitation was saved, but its email was not sent.")
			.contains("The mail server could not be reached or did not accept the message.")
			.contains("Give this link to " + email + " yourself");
		Matcher shown = LINK.matcher(answer.body());
		assertThat(shown.find()).as(answer.body()).isTrue();
		String link = shown.group(1);
		String token = shown.group(2);
		assertThat(mailState(token)).isEqualTo("FAILED");
		assertThat(TestMail.to(email)).isEmpty();
		// The link works: the invitation is pending and can be given another way.
		assertThat(new Browser().get(link).body()).contains("You are invited to Team Wiki as staff");

		// Shown once, to that superuser only; the list marks the invitation.
		long id = this.jdbc.queryForObject("SELECT id FROM sso_invitation WHERE token_hash = ?", Long.class,
				RandomTokens.hash(token));
		String again = admin.get(answer.uri().toString()).body();
		assertThat(again).doesNotContain(token).contains("for a new link.");
		SsoUser other = this.provider.fixtures().user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		Browser otherAdmin = Pages.signedIn(this.provider.origin(), other);
		HttpResponse<String> list = otherAdmin.get(this.provider.origin() + "/sys/invitations");
		assertThat(list.body()).doesNotContain(token);
		String row = list.body().substring(list.body().indexOf("id=\"invitation-" + id + "\""));
		assertThat(row.substring(0, row.indexOf("</tr>"))).contains("Pending").contains("(email not sent)")
			.contains("Send again");

		// Sent again with the server answering: a new link by email, the old one stops working.
		HttpResponse<String> resent = otherAdmin.followWithin(
				otherAdmin.submitForm(list, "#invitation-" + id + " form.resend", Map.of()), this.provider.origin());
		assertThat(resent.body()).contains("The invitation was sent again with a new link");
		MimeMessage message = TestMail.await(email, 1);
		String newLink = TestMail.find(message, "(http://\\S+/accounts/invitation/[A-Za-z0-9_-]{43})");
		assertThat(newLink).isNotEqualTo(link);
		assertThat(new Browser().get(link).statusCode()).isEqualTo(404);
		assertThat(new Browser().get(newLink).body()).contains("You are invited to Team Wiki as staff");
		assertThat(mailState(newLink.substring(newLink.lastIndexOf('/') + 1))).isEqualTo("SENT");
		String listed = otherAdmin.get(this.provider.origin() + "/sys/invitations").body();
		String newRow = listed.substring(listed.indexOf("id=\"invitation-" + id + "\""));
		assertThat(newRow.substring(0, newRow.indexOf("</tr>"))).doesNotContain("(email not sent)");
	}

	@Test
	void inviteWhenTheMailServerAnswersThenSentAndRecorded() {
		String email = TestFixtures.unique("mailed") + "@example.com";
		Browser admin = Pages.signedIn(this.provider.origin(), this.superuser);
		HttpResponse<String> page = admin.get(this.provider.origin() + "/sys/invitations");
		HttpResponse<String> answer = admin.followWithin(admin.submitForm(page, "form#invite",
				Map.of("app", this.app.getClientId(), "email", email, "role", "user", "language", "ar")), this.provider.origin());
		assertThat(answer.body()).contains("The invitation was sent.").doesNotContain("id=\"link\"");
		String link = TestMail.find(TestMail.await(email, 1), "(http://\\S+/accounts/invitation/[A-Za-z0-9_-]{43})");
		assertThat(mailState(link.substring(link.lastIndexOf('/') + 1))).isEqualTo("SENT");
	}

	@Test
	void inviteWhenNoMailServerIsConfiguredThenNotSentAndTheLinkIsGiven() {
		// An outbox of its own (never started): invitations are sent at once, and the context's outbox
		// already has a mailer registered.
		io.microsys.sso.provider.outbox.Outbox outbox = new io.microsys.sso.provider.outbox.Outbox(this.jdbc,
				this.context.getBean(io.microsys.sso.provider.crypto.MasterKey.class),
				this.context, this.context.getBean(Clock.class),
				this.context.getBean(OutboxProperties.class));
		// A delivery without a mail server (a mock's sender() is empty).
		Mailer withoutServer = new Mailer(org.mockito.Mockito.mock(io.microsys.sso.provider.mail.MailDelivery.class),
				this.context.getBean(MessageSource.class), this.context.getBean(OutboxProperties.class), outbox,
				this.context.getBean(Clock.class));
		Invitations invitations = new Invitations(this.jdbc, this.context.getBean(ClientRepository.class),
				this.context.getBean(UserRepository.class), this.context.getBean(MembershipRepository.class),
				this.context.getBean(PasswordEncoder.class), withoutServer, this.context,
				this.context.getBean(Clock.class),
				this.context.getBean(InvitationProperties.class), this.context.getBean(Usernames.class),
				this.context.getBean(PlatformTransactionManager.class),
				this.context.getBean(io.microsys.sso.provider.settings.Links.class),
				this.context.getBean(AdminPolicy.class),
				this.context.getBean(AccessGuard.class));
		String email = TestFixtures.unique("serverless") + "@example.com";

		Invitations.Sent sent = invitations.invite(this.app, email, MembershipRole.USER, "en",
				this.context.getBean(Actors.class).of(this.superuser));

		assertThat(sent.mailProblem()).isEqualTo(Optional.of("not-configured"));
		String token = sent.link().substring(sent.link().lastIndexOf('/') + 1);
		assertThat(mailState(token)).isEqualTo("NOT_CONFIGURED");
		assertThat(invitations.find(token)).get()
			.satisfies((invitation) -> assertThat(invitation.mailNotSent()).isTrue());
		assertThat(new Browser().get(sent.link()).body()).contains("You are invited to Team Wiki as user");
		assertThat(TestMail.to(email)).isEmpty();
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
