-- The admin API's service accounts invite people too: they have no person's uuid, so an
-- invitation's inviter may be empty (the activity log names the service account).
ALTER TABLE sso_invitation MODIFY COLUMN invited_by CHAR(36) NULL;
