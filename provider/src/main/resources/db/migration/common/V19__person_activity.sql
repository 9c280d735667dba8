-- A person's own activity in the console (entries about them, and entries they did), newest
-- first and paged by id: one index for each side, so each read is a short range scan.
CREATE INDEX ix_sso_audit_user_id ON sso_audit_event (user_uuid, id);
CREATE INDEX ix_sso_audit_actor_id ON sso_audit_event (actor_uuid, id);

