package io.microsys.sso.provider.client;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Connected apps by their public client id. The lookups by key are one statement each, so they join
 * a caller's transaction but do not open one of their own (which would cost a round trip to begin
 * it and one to end it on every token request).
 */
public interface ClientRepository extends JpaRepository<SsoClient, Long> {

	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	Optional<SsoClient> findByClientId(String clientId);

	@Override
	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	Optional<SsoClient> findById(Long id);

	/**
	 * Replaces a client secret's hash with a stronger one of the same secret, only while the row still
	 * holds the hash that was verified (hashes are salted, so it names one app): one statement, so
	 * token requests that upgrade the same secret at the same moment neither overwrite each other nor
	 * fail on the row's version (the first wins, the others change nothing), and a secret changed
	 * meanwhile by an administrator is kept. The row's version moves on like any change of the app.
	 */
	@Transactional
	@Modifying
	@Query("update SsoClient c set c.secretHash = :newHash, c.version = c.version + 1 where c.secretHash = :oldHash")
	int rehashSecret(String oldHash, String newHash);

}
