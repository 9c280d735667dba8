-- Apps managed from the console (/sys/clients): a description and a logo shown to people, and the
-- previous secret's hash kept valid until the end of a rotation's overlap, so an app can roll its
-- secret without downtime (null: no previous secret).
ALTER TABLE sso_client ADD COLUMN description VARCHAR(1000) NULL;
ALTER TABLE sso_client ADD COLUMN logo_url VARCHAR(500) NULL;
ALTER TABLE sso_client ADD COLUMN previous_secret_hash VARCHAR(255) NULL;
ALTER TABLE sso_client ADD COLUMN previous_secret_expires_at DATETIME(6) NULL;
-- Deleting an app revokes its grants: found by the app, not by the person first.
CREATE INDEX ix_oauth2_authorization_client ON oauth2_authorization (registered_client_id);
-- An app's page shows its latest sign-ins and refusals, newest first: a short backward range scan.
CREATE INDEX ix_sso_audit_client ON sso_audit_event (client_id, id);
