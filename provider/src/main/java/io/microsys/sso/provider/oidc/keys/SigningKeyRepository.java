package io.microsys.sso.provider.oidc.keys;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyRepository extends JpaRepository<SigningKey, Long> {

	List<SigningKey> findByStatusOrderByCreatedAtDesc(SigningKey.Status status);

	/**
	 * Locks, until the transaction ends, a row every migrated database has: nodes starting together
	 * then decide one after the other whether a key must be created or rotated. The keys' own rows
	 * cannot serve, since on the first start there are none to lock.
	 */
	@Query(value = "SELECT installed_rank FROM flyway_schema_history WHERE installed_rank = 1 FOR UPDATE",
			nativeQuery = true)
	List<Integer> lockForStartUp();

	/** Newest first; keys created in the same instant in the order they were stored. */
	@Query("select k from SigningKey k where k.status = 'ACTIVE' or k.expiresAt > :now order by k.createdAt desc, k.id desc")
	List<SigningKey> findPublished(Instant now);

	@Modifying
	@Query("delete from SigningKey k where k.status = 'RETIRED' and k.expiresAt <= :now")
	int deleteExpired(Instant now);

}
