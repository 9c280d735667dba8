package io.microsys.sso.provider.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

import io.microsys.sso.provider.account.SignIn;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.settings.SecuritySettings;
import io.microsys.sso.provider.support.ClientAddress;
import io.microsys.sso.provider.support.IpAddresses;
import io.microsys.sso.provider.support.Times;

/**
 * A person's signed-in devices: their sessions in the session store (shared by every node), with
 * the browser, address and times each one remembers. Sessions are named outside by the hash of
 * their id (the {@code sid} apps see), never by the id itself. Ending one revokes its grants and
 * tells the apps it signed into (back-channel logout). A session with a weaker sign-in (no second
 * factor) cannot end one with a stronger sign-in.
 */
@Service
public class SignedInDevices {

	/** At most this many sessions are listed. */
	static final int MAX_LISTED = 50;

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final ProviderSessionEnd sessionEnd;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final SessionProperties settings;

	private final JdbcTemplate jdbc;

	private final SecuritySettings runtime;

	public SignedInDevices(FindByIndexNameSessionRepository<? extends Session> sessions, ProviderSessionEnd sessionEnd,
			ApplicationEventPublisher events, Clock clock, SessionProperties properties, JdbcTemplate jdbc,
			SecuritySettings runtime) {
		this.runtime = runtime;
		this.sessions = sessions;
		this.jdbc = jdbc;
		this.sessionEnd = sessionEnd;
		this.events = events;
		this.clock = clock;
		this.settings = properties;
	}

	/** Records the device on the session, at the password step. */
	public void remember(HttpServletRequest request) {
		HttpSession session = request.getSession();
		String agent = request.getHeader("User-Agent");
		if (agent != null && agent.length() > 300) {
			agent = agent.substring(0, 300);
		}
		session.setAttribute(Device.ATTRIBUTE, new Device(agent, ClientAddress.of(request), this.clock.instant()));
	}

	/**
	 * A sign-in just completed in the current session (known by these ids): with "one active
	 * session per person", the person's other sessions end now.
	 */
	public void completed(SsoUserDetails user, Set<String> currentSessionIds) {
		if (!this.runtime.singleSession(this.settings.isSingleSession())) {
			return;
		}
		int ended = this.sessionEnd.endAllExcept(user.getUsername(), currentSessionIds);
		if (ended > 0) {
			this.events.publishEvent(new SessionsEnded(user.getUsername(), user.getLoginName(), "single_session",
					ended + " other session(s)"));
		}
	}

	/**
	 * The person's sessions, newest activity first, with the apps each one signed into. Sessions
	 * that expired (and wait for the store's clean-up) are not shown: they are deleted now.
	 */
	public List<View> list(String userUuid, String currentSessionId) {
		List<View> views = new ArrayList<>();
		for (Map.Entry<String, ? extends Session> entry : this.sessions.findByPrincipalName(userUuid).entrySet()) {
			Session session = entry.getValue();
			if (session.isExpired()) {
				this.sessions.deleteById(entry.getKey());
				continue;
			}
			Device device = session.getAttribute(Device.ATTRIBUTE);
			Authentication authentication = authentication(session);
			views.add(new View(SessionIdHash.of(entry.getKey()), (device != null) ? device.browser() : null,
					(device != null) ? device.os() : null, (device != null) ? device.ip() : null,
					(device != null) ? device.signedInAt() : session.getCreationTime(), session.getLastAccessedTime(),
					entry.getKey().equals(currentSessionId), SignIn.awaitsSecondFactor(authentication),
					new ArrayList<>()));
		}
		views.sort(Comparator.comparing(View::current).reversed().thenComparing(View::lastSeen, Comparator.reverseOrder()));
		List<View> shown = (views.size() > MAX_LISTED) ? views.subList(0, MAX_LISTED) : views;
		addApps(shown);
		return shown;
	}

