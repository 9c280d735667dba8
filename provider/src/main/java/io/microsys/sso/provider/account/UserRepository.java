package io.microsys.sso.provider.account;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** Users, looked up by indexed, case-insensitive keys. */
public interface UserRepository extends JpaRepository<SsoUser, Long> {

	Optional<SsoUser> findByUuid(String uuid);

	Optional<SsoUser> findByUsernameKey(String usernameKey);

	Optional<SsoUser> findByEmailKey(String emailKey);

	boolean existsBySuperuserTrue();

	List<SsoUser> findTop20BySuperuserTrueAndStatusAndEmailIsNotNullOrderById(UserStatus status);

	boolean existsByUsernameKey(String usernameKey);

	/**
	 * Notes a sign-in in one statement, without the version check of a full save: the same person
	 * signing in from two browsers at once must not make either fail.
	 */
	@Transactional
	@Modifying
	@Query("update SsoUser u set u.lastLoginAt = :at where u.uuid = :uuid")
	int recordSignIn(String uuid, Instant at);

	/**
	 * Replaces a password hash by a stronger encoding of the same password, unless the password
	 * changed meanwhile; one statement, like {@link #recordSignIn}.
	 */
	@Modifying
	@Query("update SsoUser u set u.passwordHash = :newHash where u.uuid = :uuid and u.passwordHash = :oldHash")
	int rehashPassword(String uuid, String oldHash, String newHash);

	/**
	 * Accounts that came to be one way, in these states, matching {@code pattern} (a lower-case
	 * {@code LIKE} pattern escaped with {@code !}, or null for all), newest first.
	 */
	@Query("select u from SsoUser u where u.origin = :origin and u.status in :statuses and (:pattern is null "
			+ "or u.usernameKey like :pattern escape '!' or u.emailKey like :pattern escape '!' "
			+ "or lower(u.firstName) like :pattern escape '!' or lower(u.lastName) like :pattern escape '!') "
			+ "order by u.createdAt desc, u.id desc")
	Page<SsoUser> findByOrigin(AccountOrigin origin, Collection<UserStatus> statuses, String pattern,
			Pageable pageable);

	default Optional<SsoUser> findByUsername(String username) {
		return findByUsernameKey(SsoUser.key(username));
	}

	default Optional<SsoUser> findByEmail(String email) {
		return findByEmailKey(SsoUser.key(email));
	}

}
