package io.microsys.sso.provider.persistence;

import java.sql.SQLException;
import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the code must know of the database behind the pool: whether it is MySQL or MariaDB (their
 * index hints, and how their driver streams), and a template that reads a long result row by row.
 * Asked once, on first use, not at start-up.
 */
@Component
public class Database {

	private static final int FETCH_SIZE = 500;

	private final DataSource dataSource;

	private volatile Boolean mySqlFamily;

	private volatile NamedParameterJdbcTemplate rowByRow;

	public Database(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Whether the database is MySQL or MariaDB (reached through Connector/J, {@code jdbc:mysql:}). */
	public boolean isMySqlFamily() {
		Boolean family = this.mySqlFamily;
		if (family == null) {
			family = new JdbcTemplate(this.dataSource).execute((ConnectionCallback<Boolean>) (connection) -> {
				try {
					return connection.getMetaData().getURL().startsWith("jdbc:mysql:");
				}
				catch (SQLException ex) {
					return false;
				}
			});
			this.mySqlFamily = family;
		}
		return family;
	}

	/**
	 * A template whose queries hand each row over as the database sends it, for exports: Connector/J
	 * reads the whole result into memory unless the fetch size is exactly {@link Integer#MIN_VALUE};
	 * other drivers take a fetch size.
	 */
	public NamedParameterJdbcTemplate rowByRow() {
		NamedParameterJdbcTemplate template = this.rowByRow;
		if (template == null) {
			JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
			jdbc.setFetchSize(isMySqlFamily() ? Integer.MIN_VALUE : FETCH_SIZE);
			template = new NamedParameterJdbcTemplate(jdbc);
			this.rowByRow = template;
		}
		return template;
	}

}
