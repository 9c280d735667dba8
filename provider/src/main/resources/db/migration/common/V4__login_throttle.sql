-- Failed sign-ins per typed username (hashed) and per IP address, shared by every node. After a
-- threshold, each further failure blocks that key for an exponentially growing time (capped);
-- counts are forgotten a while after the last failure.
CREATE TABLE sso_login_throttle (
    throttle_key        VARCHAR(80)   NOT NULL PRIMARY KEY,
    failures            INT           NOT NULL,
    blocked_until       DATETIME(6),
    updated_at          DATETIME(6)   NOT NULL
);
CREATE INDEX ix_sso_login_throttle_updated ON sso_login_throttle (updated_at);
