package io.microsys.sso.provider.client;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Who may sign in to a connected app, and how strictly its requests are checked. */
@Embeddable
public class ClientPolicy {

	/** An inactive app refuses every sign-in. */
	@Column(name = "policy_active", nullable = false)
	private boolean active = true;

	/** Any active user gets role {@code user} without a membership. */
	@Column(name = "allow_all_authenticated", nullable = false)
	private boolean allowAllAuthenticated;

	/** PKCE (S256) is required for the authorization code grant; public clients always need it. */
	@Column(name = "require_pkce", nullable = false)
	private boolean requirePkce = true;

	/** Show the consent page; off for first-party apps. */
	@Column(name = "require_consent", nullable = false)
	private boolean requireConsent;

	/** Redirect URIs must use https (except loopback ones when allowed below). */
	@Column(name = "require_https_redirects", nullable = false)
	private boolean requireHttpsRedirects = true;

	/** Accept {@code http://localhost} and {@code http://127.0.0.1} redirect URIs. */
	@Column(name = "allow_localhost_redirects", nullable = false)
	private boolean allowLocalhostRedirects;

	/** Signing in needs a second factor; a person without one is taken through enrolment first. */
	@Column(name = "require_2fa", nullable = false)
	private boolean require2fa;

	/** The app may push its authorization requests (RFC 9126) to {@code {issuer}/par}. */
	@Column(name = "allow_par", nullable = false)
	private boolean allowPar;

	/** The app must push its authorization requests; a plain one is refused. Implies {@link #allowPar}. */
	@Column(name = "require_par", nullable = false)
	private boolean requirePar;

	/** The app may bind its access tokens to a key with DPoP proofs (RFC 9449). */
	@Column(name = "allow_dpop", nullable = false)
	private boolean allowDpop;

	/** Every token request of the app needs a DPoP proof. Implies {@link #allowDpop}. */
	@Column(name = "require_dpop", nullable = false)
	private boolean requireDpop;

	/**
	 * A person who is admin of the app may make others admin of it in the console; without this they
	 * give only {@code staff} and {@code user}.
	 */
	@Column(name = "app_admins_appoint_admins", nullable = false)
	private boolean appAdminsAppointAdmins;

	/** Whether the app may push authorization requests (allowed or required). */
	public boolean isParAllowed() {
		return this.allowPar || this.requirePar;
	}

	/** Whether the app may send DPoP proofs (allowed or required). */
	public boolean isDpopAllowed() {
		return this.allowDpop || this.requireDpop;
	}

	public boolean isAllowPar() {
		return this.allowPar;
	}

	public void setAllowPar(boolean allowPar) {
		this.allowPar = allowPar;
	}

	public boolean isRequirePar() {
		return this.requirePar;
	}

	public void setRequirePar(boolean requirePar) {
		this.requirePar = requirePar;
	}

	public boolean isAllowDpop() {
		return this.allowDpop;
	}

	public void setAllowDpop(boolean allowDpop) {
		this.allowDpop = allowDpop;
	}

	public boolean isRequireDpop() {
		return this.requireDpop;
	}

	public void setRequireDpop(boolean requireDpop) {
		this.requireDpop = requireDpop;
	}

	public boolean isRequire2fa() {
		return this.require2fa;
	}

	public void setRequire2fa(boolean require2fa) {
		this.require2fa = require2fa;
	}

	public boolean isActive() {
		return this.active;
	}

	public void setActive(boolean active) {
		this.active = active;
	}

	public boolean isAllowAllAuthenticated() {
		return this.allowAllAuthenticated;
	}

	public void setAllowAllAuthenticated(boolean allowAllAuthenticated) {
		this.allowAllAuthenticated = allowAllAuthenticated;
	}

	public boolean isRequirePkce() {
		return this.requirePkce;
	}

	public void setRequirePkce(boolean requirePkce) {
		this.requirePkce = requirePkce;
	}

	public boolean isRequireConsent() {
		return this.requireConsent;
	}

	public void setRequireConsent(boolean requireConsent) {
		this.requireConsent = requireConsent;
	}

	public boolean isRequireHttpsRedirects() {
		return this.requireHttpsRedirects;
	}

	public void setRequireHttpsRedirects(boolean requireHttpsRedirects) {
		this.requireHttpsRedirects = requireHttpsRedirects;
	}

	public boolean isAllowLocalhostRedirects() {
		return this.allowLocalhostRedirects;
	}

	public void setAllowLocalhostRedirects(boolean allowLocalhostRedirects) {
		this.allowLocalhostRedirects = allowLocalhostRedirects;
	}

	public boolean isAppAdminsAppointAdmins() {
		return this.appAdminsAppointAdmins;
	}

	public void setAppAdminsAppointAdmins(boolean appAdminsAppointAdmins) {
		this.appAdminsAppointAdmins = appAdminsAppointAdmins;
	}

}
