package io.microsys.sso.provider.audit;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** The audit trail. */
public interface AuditEventRepository extends JpaRepository<AuditEvent, Long> {

	List<AuditEvent> findTop50ByEventTypeOrderByIdDesc(String eventType);

}
