package io.microsys.sso.client;

import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Links kept in the app's database, in the table created by
 * {@code classpath:io/microsys/sso/client/microsys-sso-account-links.sql} (run it yourself, or set
 * {@code microsys.sso.client.account-links.initialize-schema=true}).
 */
public final class JdbcSsoAccountLinks implements SsoAccountLinks {

	/** The DDL of the table. */
	public static final String SCHEMA = "io/microsys/sso/client/microsys-sso-account-links.sql";

	private final JdbcTemplate jdbc;

	public JdbcSsoAccountLinks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Link link(String issuer, String subject) {
		Link existing = find(issuer, subject);
		if (existing != null) {
			return existing;
		}
		try {
			this.jdbc.update("INSERT INTO microsys_sso_account_link (issuer, subject, local_id) VALUES (?, ?, ?)",
					issuer, subject, UUID.randomUUID().toString());
		}
		catch (DuplicateKeyException ex) {
			// Another node or request linked the same identity at the same moment: use that link.
		}
		return find(issuer, subject);
	}

	@Override
	public Link find(String issuer, String subject) {
		List<Link> links = this.jdbc.query(
				"SELECT issuer, subject, local_id FROM microsys_sso_account_link WHERE issuer = ? AND subject = ?",
				(rs, i) -> new Link(rs.getString(1), rs.getString(2), rs.getString(3)), issuer, subject);
		return links.isEmpty() ? null : links.get(0);
	}

}
