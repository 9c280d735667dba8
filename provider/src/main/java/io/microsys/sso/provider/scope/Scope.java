package io.microsys.sso.provider.scope;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

/** An organisational unit (department, municipality, tenant organisation) that users can belong to. */
@Entity
@Table(name = "sso_scope")
public class Scope {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String name;

	@Column(name = "name_key", nullable = false)
	private String nameKey;

	private String description;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected Scope() {
	}

	public Scope(String name) {
		setName(name);
	}

	/** The lower-cased form used for case-insensitive uniqueness. */
	public static String key(String name) {
		return name.trim().toLowerCase(Locale.ROOT);
	}

	@PrePersist
	@PreUpdate
	void touch() {
		Instant now = Instant.now();
		if (this.createdAt == null) {
			this.createdAt = now;
		}
		this.updatedAt = now;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name.trim();
		this.nameKey = key(name);
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
