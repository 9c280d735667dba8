package io.microsys.sso.provider.scope;

import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.microsys.sso.provider.persistence.Timestamped;

/** An organisational unit (department, municipality, tenant organisation) that users can belong to. */
@Entity
@Table(name = "sso_scope")
public class Scope extends Timestamped {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String name;

	@Column(name = "name_key", nullable = false)
	private String nameKey;

	private String description;

	/** Moved by every change (here, and by the console's and the import's SQL), for the admin API's ETags. */
	@Version
	private long version;

	protected Scope() {
	}

	public Scope(String name) {
		setName(name);
	}

	/** The lower-cased form used for case-insensitive uniqueness. */
	public static String key(String name) {
		return name.trim().toLowerCase(Locale.ROOT);
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

	public long getVersion() {
		return this.version;
	}

}
