package io.microsys.sso.provider.client;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Connected apps by their public client id. */
public interface ClientRepository extends JpaRepository<SsoClient, Long> {

	Optional<SsoClient> findByClientId(String clientId);

}
