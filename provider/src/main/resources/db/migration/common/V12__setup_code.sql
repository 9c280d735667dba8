-- One-time setup codes: each start without a superuser prints a fresh code in its log and keeps
-- only its SHA-256 here, so any node accepts it. All are deleted once the first superuser exists.
CREATE TABLE sso_setup_code (
    code_hash           CHAR(64)      NOT NULL PRIMARY KEY,
    created_at          DATETIME(6)   NOT NULL
);
