-- Scoped staff (and a scope filter) sort their scope's people by creation or last sign-in: each
-- walks its index in order from the scope's first entry, instead of reading the scope's people
-- in creation or sign-in order of everyone and skipping the others.
CREATE INDEX ix_sso_user_scope_created ON sso_user (scope_id, created_at);
CREATE INDEX ix_sso_user_scope_last_login ON sso_user (scope_id, last_login_at);

-- Whether the person has a second factor (a confirmed authenticator app or email codes), kept by
-- twofactor.SecondFactors whenever a factor is added or removed: the people list filters on it
-- without two lookups a person.
ALTER TABLE sso_user ADD COLUMN two_step BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE sso_user SET two_step = TRUE
WHERE id IN (SELECT user_id FROM sso_user_totp WHERE confirmed_at IS NOT NULL)
   OR id IN (SELECT user_id FROM sso_email_factor);

-- Filters on rare values (staff; pending or deactivated people, with two-step or without) find
-- their matches by these when a walk in the page's order finds too few (admin.users.PeopleSearch),
-- and they tell MySQL's and MariaDB's optimizer how rare a value is.
CREATE INDEX ix_sso_user_staff ON sso_user (is_staff);
CREATE INDEX ix_sso_user_status ON sso_user (status, two_step);
