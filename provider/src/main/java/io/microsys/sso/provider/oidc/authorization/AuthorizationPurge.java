package io.microsys.sso.provider.oidc.authorization;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Removes expired grants on a schedule, so the table does not grow without bound. */
@Component
class AuthorizationPurge {

	private static final Logger logger = LoggerFactory.getLogger(AuthorizationPurge.class);

	private final DatabaseAuthorizationService authorizations;

	AuthorizationPurge(DatabaseAuthorizationService authorizations) {
		this.authorizations = authorizations;
	}

	@Scheduled(initialDelayString = "${microsys.sso.authorizations.purge-interval:PT1M}",
			fixedDelayString = "${microsys.sso.authorizations.purge-interval:PT1M}")
	void purge() {
		int removed = this.authorizations.purgeExpired();
		if (removed > 0) {
			logger.info("Purged {} expired authorizations", removed);
		}
	}

}
