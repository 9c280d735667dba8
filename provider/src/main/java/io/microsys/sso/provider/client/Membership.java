package io.microsys.sso.provider.client;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.persistence.Timestamped;

/** The role one user holds in one connected app. */
@Entity
@Table(name = "sso_membership")
public class Membership extends Timestamped {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "client_id", nullable = false, updatable = false)
	private SsoClient client;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "user_id", nullable = false, updatable = false)
	private SsoUser user;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private MembershipRole role;

	@Column(nullable = false)
	private boolean active = true;

	protected Membership() {
	}

	public Membership(SsoClient client, SsoUser user, MembershipRole role) {
		this.client = client;
		this.user = user;
		this.role = role;
	}

	public Long getId() {
		return this.id;
	}

	public SsoClient getClient() {
		return this.client;
	}

	public SsoUser getUser() {
		return this.user;
	}

	public MembershipRole getRole() {
		return this.role;
	}

	public void setRole(MembershipRole role) {
		this.role = role;
	}

	public boolean isActive() {
		return this.active;
	}

	public void setActive(boolean active) {
		this.active = active;
	}

}
