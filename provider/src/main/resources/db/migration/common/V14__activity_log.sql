-- The activity log: every change made through the console (and the bootstrap file, registration,
-- invitations) is an entry with who did it (actor), what kind of change (CREATE, UPDATE, DELETE,
-- EXPORT), what it was done to (target type, id and name when done) and the changed fields as
-- before -> after (JSON; secrets and hashes only as "changed"). scope_id and about_superuser say
-- who may read the entry: the same rule as for seeing the person it is about.
ALTER TABLE sso_audit_event ADD COLUMN actor_uuid CHAR(36);
ALTER TABLE sso_audit_event ADD COLUMN actor_name VARCHAR(150);
ALTER TABLE sso_audit_event ADD COLUMN action VARCHAR(10);
ALTER TABLE sso_audit_event ADD COLUMN target_type VARCHAR(20);
ALTER TABLE sso_audit_event ADD COLUMN target_id VARCHAR(100);
ALTER TABLE sso_audit_event ADD COLUMN target_name VARCHAR(200);
ALTER TABLE sso_audit_event ADD COLUMN scope_id BIGINT;
ALTER TABLE sso_audit_event ADD COLUMN about_superuser BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sso_audit_event ADD COLUMN changes TEXT;
