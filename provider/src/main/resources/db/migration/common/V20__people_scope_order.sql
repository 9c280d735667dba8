-- Scoped staff (and a scope filter) sort their scope's people by creation or last sign-in: each
-- walks its index in order from the scope's first entry, instead of reading the scope's people
-- in creation or sign-in order of everyone and skipping the others.
CREATE INDEX ix_sso_user_scope_created ON sso_user (scope_id, created_at);
CREATE INDEX ix_sso_user_scope_last_login ON sso_user (scope_id, last_login_at);

-- Filters on rare values (staff; pending or deactivated people) find their matches by these when a
-- walk in the page's order finds too few (admin.users.PeopleSearch), and they tell MySQL's and
-- MariaDB's optimizer how rare a value is.
CREATE INDEX ix_sso_user_staff ON sso_user (is_staff);
CREATE INDEX ix_sso_user_status ON sso_user (status);
