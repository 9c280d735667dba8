package io.microsys.sso.provider.profile;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.account.Accounts;
import io.microsys.sso.provider.account.SsoUser;
import io.microsys.sso.provider.account.SsoUserDetails;
import io.microsys.sso.provider.audit.Changes;
import io.microsys.sso.provider.support.Forms;

/** A person's own first and last name, changed on the profile and recorded before and after. */
@Service
class Names {

	private final Accounts accounts;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Names(Accounts accounts, JdbcTemplate jdbc, Clock clock, ApplicationEventPublisher events) {
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.clock = clock;
		this.events = events;
	}

	/** Sets the names (validated by {@link NameForm}); false when they were the same already. */
	@Transactional
	boolean change(SsoUserDetails person, NameForm form) {
		SsoUser user = this.accounts.of(person);
		String first = form.firstName().trim();
		String last = Forms.blankToNull(form.lastName());
		Changes changes = Changes.none()
			.field("first_name", user.getFirstName(), first)
			.field("last_name", user.getLastName(), last);
		if (changes.isEmpty()) {
			return false;
		}
		// Only the two columns (and the version, so an edit loaded before this one notices).
		this.jdbc.update("UPDATE sso_user SET first_name = ?, last_name = ?, updated_at = ?, version = version + 1 "
				+ "WHERE id = ?", first, last, Timestamp.from(this.clock.instant()), user.getId());
		this.events.publishEvent(new NameChanged(user.getUuid(), user.getUsername(),
				(user.getScope() != null) ? user.getScope().getId() : null, user.isSuperuser(), changes));
		return true;
	}

}