	/** The names of the apps each session signed into, in one query. */
	private void addApps(List<View> views) {
		if (views.isEmpty()) {
			return;
		}
		Map<String, View> byHandle = new HashMap<>();
		views.forEach((view) -> byHandle.put(view.handle(), view));
		// One query for all of them (at most MAX_LISTED placeholders).
		String marks = String.join(", ", Collections.nCopies(views.size(), "?"));
		this.jdbc.query("SELECT s.session_id_hash, c.name FROM sso_session_client s JOIN sso_client c ON c.id = s.client_id "
				+ "WHERE s.session_id_hash IN (" + marks + ") ORDER BY c.name", (rs) -> {
					byHandle.get(rs.getString(1)).apps().add(rs.getString(2));
				}, byHandle.keySet().toArray());
	}

	/**
	 * Ends the person's session named {@code handle}, from the session {@code currentSessionId}.
	 * @return why it was not ended, or empty when it was
	 */
	public Optional<String> end(SsoUserDetails user, String handle, String currentSessionId, Authentication current) {
		for (Map.Entry<String, ? extends Session> entry : this.sessions.findByPrincipalName(user.getUsername())
			.entrySet()) {
			if (!SessionIdHash.of(entry.getKey()).equals(handle)) {
				continue;
			}
			if (entry.getKey().equals(currentSessionId)) {
				return Optional.of("current");
			}
			if (!mayEnd(current, authentication(entry.getValue()))) {
				return Optional.of("stronger");
			}
			this.sessionEnd.end(entry.getKey());
			this.events.publishEvent(new SessionsEnded(user.getUsername(), user.getLoginName(), "by_user",
					"session " + handle.substring(0, 8)));
			return Optional.empty();
		}
		return Optional.of("unknown");
	}

	/**
	 * Ends the session named {@code handle} of the person with this UUID, for staff (the caller
	 * checks and records it); false when the person has no such session.
	 */
	public boolean endFor(String userUuid, String handle) {
		for (String sessionId : this.sessions.findByPrincipalName(userUuid).keySet()) {
			if (SessionIdHash.of(sessionId).equals(handle)) {
				this.sessionEnd.end(sessionId);
				return true;
			}
		}
		return false;
	}

	/** Ends every other session of the person that this one may end; returns how many. */
	public int endOthers(SsoUserDetails user, String currentSessionId, Authentication current) {
		int ended = 0;
		for (Map.Entry<String, ? extends Session> entry : this.sessions.findByPrincipalName(user.getUsername())
			.entrySet()) {
			if (!entry.getKey().equals(currentSessionId) && mayEnd(current, authentication(entry.getValue()))) {
				this.sessionEnd.end(entry.getKey());
				ended++;
			}
		}
		this.events.publishEvent(
				new SessionsEnded(user.getUsername(), user.getLoginName(), "others_by_user", ended + " session(s)"));
		return ended;
	}

	/** A session without a second factor may not end one with it. */
	static boolean mayEnd(Authentication current, Authentication other) {
		return SignIn.hasSecondFactor(current) || !SignIn.hasSecondFactor(other);
	}

	private static Authentication authentication(Session session) {
		Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		return (context instanceof SecurityContext security) ? security.getAuthentication() : null;
	}

	/**
	 * One signed-in device as the profile page shows it; {@code browser} and {@code os} are null
	 * when the User-Agent does not tell.
	 */
	public record View(String handle, String browser, String os, String ip, Instant signedInAt, Instant lastSeen,
			boolean current, boolean awaitingSecondFactor, List<String> apps) {

		public String signedInText() {
			return Times.text(this.signedInAt);
		}

		public String lastSeenText() {
			return Times.text(this.lastSeen);
		}

		/** The address in its short form ({@code ::1}, {@code 192.0.2.1}). */
		public String ipText() {
			return IpAddresses.readable(this.ip);
		}

		/** Whether the session was opened on the provider's own computer. */
		public boolean thisComputer() {
			return IpAddresses.isLoopback(this.ip);
		}

	}

}
