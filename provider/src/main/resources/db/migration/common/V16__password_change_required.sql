-- A temporary password set by staff must be replaced by the person at their next sign-in: until
-- then the sign-in is not complete (no page, no app), only the "choose a new password" page.
ALTER TABLE sso_user ADD COLUMN password_change_required BOOLEAN DEFAULT FALSE NOT NULL;
