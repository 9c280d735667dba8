-- The activity log's filters (/sys/logs), newest first by id, at 10,000,000 entries: each filter
-- has an index ending in id, so "WHERE <filter> AND <visibility> AND id < ? ORDER BY id DESC
-- LIMIT 51" walks the index backwards and stops after a page; a time range is turned into an id
-- range besides (ids follow the time of writing), so it combines with each of them. The scope
-- index also serves who may read an entry (scoped and central staff). See docs/performance.md.
CREATE INDEX ix_sso_audit_actor_uuid ON sso_audit_event (actor_uuid, id);
CREATE INDEX ix_sso_audit_actor_name ON sso_audit_event (actor_name, id);
CREATE INDEX ix_sso_audit_action ON sso_audit_event (action, id);
CREATE INDEX ix_sso_audit_type_id ON sso_audit_event (event_type, id);
CREATE INDEX ix_sso_audit_target ON sso_audit_event (target_type, target_id, id);
CREATE INDEX ix_sso_audit_scope ON sso_audit_event (scope_id, about_superuser, id);
CREATE INDEX ix_sso_audit_ip ON sso_audit_event (ip_address, id);
