package io.microsys.sso.provider.client;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import io.microsys.sso.provider.persistence.Timestamped;

/** A connected app: an OIDC client with its policy. The secret is stored only as a hash. */
@Entity
@Table(name = "sso_client")
public class SsoClient extends Timestamped {

	/** Default access and ID token lifetime. */
	public static final int DEFAULT_ACCESS_TOKEN_TTL = 300;

	/** Default refresh token lifetime. */
	public static final int DEFAULT_REFRESH_TOKEN_TTL = 8 * 3600;

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "client_id", nullable = false, updatable = false)
	private String clientId;

	@Column(nullable = false)
	private String name;

	@Column(name = "secret_hash")
	private String secretHash;

	@Column(name = "secret_updated_at")
	private Instant secretUpdatedAt;

	@Column(name = "previous_secret_hash")
	private String previousSecretHash;

	@Column(name = "previous_secret_expires_at")
	private Instant previousSecretExpiresAt;

	@Column
	private String description;

	@Column(name = "logo_url")
	private String logoUrl;

	@Column(name = "redirect_uris", nullable = false)
	private String redirectUris = "";

	@Column(name = "post_logout_redirect_uris", nullable = false)
	private String postLogoutRedirectUris = "";

	@Column(name = "backchannel_logout_uri")
	private String backchannelLogoutUri;

	@Column(name = "grant_types", nullable = false)
	private String grantTypes = "authorization_code refresh_token";

	@Column(nullable = false)
	private String scopes = "openid profile email";

	@Embedded
	private ClientPolicy policy = new ClientPolicy();

	@Column(name = "access_token_ttl_seconds", nullable = false)
	private int accessTokenTtlSeconds = DEFAULT_ACCESS_TOKEN_TTL;

	@Column(name = "refresh_token_ttl_seconds", nullable = false)
	private int refreshTokenTtlSeconds = DEFAULT_REFRESH_TOKEN_TTL;

	@Version
	private long version;

	protected SsoClient() {
	}

	public SsoClient(String clientId, String name) {
		this.clientId = clientId;
		this.name = name;
	}

	static Set<String> split(String value) {
		Set<String> result = new LinkedHashSet<>();
		if (value != null) {
			Arrays.stream(value.split("\\s+")).filter((s) -> !s.isBlank()).forEach(result::add);
		}
		return result;
	}

	static String join(Collection<String> values) {
		return (values != null) ? String.join(" ", new LinkedHashSet<>(values)) : "";
	}

	/** Whether the client has no secret and so must use PKCE. */
	public boolean isPublicClient() {
		return this.secretHash == null;
	}

	public Long getId() {
		return this.id;
	}

	/** The row's version: moves on with every change of the app. */
	public long getVersion() {
		return this.version;
	}

	public String getClientId() {
		return this.clientId;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getSecretHash() {
		return this.secretHash;
	}

	/** Sets the hashed secret ({@code null} for a public client). */
	public void setSecretHash(String secretHash) {
		this.secretHash = secretHash;
		this.secretUpdatedAt = Instant.now();
	}

	public Instant getSecretUpdatedAt() {
		return this.secretUpdatedAt;
	}

	/** The hash of the secret before the last rotation, still accepted until {@link #getPreviousSecretExpiresAt()}. */
	public String getPreviousSecretHash() {
		return this.previousSecretHash;
	}

	public Instant getPreviousSecretExpiresAt() {
		return this.previousSecretExpiresAt;
	}

	/** The previous secret's hash, accepted until {@code expiresAt} (both null: none). */
	public void setPreviousSecret(String hash, Instant expiresAt) {
		this.previousSecretHash = hash;
		this.previousSecretExpiresAt = (hash != null) ? expiresAt : null;
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public String getLogoUrl() {
		return this.logoUrl;
	}

	public void setLogoUrl(String logoUrl) {
		this.logoUrl = logoUrl;
	}

	public Set<String> getRedirectUris() {
		return split(this.redirectUris);
	}

	public void setRedirectUris(Collection<String> redirectUris) {
		this.redirectUris = join(redirectUris);
	}

	public Set<String> getPostLogoutRedirectUris() {
		return split(this.postLogoutRedirectUris);
	}

	public void setPostLogoutRedirectUris(Collection<String> uris) {
		this.postLogoutRedirectUris = join(uris);
	}

	public String getBackchannelLogoutUri() {
		return this.backchannelLogoutUri;
	}

	public void setBackchannelLogoutUri(String backchannelLogoutUri) {
		this.backchannelLogoutUri = backchannelLogoutUri;
	}

	public Set<String> getGrantTypes() {
		return split(this.grantTypes);
	}

	public void setGrantTypes(Collection<String> grantTypes) {
		this.grantTypes = join(grantTypes);
	}

	public Set<String> getScopes() {
		return split(this.scopes);
	}

	public void setScopes(Collection<String> scopes) {
		this.scopes = join(scopes);
	}

	public ClientPolicy getPolicy() {
		return this.policy;
	}

	public int getAccessTokenTtlSeconds() {
		return this.accessTokenTtlSeconds;
	}

	public void setAccessTokenTtlSeconds(int accessTokenTtlSeconds) {
		this.accessTokenTtlSeconds = accessTokenTtlSeconds;
	}

	public int getRefreshTokenTtlSeconds() {
		return this.refreshTokenTtlSeconds;
	}

	public void setRefreshTokenTtlSeconds(int refreshTokenTtlSeconds) {
		this.refreshTokenTtlSeconds = refreshTokenTtlSeconds;
	}

}
