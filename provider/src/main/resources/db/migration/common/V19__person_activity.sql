-- A person's own activity in the console (entries about them, and entries they did), newest
-- first and paged by id: a short range scan on each side (the actor side uses
-- ix_sso_audit_actor_uuid of V18).
CREATE INDEX ix_sso_audit_user_id ON sso_audit_event (user_uuid, id);

-- Scoped staff list their scope's people by name, and filter their scope's entries by kind of
-- change: both walk an index in order instead of sorting the whole scope.
CREATE INDEX ix_sso_user_scope_username ON sso_user (scope_id, username_key);
CREATE INDEX ix_sso_audit_scope_action ON sso_audit_event (scope_id, about_superuser, action, id);
