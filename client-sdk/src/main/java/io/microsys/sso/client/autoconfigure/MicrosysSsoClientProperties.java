package io.microsys.sso.client.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of an app that signs in through Microsys SSO ({@code microsys.sso.client.*}). */
@ConfigurationProperties("microsys.sso.client")
public class MicrosysSsoClientProperties {

	/** The provider's issuer, e.g. {@code https://sso.example.com/o}; discovery is read from it. */
	private String issuerUri;

	/** This app's client id at the provider. */
	private String clientId;

	/** This app's client secret; leave empty for a public client (PKCE only). */
	private String clientSecret;

	/** Roles allowed to sign in: any of {@code admin}, {@code staff}, {@code user}. */
	private List<String> requiredRoles = new ArrayList<>(List.of("admin", "staff", "user"));

	/**
	 * Extra authorities per role, e.g. {@code role-mapping.admin=ROLE_PROJECT_ADMIN,ROLE_PROJECT_STAFF}.
	 * Every role also gets {@code SSO_ROLE_<ROLE>}; nothing else is granted.
	 */
	private Map<String, List<String>> roleMapping = new LinkedHashMap<>();

	/** Scopes asked for at sign-in. */
	private List<String> scopes = new ArrayList<>(List.of("openid", "profile", "email"));

	/** Id of the Spring Security client registration (it appears in the redirect URI). */
	private String registrationId = "microsys";

	private final AccountLinks accountLinks = new AccountLinks();

	private final ResourceServer resourceServer = new ResourceServer();

	public AccountLinks getAccountLinks() {
		return this.accountLinks;
	}

	public ResourceServer getResourceServer() {
		return this.resourceServer;
	}

	/**
	 * Bearer-token protection of the app's APIs, active when Spring Security's resource server is on
	 * the class path.
	 */
	public static class ResourceServer {

		/** Accept bearer JWTs from the provider (when the resource server is on the class path). */
		private boolean enabled = true;

		/** Audiences a bearer token must list one of in {@code aud}; empty means this app's client id. */
		private List<String> audiences = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getAudiences() {
			return this.audiences;
		}

		public void setAudiences(List<String> audiences) {
			this.audiences = audiences;
		}

	}

	/** Links from (issuer, sub) to local accounts, kept in the app's DataSource when it has one. */
	public static class AccountLinks {

		/** Create the {@code microsys_sso_account_link} table at start-up when it is missing. */
		private boolean initializeSchema;

		public boolean isInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(boolean initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

	}

	public String getIssuerUri() {
		return this.issuerUri;
	}

	public void setIssuerUri(String issuerUri) {
		this.issuerUri = issuerUri;
	}

	public String getClientId() {
		return this.clientId;
	}

	public void setClientId(String clientId) {
		this.clientId = clientId;
	}

	public String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public List<String> getRequiredRoles() {
		return this.requiredRoles;
	}

	public void setRequiredRoles(List<String> requiredRoles) {
		this.requiredRoles = requiredRoles;
	}

	public Map<String, List<String>> getRoleMapping() {
		return this.roleMapping;
	}

	public void setRoleMapping(Map<String, List<String>> roleMapping) {
		this.roleMapping = roleMapping;
	}

	public List<String> getScopes() {
		return this.scopes;
	}

	public void setScopes(List<String> scopes) {
		this.scopes = scopes;
	}

	public String getRegistrationId() {
		return this.registrationId;
	}

	public void setRegistrationId(String registrationId) {
		this.registrationId = registrationId;
	}

}
