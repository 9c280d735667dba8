package io.microsys.sso.provider.registration;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.microsys.sso.provider.account.AccountOrigin;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.UserRepository;
import io.microsys.sso.provider.account.UserStatus;
import io.microsys.sso.provider.client.SsoClient;
import io.microsys.sso.provider.settings.RegistrationMode;
import io.microsys.sso.provider.settings.RuntimeSettings;
import io.microsys.sso.provider.support.Browser;
import io.microsys.sso.provider.support.Pages;
import io.microsys.sso.provider.support.Provider;
import io.microsys.sso.provider.support.ProviderIntegrationTest;
import io.microsys.sso.provider.support.RandomTokens;
import io.microsys.sso.provider.support.RelyingParty;
import io.microsys.sso.provider.support.TestFixtures;
import io.microsys.sso.provider.support.TestMail;
import io.microsys.sso.provider.support.TestOutbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Public registration over real HTTP, with the mail read from a real SMTP server: off by default,
 * the same answer for new and taken addresses, a robot trap, a per-address limit, a link that
 * works once within 24 hours together with the password chosen, both activation modes, and an
 * account waiting for approval that no app lets in.
 */
@ProviderIntegrationTest
class RegistrationTests {

	static final String PASSWORD = "a-sign-up-passphrase-17";

	private static final AtomicInteger addresses = new AtomicInteger();

	final Provider provider;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	UserRepository users;

	RegistrationTests(Provider provider) {
		this.provider = provider;
	}

	@BeforeEach
	void setUp() {
		open(RegistrationMode.VERIFIED_PENDING_APPROVAL);
	}

	@AfterEach
	void closeRegistration() {
		this.settings.setRegistration(new RuntimeSettings.Registration(false, RegistrationMode.VERIFIED_PENDING_APPROVAL),
				null);
	}

	private void open(RegistrationMode mode) {
		this.settings.setRegistration(new RuntimeSettings.Registration(true, mode), null);
	}

	/** A browser from an address of its own, so the per-address limit belongs to the test using it. */
	static Browser browser() {
		return new Browser().from("198.51.100." + (addresses.incrementAndGet() % 250 + 1));
	}

	static String email() {
		return TestFixtures.unique("signup") + "@example.com";
	}

	private HttpResponse<String> signUp(Browser browser, Map<String, String> values) {
		HttpResponse<String> form = browser.get(this.provider.origin() + "/accounts/register");
		assertThat(form.statusCode()).isEqualTo(200);
		Map<String, String> all = new HashMap<>(
				Map.of("firstName", "Rana", "lastName", "Haddad", "password", PASSWORD, "passwordConfirm", PASSWORD));
		all.putAll(values);
		return browser.submitForm(form, all);
	}

	private String verificationLink(String email, int nth) {
		MimeMessage message = TestMail.await(email, nth);
		assertThat(TestMail.subject(message)).isEqualTo("Confirm your email address");
		String link = TestMail.find(message, "(http://\\S+/accounts/register/verify/[A-Za-z0-9_-]{43})");
		assertThat(TestMail.html(message)).contains(link);
		return link;
	}

