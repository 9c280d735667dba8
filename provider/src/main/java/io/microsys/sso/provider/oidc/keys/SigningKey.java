package io.microsys.sso.provider.oidc.keys;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.microsys.sso.provider.crypto.MasterKey;

/**
 * A token signing key. The private key is stored encrypted with the {@link MasterKey}; the public
 * JWK is stored in clear for JWKS.
 */
@Entity
@Table(name = "sso_signing_key")
class SigningKey {

	enum Status {

		/** Signs new tokens. */
		ACTIVE,

		/** Published in JWKS until {@code expiresAt} so tokens it signed still verify. */
		RETIRED

	}

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private String kid;

	@Column(nullable = false, updatable = false)
	private String algorithm;

	@Column(name = "public_jwk", nullable = false, updatable = false)
	private String publicJwk;

	@Column(name = "private_key", nullable = false, updatable = false)
	private byte[] privateKey;

	@Column(nullable = false)
	@jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
	private Status status;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "retired_at")
	private Instant retiredAt;

	@Column(name = "expires_at")
	private Instant expiresAt;

	protected SigningKey() {
	}

	SigningKey(String kid, String algorithm, String publicJwk, byte[] privateKey, Instant createdAt) {
		this.kid = kid;
		this.algorithm = algorithm;
		this.publicJwk = publicJwk;
		this.privateKey = privateKey;
		this.status = Status.ACTIVE;
		this.createdAt = createdAt;
	}

	void retire(Instant now, Instant publishedUntil) {
		this.status = Status.RETIRED;
		this.retiredAt = now;
		this.expiresAt = publishedUntil;
	}

	Long getId() {
		return this.id;
	}

	String getKid() {
		return this.kid;
	}

	String getAlgorithm() {
		return this.algorithm;
	}

	String getPublicJwk() {
		return this.publicJwk;
	}

	byte[] getPrivateKey() {
		return this.privateKey;
	}

	Status getStatus() {
		return this.status;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getExpiresAt() {
		return this.expiresAt;
	}

}
