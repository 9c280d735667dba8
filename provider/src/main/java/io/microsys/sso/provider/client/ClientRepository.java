package io.microsys.sso.provider.client;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
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

}
