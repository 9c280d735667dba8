package io.microsys.sso.provider.client;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Memberships by (client, user): the unique index serves every lookup. */
public interface MembershipRepository extends JpaRepository<Membership, Long> {

	@Query("select m from Membership m where m.client.id = :clientPk and m.user.id = :userPk")
	Optional<Membership> find(Long clientPk, Long userPk);

}
