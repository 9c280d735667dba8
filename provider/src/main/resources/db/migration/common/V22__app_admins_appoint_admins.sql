-- Delegated app administrators: whether a person who is admin of an app may make others admin of
-- it (they may always give staff and user). Off by default: only console staff appoint admins.
ALTER TABLE sso_client ADD COLUMN app_admins_appoint_admins BOOLEAN DEFAULT FALSE NOT NULL;
