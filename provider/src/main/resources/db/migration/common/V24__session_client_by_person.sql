-- Memberships: removing a member (or lowering their role) ends that person's sessions at that app
-- only, found by (app, person); the primary key starts with the session.
CREATE INDEX ix_sso_session_client_person ON sso_session_client (client_id, user_uuid);
