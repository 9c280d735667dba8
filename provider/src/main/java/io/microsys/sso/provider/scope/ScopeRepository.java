package io.microsys.sso.provider.scope;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Organisational scopes, looked up by their case-insensitive name. */
public interface ScopeRepository extends JpaRepository<Scope, Long> {

	Optional<Scope> findByNameKey(String nameKey);

	default Optional<Scope> findByName(String name) {
		return findByNameKey(Scope.key(name));
	}

}
