package io.microsys.sso.provider.account;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Users, looked up by indexed, case-insensitive keys. */
public interface UserRepository extends JpaRepository<SsoUser, Long> {

	Optional<SsoUser> findByUuid(String uuid);

	Optional<SsoUser> findByUsernameKey(String usernameKey);

	Optional<SsoUser> findByEmailKey(String emailKey);

	boolean existsBySuperuserTrue();

	default Optional<SsoUser> findByUsername(String username) {
		return findByUsernameKey(SsoUser.key(username));
	}

	default Optional<SsoUser> findByEmail(String email) {
		return findByEmailKey(SsoUser.key(email));
	}

}
