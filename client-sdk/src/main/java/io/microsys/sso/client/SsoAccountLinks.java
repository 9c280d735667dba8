package io.microsys.sso.client;

/**
 * Where an app keeps the link between a provider identity and its local account. The key is
 * always (issuer, {@code sub}) — never the email, which a person can change or an attacker can
 * claim at another provider.
 */
public interface SsoAccountLinks {

	/** A provider identity linked to a local account id. */
	record Link(String issuer, String subject, String localId) {
	}

	/**
	 * Returns the link for (issuer, subject), creating it (with a new local id) on the first
	 * sign-in. Calling it again for the same pair returns the same link.
	 */
	Link link(String issuer, String subject);

	/** The existing link, or null. */
	Link find(String issuer, String subject);

}
