-- The admin API's service accounts invite people too: they have no person's uuid, so an
-- invitation's inviter may be empty (the activity log names the service account).
ALTER TABLE sso_invitation MODIFY COLUMN invited_by CHAR(36) NULL;

-- The admin API replaces the run-time settings whole: it compares their version (a hash of the
-- stored rows) while holding this one row's lock, so two replacements on any nodes run one after
-- the other.
CREATE TABLE sso_settings_lock (
    id                  INT           NOT NULL PRIMARY KEY
);
INSERT INTO sso_settings_lock (id) VALUES (1);
