-- The admin API's people list (api.people.PeopleApi) reads people in row id order after a cursor.
-- With a status filter it reads the status's people in id order, with a scope too the scope's
-- people of that status: each page one range read however deep, instead of a walk that skips
-- the people of other states (the status index's entries are ordered by two-step first).
CREATE INDEX ix_sso_user_status_id ON sso_user (status, id);
CREATE INDEX ix_sso_user_scope_status ON sso_user (scope_id, status, id);
