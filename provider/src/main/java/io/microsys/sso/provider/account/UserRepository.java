package io.microsys.sso.provider.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.support.NameKeys;

/**
 * Users, looked up by their indexed keys ({@link NameKeys}): a typed username or address that
 * cannot be a key finds nobody.
 */
public interface UserRepository extends JpaRepository<SsoUser, Long> {

	Optional<SsoUser> findByUuid(String uuid);

	Optional<SsoUser> findByUsernameKey(String usernameKey);

	Optional<SsoUser> findByEmailKey(String emailKey);

	boolean existsBySuperuserTrue();

	List<SsoUser> findTop20BySuperuserTrueAndStatusAndEmailIsNotNullOrderById(UserStatus status);

	boolean existsByUsernameKey(String usernameKey);

	boolean existsByEmailKey(String emailKey);

	boolean existsByUsernameLookalike(String usernameLookalike);

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

	default Optional<SsoUser> findByUsername(String username) {
		String key = NameKeys.key(username);
		return NameKeys.isSearchable(key) ? findByUsernameKey(key) : Optional.empty();
	}

	default Optional<SsoUser> findByEmail(String email) {
		String key = NameKeys.key(email);
		return NameKeys.isSearchable(key) ? findByEmailKey(key) : Optional.empty();
	}

	/**
	 * The account a sign-in (or reset) form names: with an {@code @}, the one with that email
	 * address, else the one with that username (from before usernames could not hold an
	 * {@code @}); without, the one with that username. The address wins, so an account named after
	 * someone's address cannot take their sign-ins.
	 */
	default Optional<SsoUser> findByLogin(String login) {
		if (login == null) {
			return Optional.empty();
		}
		return login.contains("@") ? findByEmail(login).or(() -> findByUsername(login)) : findByUsername(login);
	}

	/**
	 * Whether {@code username} (allowed by {@link NameKeys#usernameProblem}) is taken: by an account
	 * with the same key or look-alike key, or as someone's email address.
	 */
	default boolean usernameTaken(String username) {
		String key = NameKeys.key(username);
		return existsByUsernameKey(key) || existsByUsernameLookalike(NameKeys.lookalike(username))
				|| existsByEmailKey(key);
	}

	/**
	 * Whether an account other than {@code self} (null for none) has {@code username}'s key or
	 * look-alike key, or has it as email address.
	 */
	default boolean usernameTakenByOther(String username, Long self) {
		String key = NameKeys.key(username);
		return findByUsernameKey(key).filter((u) -> !u.getId().equals(self)).isPresent()
				|| findByEmailKey(key).filter((u) -> !u.getId().equals(self)).isPresent()
				|| findAllByUsernameLookalike(NameKeys.lookalike(username)).stream()
					.anyMatch((u) -> !u.getId().equals(self));
	}

	List<SsoUser> findAllByUsernameLookalike(String usernameLookalike);

	/** Whether {@code email} is someone's username (from before usernames could not hold an {@code @}). */
	default boolean emailIsAUsername(String email) {
		String key = NameKeys.key(email);
		return NameKeys.isSearchable(key) && existsByUsernameKey(key);
	}

}