	private HttpResponse<String> confirm(Browser browser, String link, String password) {
		HttpResponse<String> page = browser.get(link);
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).contains("Confirm your email address");
		return browser.submitForm(page, Map.of("password", password));
	}

	private SsoUser account(String email) {
		return account(email, (user) -> true);
	}

	/**
	 * The account with this address once it matches: sign-ups are processed after their answer, so
	 * a test waits for the outcome (up to 10 s).
	 */
	private SsoUser account(String email, Predicate<SsoUser> ready) {
		return await("a matching account with " + email).atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.users.findByEmail(email).filter(ready), Optional::isPresent)
			.get();
	}

	private SsoClient openApp() {
		return this.provider.fixtures().confidentialClient((c) -> c.getPolicy().setAllowAllAuthenticated(true));
	}

	private RelyingParty relyingParty(SsoClient client) {
		return new RelyingParty(this.provider.issuer(), client.getClientId(), TestFixtures.SECRET, TestFixtures.REDIRECT_URI);
	}

	private long audits(String type, String reason) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = ? AND reason = ?",
				Long.class, type, reason);
	}

	@Test
	void registerWhenDisabledThenEveryPageIsNotFoundAndLoginOffersNothing() {
		closeRegistration();
		Browser browser = browser();
		assertThat(browser.get(this.provider.origin() + "/accounts/register").statusCode()).isEqualTo(404);
		assertThat(browser.get(this.provider.origin() + "/accounts/register/sent").statusCode()).isEqualTo(404);
		assertThat(browser.get(this.provider.origin() + "/accounts/register/verify/" + "A".repeat(43)).statusCode())
			.isEqualTo(404);
		HttpResponse<String> login = browser.get(this.provider.origin() + "/accounts/login");
		assertThat(login.body()).doesNotContain("/accounts/register");
		// A POST with a valid CSRF token is refused the same way, creating nothing.
		String email = email();
		HttpResponse<String> posted = browser.post(this.provider.origin() + "/accounts/register",
				Map.of("_csrf", Browser.csrfToken(login), "email", email, "firstName", "Rana", "password", PASSWORD,
						"passwordConfirm", PASSWORD));
		assertThat(posted.statusCode()).isEqualTo(404);
		assertThat(this.users.findByEmail(email)).isEmpty();
		// Open, the login page links to it.
		open(RegistrationMode.VERIFIED_PENDING_APPROVAL);
		assertThat(browser.get(this.provider.origin() + "/accounts/login").body()).contains("/accounts/register");
	}

	@Test
	void registerWhenApprovalModeThenConfirmedAccountWaitsAndNoAppLetsItInUntilApproved() {
		SsoUser superuser = this.provider.fixtures().user((u) -> {
			u.setSuperuser(true);
			u.setStaff(true);
		});
		// At most 20 active superusers are told, the first by id: the others of this shared
		// database are set aside while this one waits for its mail, and put back after.
		List<Long> others = this.jdbc.queryForList(
				"SELECT id FROM sso_user WHERE is_superuser = TRUE AND status = 'ACTIVE' AND id <> ?", Long.class,
				superuser.getId());
		others.forEach((id) -> this.jdbc.update("UPDATE sso_user SET status = 'DEACTIVATED' WHERE id = ?", id));
		try {
			approvalModeFlow(superuser);
		}
		finally {
			others.forEach((id) -> this.jdbc.update("UPDATE sso_user SET status = 'ACTIVE' WHERE id = ?", id));
		}
	}

	private void approvalModeFlow(SsoUser superuser) {
		SsoClient app = openApp();
		RelyingParty rp = relyingParty(app);
		String email = email();
		Browser browser = browser();

		HttpResponse<String> sent = browser.followWithin(signUp(browser, Map.of("email", email)), this.provider.origin());
		assertThat(sent.uri().getPath()).isEqualTo("/accounts/register/sent");
		assertThat(sent.body()).contains("Check your email");
		SsoUser created = account(email);
		assertThat(created.getStatus()).isEqualTo(UserStatus.UNVERIFIED);
		assertThat(created.isEmailVerified()).isFalse();
		assertThat(created.getOrigin().name()).isEqualTo("SIGNUP");
		assertThat(created.getUsername()).startsWith("signup-");
		assertThat(created.getPasswordHash()).startsWith("{argon2").doesNotContain(PASSWORD);
		// Not confirmed yet: the password signs in to nothing.
		HttpResponse<String> early = Pages.password(browser(), this.provider.origin(), email, PASSWORD);
		assertThat(early.uri().toString()).endsWith("/accounts/login?error=unverified");
		assertThat(early.body()).contains("Confirm your email address first");

		String link = verificationLink(email, 1);
		HttpResponse<String> wrong = confirm(browser, link, "not-the-password-42");
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(wrong.body()).contains("That is not the password chosen");
		assertThat(account(email).getStatus()).isEqualTo(UserStatus.UNVERIFIED);
		HttpResponse<String> confirmed = browser.followWithin(confirm(browser, link, PASSWORD), this.provider.origin());
		assertThat(confirmed.uri().getPath()).isEqualTo("/accounts/register/verified");
		assertThat(confirmed.body()).contains("An administrator will now review your account");
		assertThat(account(email).getStatus()).isEqualTo(UserStatus.PENDING_APPROVAL);
		assertThat(account(email).isEmailVerified()).isTrue();
		// The superuser is told.
		MimeMessage waiting = TestMail.await(superuser.getEmail(), 1);
		assertThat(TestMail.subject(waiting)).isEqualTo("A new registration is waiting for approval");
		assertThat(TestMail.text(waiting)).contains(email).contains("/sys/registrations");
		// The link worked once.
		assertThat(browser.get(link).statusCode()).isEqualTo(404);

		// Waiting: told so at the provider, refused by the app (no code), audited.
		HttpResponse<String> pending = Pages.password(browser(), this.provider.origin(), email, PASSWORD);
		assertThat(pending.uri().toString()).endsWith("/accounts/login?error=pending");
		assertThat(pending.body()).contains("waiting for an administrator");
		RelyingParty.Request request = rp.request();
		HttpResponse<String> denied = rp.authorize(browser(), request, email, PASSWORD);
		Map<String, String> query = rp.redirectQuery(denied);
		assertThat(query).containsEntry("error", "access_denied").containsEntry("state", request.state)
			.doesNotContainKey("code");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = "
				+ "'AUTHORIZATION_DENIED' AND user_uuid = ? AND reason = 'user_pending_approval'", Long.class,
				created.getUuid()))
			.isEqualTo(1);

		// Approved, the person is told and the app gives them the role "user".
		Browser admin = Pages.signedIn(this.provider.origin(), superuser);
		HttpResponse<String> queue = admin.get(this.provider.origin() + "/sys/registrations");
		assertThat(queue.statusCode()).isEqualTo(200);
		assertThat(queue.body()).contains(email).contains("Public signup");
		HttpResponse<String> approved = admin.followWithin(admin.submitForm(queue,
				"#registration-" + created.getUuid() + " form", Map.of("reason", "Welcome aboard")), this.provider.origin());
		assertThat(approved.body()).contains("The registration was approved");
		assertThat(account(email).getStatus()).isEqualTo(UserStatus.ACTIVE);
		assertThat(account(email).getReviewedBy()).isEqualTo(superuser.getUuid());
		MimeMessage told = TestMail.await(email, 2);
		assertThat(TestMail.subject(told)).isEqualTo("Your account was approved");
		assertThat(audits("REGISTRATION_APPROVED", "by " + superuser.getUsername())).isEqualTo(1);

		RelyingParty.Request again = rp.request();
		String code = rp.code(browser(), again, email, PASSWORD);
		RelyingParty.Json tokens = rp.exchange(code, again.pkce.verifier());
		assertThat(rp.verify(tokens.string("id_token")).getClaim("microsys_sso_role")).isEqualTo("user");
		assertThat(rp.verify(tokens.string("id_token")).getClaim("email_verified")).isEqualTo(true);
	}

	@Test
	void registerWhenAutoModeThenConfirmingSignsInAndAppsLetIn() {
		open(RegistrationMode.AUTO_LOGIN_AFTER_VERIFY);
		SsoClient app = openApp();
		RelyingParty rp = relyingParty(app);
		String email = email();
		String username = TestFixtures.unique("chosen");
		Browser browser = browser();
		assertThat(Browser.location(signUp(browser, Map.of("email", email, "username", username))))
			.endsWith("/accounts/register/sent");
		assertThat(account(email).getUsername()).isEqualTo(username);

		Browser mailbox = browser();
		HttpResponse<String> done = confirm(mailbox, verificationLink(email, 1), PASSWORD);
		assertThat(Browser.location(done)).endsWith("/?welcome");
		HttpResponse<String> home = mailbox.get(Browser.location(done));
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("Your account is ready").contains(username);
		assertThat(account(email).getStatus()).isEqualTo(UserStatus.ACTIVE);
		// The profile says how the account came to be, with the public-signup badge.
		Element provenance = Jsoup.parse(mailbox.get(this.provider.origin() + "/accounts/profile").body())
			.selectFirst("#origin");
		assertThat(provenance.text()).isEqualTo("Public signup");
		assertThat(provenance.hasClass("badge")).isTrue();
		// Signed in already: the app gets a code without a login page.
		RelyingParty.Request request = rp.request();
		HttpResponse<String> authorized = mailbox.followWithin(mailbox.get(request.url()), this.provider.origin());
		String code = rp.redirectQuery(authorized).get("code");
		assertThat(code).isNotNull();
		assertThat(rp.verify(rp.exchange(code, request.pkce.verifier()).string("id_token")).getClaim("amr"))
			.asList()
			.containsExactly("pwd");
	}

	@Test
	void registerWhenHoneypotFilledThenSamePageAndNothingCreated() {
		String email = email();
		String control = email();
		Browser browser = browser();
		HttpResponse<String> trapped = signUp(browser, Map.of("email", email, "website", "http://spam.example"));
		assertThat(Browser.location(trapped)).endsWith("/accounts/register/sent");
		assertThat(this.users.findByEmail(email)).isEmpty();
		// Mail is delivered in order: once the control's link arrived, nothing is on its way to the trapped one.
		signUp(browser(), Map.of("email", control));
		verificationLink(control, 1);
		assertThat(TestMail.to(email)).isEmpty();
		assertThat(this.users.findByEmail(email)).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = "
				+ "'REGISTRATION_REFUSED' AND reason = 'honeypot' AND username = ?", Long.class, email))
			.isEqualTo(1);
	}

	@Test
	void registerWhenAddressSignsUpTooOftenThenRefusedWith429AndOthersStillCan() {
		Browser browser = browser();
		for (int attempt = 0; attempt < 10; attempt++) {
			// Each attempt counts, accepted or not (cheap ones here: the passwords differ).
			HttpResponse<String> refused = signUp(browser, Map.of("email", email(), "passwordConfirm", "different-42"));
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("The two passwords are not the same");
		}
		String email = email();
		HttpResponse<String> throttled = signUp(browser, Map.of("email", email));
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.body()).contains("Too many accounts were created from your network");
		assertThat(this.users.findByEmail(email)).isEmpty();
		// Kept in the database, per address: another address signs up.
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sso_login_throttle WHERE throttle_key LIKE 'r:%' AND blocked_until IS NOT NULL",
				Long.class)).isPositive();
		assertThat(Browser.location(signUp(browser(), Map.of("email", email)))).endsWith("/accounts/register/sent");
		assertThat(account(email).getStatus()).isEqualTo(UserStatus.UNVERIFIED);
	}

	@Test
	void registerWhenEmailTakenThenSamePageOwnerToldOnceAndNothingChanges() {
		TestOutbox outbox = TestOutbox.mark(this.jdbc);
		SsoUser owner = this.provider.fixtures().user();
		String hashBefore = owner.getPasswordHash();
		HttpResponse<String> taken = browser().followWithin(
				signUp(browser(), Map.of("email", owner.getEmail().toUpperCase())), this.provider.origin());
		String fresh = email();
		HttpResponse<String> created = browser().followWithin(signUp(browser(), Map.of("email", fresh)), this.provider.origin());
		assertThat(taken.statusCode()).isEqualTo(created.statusCode()).isEqualTo(200);
		assertThat(taken.uri()).isEqualTo(created.uri());
		assertThat(strip(taken.body())).isEqualTo(strip(created.body()));

		MimeMessage notice = TestMail.await(owner.getEmail(), 1);
		assertThat(TestMail.subject(notice)).isEqualTo("Someone tried to sign up with your email address");
		assertThat(TestMail.text(notice)).contains("/accounts/password/reset").doesNotContain("/accounts/register/verify");
		SsoUser after = account(owner.getEmail());
		assertThat(after.getId()).isEqualTo(owner.getId());
		assertThat(after.getPasswordHash()).isEqualTo(hashBefore);
		assertThat(after.getFirstName()).isEqualTo("Test");
		// A second try within the hour tells nobody again.
		signUp(browser(), Map.of("email", owner.getEmail()));
		String control = email();
		signUp(browser(), Map.of("email", control));
		verificationLink(control, 1);
		// Sign-ups are processed after their answer: once the outbox is done, the second one was
		// audited, and its notice would have been delivered.
		outbox.awaitDone();
		String attempts = "SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'REGISTRATION_REFUSED' "
				+ "AND reason = 'email_taken' AND user_uuid = ?";
		assertThat(this.jdbc.queryForObject(attempts, Long.class, owner.getUuid())).isEqualTo(2);
		assertThat(TestMail.to(owner.getEmail())).hasSize(1);
	}

	@Test
	void registerWhenUsernameTakenThenToldOnTheForm() {
		SsoUser someone = this.provider.fixtures().user();
		String email = email();
		HttpResponse<String> refused = signUp(browser(), Map.of("email", email, "username", someone.getUsername()));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("This username is taken").contains(email)
			.doesNotContain(PASSWORD);
		// Nothing was queued: a sign-up sent afterwards is processed, this one never.
		String control = email();
		signUp(browser(), Map.of("email", control));
		verificationLink(control, 1);
		assertThat(this.users.findByEmail(email)).isEmpty();
	}

	@Test
	void registerWhenOneAddressSignsUpFromManyBrowsersAtOnceThenOneAccountAndEverySignUpHandled()
			throws Exception {
		String email = email();
		int browsers = 16;
		ExecutorService pool = Executors.newFixedThreadPool(browsers);
		try {
			CyclicBarrier start = new CyclicBarrier(browsers);
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0; i < browsers; i++) {
				String firstName = "Name" + i;
				Browser browser = browser();
				answers.add(pool.submit(() -> {
					HttpResponse<String> form = browser.get(this.provider.origin() + "/accounts/register");
					start.await(30, TimeUnit.SECONDS);
					Map<String, String> values = new HashMap<>(Map.of("email", email, "firstName", firstName,
							"lastName", "Haddad", "password", PASSWORD, "passwordConfirm", PASSWORD));
					return browser.submitForm(form, values);
				}));
			}
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
				assertThat(Browser.isRedirect(response)).as(response.statusCode() + " " + response.body()).isTrue();
				assertThat(Browser.location(response)).endsWith("/accounts/register/sent");
			}
		}
		finally {
			pool.shutdownNow();
		}
		SsoUser account = account(email);
		// Every sign-up was processed after its answer: stored (the newest details replacing an
		// unconfirmed account's), or refused because another one was stored at the same moment.
		String handled = "SELECT (SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'REGISTRATION_REQUESTED' "
				+ "AND user_uuid = ?) + (SELECT COUNT(*) FROM sso_audit_event WHERE event_type = 'REGISTRATION_REFUSED' "
				+ "AND reason = 'conflict' AND username = ?)";
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.jdbc.queryForObject(handled, Long.class, account.getUuid(), email) >= browsers);
		assertThat(this.jdbc.queryForObject(handled, Long.class, account.getUuid(), email)).isEqualTo(browsers);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_user WHERE email_key = ?", Long.class,
				email.toLowerCase())).isEqualTo(1);
		assertThat(account(email).getStatus()).isEqualTo(UserStatus.UNVERIFIED);
	}

	@Test
	void registerWhenSignedUpAgainBeforeConfirmingThenNewestDetailsCount() {
		String email = email();
		signUp(browser(), Map.of("email", email, "firstName", "First"));
		String link = verificationLink(email, 1);
		String other = "another-sign-up-phrase-99";
		signUp(browser(), Map.of("email", email, "firstName", "Second", "password", other, "passwordConfirm", other));
		SsoUser account = account(email, (user) -> "Second".equals(user.getFirstName()));
		assertThat(account.getStatus()).isEqualTo(UserStatus.UNVERIFIED);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_user WHERE email_key = ?", Long.class,
				email.toLowerCase())).isEqualTo(1);
		// The first link confirms the account, with the newest password only.
		Browser browser = browser();
		assertThat(confirm(browser, link, PASSWORD).statusCode()).isEqualTo(400);
		assertThat(Browser.location(confirm(browser, link, other))).endsWith("/accounts/register/verified");
	}

	@Test
	void verifyWhenLinkExpiredUsedOrForgedThenFriendlyPageThatSendsANewLink() {
		String email = email();
		signUp(browser(), Map.of("email", email));
		String link = verificationLink(email, 1);
		String token = link.substring(link.lastIndexOf('/') + 1);

		// Forged (well formed but unknown) and malformed.
		for (String forged : new String[] { "B".repeat(43), "short", token.substring(1) + "!" }) {
			HttpResponse<String> page = browser().get(this.provider.origin() + "/accounts/register/verify/" + forged);
			assertThat(page.statusCode()).isEqualTo(404);
			assertThat(page.body()).contains("This link does not work").contains("/accounts/register/resend");
		}
		// Expired: past its 24 hours.
		this.jdbc.update("UPDATE sso_link_token SET expires_at = ? WHERE token_hash = ?",
				Timestamp.from(Instant.now().minusSeconds(1)), RandomTokens.hash(token));
		Browser browser = browser();
		HttpResponse<String> expired = browser.get(link);
		assertThat(expired.statusCode()).isEqualTo(404);
		assertThat(expired.body()).contains("This link does not work");
		// A POST with the right password does nothing either.
		HttpResponse<String> late = browser.post(link, Map.of("_csrf", Browser.csrfToken(expired), "password", PASSWORD));
		assertThat(late.statusCode()).isEqualTo(404);
		assertThat(account(email).getStatus()).isEqualTo(UserStatus.UNVERIFIED);

		// The page asks for a new link (past the cooldown: the first link's time is moved back).
		this.jdbc.update("UPDATE sso_link_token SET created_at = ? WHERE token_hash = ?",
				Timestamp.from(Instant.now().minusSeconds(3600)), RandomTokens.hash(token));
		HttpResponse<String> resent = browser.followWithin(
				browser.submitForm(expired, Map.of("email", email)), this.provider.origin());
		assertThat(resent.uri().getPath()).isEqualTo("/accounts/register/sent");
		String fresh = verificationLink(email, 2);
		assertThat(fresh).isNotEqualTo(link);
		assertThat(Browser.location(confirm(browser, fresh, PASSWORD))).endsWith("/accounts/register/verified");
		// Used: the new link worked once.
		HttpResponse<String> used = browser.get(fresh);
		assertThat(used.statusCode()).isEqualTo(404);
		assertThat(used.body()).contains("This link does not work");
		// Asking for a link for an address without an unconfirmed account shows the same page and sends nothing.
		SsoUser someone = this.provider.fixtures().user();
		HttpResponse<String> nothing = browser.followWithin(browser.submitForm(used, Map.of("email", someone.getEmail())),
				this.provider.origin());
		assertThat(nothing.uri().getPath()).isEqualTo("/accounts/register/sent");
		assertThat(TestMail.to(someone.getEmail())).isEmpty();
	}

	@Test
	void registerWhenArabicThenPagesAndMailInArabic() {
		String email = email();
		Browser browser = browser();
		HttpResponse<String> form = browser.get(this.provider.origin() + "/accounts/register?lang=ar");
		assertThat(form.body()).contains("dir=\"rtl\"").contains("أنشئ حسابك");
		HttpResponse<String> sent = browser.followWithin(browser.submitForm(form, Map.of("email", email, "firstName",
				"رنا", "password", PASSWORD, "passwordConfirm", PASSWORD)), this.provider.origin());
		assertThat(sent.body()).contains("تفقّد بريدك الإلكتروني");
		assertThat(account(email).getLanguage()).isEqualTo("ar");
		MimeMessage message = TestMail.await(email, 1);
		assertThat(TestMail.subject(message)).isEqualTo("أكّد عنوان بريدك الإلكتروني");
		assertThat(TestMail.html(message)).contains("dir=\"rtl\"");
		assertThat(TestMail.text(message)).contains("مرحبًا").contains("/accounts/register/verify/");
	}

	@Test
	void registerWhenFormIsBadThenReadable400AndNothingCreated() {
		List<Map.Entry<String, Map<String, String>>> cases = List.of(
				Map.entry("Enter a valid email address", Map.of("email", "not-an-address")),
				Map.entry("Enter your first name", Map.of("email", email(), "firstName", " ")),
				Map.entry("Enter your first name", Map.of("email", email(), "firstName", "x".repeat(151))),
				Map.entry("Enter a username of 3 to 150", Map.of("email", email(), "username", "a b")),
				Map.entry("This password is too common",
						Map.of("email", email(), "password", "password123", "passwordConfirm", "password123")),
				Map.entry("at least 8 characters",
						Map.of("email", email(), "password", "short", "passwordConfirm", "short")));
		Browser browser = browser();
		for (Map.Entry<String, Map<String, String>> entry : cases) {
			String message = entry.getKey();
			Map<String, String> values = entry.getValue();
			HttpResponse<String> refused = signUp(browser, values);
			assertThat(refused.statusCode()).as(message).isEqualTo(400);
			assertThat(refused.body()).as(message).contains(message);
			if (values.get("email").contains("@")) {
				assertThat(this.users.findByEmail(values.get("email"))).isEmpty();
			}
		}
		// Fields missing altogether.
		HttpResponse<String> form = browser.get(this.provider.origin() + "/accounts/register");
		HttpResponse<String> empty = browser.post(this.provider.origin() + "/accounts/register",
				Map.of("_csrf", Browser.csrfToken(form)));
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(empty.body()).contains("Enter a valid email address");
	}

	@Test
	void verifyWhenPasswordsKeepFailingThenThrottledLikeSignIns() {
		String email = email();
		signUp(browser(), Map.of("email", email));
		String link = verificationLink(email, 1);
		SsoUser pending = account(email);
		// Failures already recorded for this username (a block of 32 s, longer than the test).
		this.provider.fixtures().failedSignIns(pending.getUsername(), 10);
		Browser browser = browser();
		HttpResponse<String> throttled = confirm(browser, link, PASSWORD);
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.body()).contains("Too many failed sign-ins");
		assertThat(account(email).getStatus()).isEqualTo(UserStatus.UNVERIFIED);
		// The link was not used up.
		assertThat(browser.get(link).statusCode()).isEqualTo(200);
	}

	@Test
	void purgeWhenAccountNeverConfirmedWithinRetentionThenDeletedAndOthersKept() {
		String stale = email();
		String recent = email();
		signUp(browser(), Map.of("email", stale));
		signUp(browser(), Map.of("email", recent));
		SsoUser old = account(stale);
		account(recent);
		SsoUser waiting = this.provider.fixtures().user(AccountOrigin.SIGNUP,
				(u) -> u.setStatus(UserStatus.PENDING_APPROVAL));
		Timestamp eightDaysAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(8)));
		this.jdbc.update("UPDATE sso_user SET updated_at = ? WHERE id IN (?, ?)", eightDaysAgo, old.getId(),
				waiting.getId());

		this.context.getBean(Registrations.class).purgeUnverified();

		assertThat(this.users.findByEmail(stale)).isEmpty();
		assertThat(this.users.findByEmail(recent)).isPresent();
		assertThat(this.users.findById(waiting.getId())).as("confirmed, waiting: kept").isPresent();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM sso_audit_event WHERE event_type = "
				+ "'REGISTRATION_PURGED' AND user_uuid = ? AND reason = 'never_verified'", Long.class, old.getUuid()))
			.isEqualTo(1);
	}

	private static String strip(String html) {
		return html.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "");
	}

}
