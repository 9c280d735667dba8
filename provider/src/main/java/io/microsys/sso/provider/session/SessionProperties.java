package io.microsys.sso.provider.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Signed-in sessions at the provider ({@code microsys.sso.sessions.*}). */
@ConfigurationProperties("microsys.sso.sessions")
@Validated
public class SessionProperties {

	/** One active session per person: completing a sign-in ends that person's other sessions. */
	private boolean singleSession;

	public boolean isSingleSession() {
		return this.singleSession;
	}

	public void setSingleSession(boolean singleSession) {
		this.singleSession = singleSession;
	}

}
