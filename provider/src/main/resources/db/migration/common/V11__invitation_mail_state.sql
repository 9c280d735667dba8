-- Whether an invitation's email left: SENT, NOT_CONFIGURED (no mail server) or FAILED (the server
-- could not be reached or refused it); NULL for invitations from before this was recorded.
ALTER TABLE sso_invitation ADD COLUMN mail_state VARCHAR(20);
