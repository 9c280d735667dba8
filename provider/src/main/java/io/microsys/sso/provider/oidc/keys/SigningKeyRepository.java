package io.microsys.sso.provider.oidc.keys;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyRepository extends JpaRepository<SigningKey, Long> {

	List<SigningKey> findByStatusOrderByCreatedAtDesc(SigningKey.Status status);

	@Query("select k from SigningKey k where k.status = 'ACTIVE' or k.expiresAt > :now order by k.createdAt desc")
	List<SigningKey> findPublished(Instant now);

	@Modifying
	@Query("delete from SigningKey k where k.status = 'RETIRED' and k.expiresAt <= :now")
	int deleteExpired(Instant now);

}
