package io.microsys.sso.provider.oidc.authorization;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Consents a user gave to clients whose policy asks for consent. */
@Service
public class DatabaseConsentService implements OAuth2AuthorizationConsentService {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public DatabaseConsentService(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	@Transactional
	public void save(OAuth2AuthorizationConsent consent) {
		String authorities = consent.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.sorted()
			.collect(Collectors.joining(" "));
		Timestamp now = Timestamp.from(this.clock.instant());
		int updated = this.jdbc.update(
				"UPDATE oauth2_authorization_consent SET authorities = ?, updated_at = ? "
						+ "WHERE registered_client_id = ? AND principal_name = ?",
				authorities, now, consent.getRegisteredClientId(), consent.getPrincipalName());
		if (updated == 0) {
			this.jdbc.update("INSERT INTO oauth2_authorization_consent (registered_client_id, principal_name, "
					+ "authorities, updated_at) VALUES (?, ?, ?, ?)", consent.getRegisteredClientId(),
					consent.getPrincipalName(), authorities, now);
		}
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		this.jdbc.update("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = ? AND principal_name = ?",
				consent.getRegisteredClientId(), consent.getPrincipalName());
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		List<String> rows = this.jdbc.query(
				"SELECT authorities FROM oauth2_authorization_consent WHERE registered_client_id = ? AND principal_name = ?",
				(rs, i) -> rs.getString(1), registeredClientId, principalName);
		if (rows.isEmpty()) {
			return null;
		}
		OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId(registeredClientId,
				principalName);
		Arrays.stream(rows.get(0).split(" "))
			.filter((a) -> !a.isBlank())
			.forEach((a) -> builder.authority(new SimpleGrantedAuthority(a)));
		return builder.build();
	}

}
