package io.microsys.sso.provider.client;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.microsys.sso.provider.account.SsoUser;

/** Memberships by (client, user): the unique index serves every lookup. */
public interface MembershipRepository extends JpaRepository<Membership, Long> {

	/** A client, a user and the user's membership in it (null when there is none). */
	record Access(SsoClient client, SsoUser user, Membership membership) {
	}

	@Query("select m from Membership m where m.client.id = :clientPk and m.user.id = :userPk")
	Optional<Membership> find(Long clientPk, Long userPk);

	// One statement needs no transaction: joining one saves a round trip to begin and one to end it.
	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	@Query("select c, u, m from SsoClient c join SsoUser u on u.uuid = :userUuid "
			+ "left join Membership m on m.client = c and m.user = u where c.clientId = :clientId")
	List<Object[]> findAccessRows(String clientId, String userUuid);

	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	@Query("select c, u, m from SsoClient c join SsoUser u on u.uuid = :userUuid "
			+ "left join Membership m on m.client = c and m.user = u where c.id = :clientPk")
	List<Object[]> findAccessRowsByClientPk(Long clientPk, String userUuid);

	/**
	 * The client (by client id), the user (by UUID) and their membership, read in one statement;
	 * empty when the client or the user does not exist.
	 */
	default Optional<Access> findAccess(String clientId, String userUuid) {
		return access(findAccessRows(clientId, userUuid));
	}

	/** As {@link #findAccess(String, String)}, with the client given by its row id. */
	default Optional<Access> findAccessByClientPk(Long clientPk, String userUuid) {
		return access(findAccessRowsByClientPk(clientPk, userUuid));
	}

	private static Optional<Access> access(List<Object[]> rows) {
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		Object[] row = rows.get(0);
		return Optional.of(new Access((SsoClient) row[0], (SsoUser) row[1], (Membership) row[2]));
	}

}
