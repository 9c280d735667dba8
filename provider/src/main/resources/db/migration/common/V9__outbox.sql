-- Work promised to someone that must survive a restart (email, accepted sign-ups, reset requests):
-- one row per item, its payload encrypted under the master key. Any node takes a due row by
-- a conditional UPDATE of its lease (claimed_by, claimed_until), so a row is worked on by one
-- node at a time and a dead node's rows are taken over once their lease ends. A done row is
-- deleted; one that keeps failing is kept as FAILED (and audited) until it is purged.
CREATE TABLE sso_outbox (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    kind                VARCHAR(40)   NOT NULL,
    payload             LONGBLOB      NOT NULL,
    state               VARCHAR(10)   NOT NULL,
    attempts            INT           NOT NULL,
    next_attempt_at     DATETIME(6)   NOT NULL,
    claimed_by          VARCHAR(100),
    claimed_until       DATETIME(6),
    expires_at          DATETIME(6),
    last_error          VARCHAR(300),
    created_at          DATETIME(6)   NOT NULL
);
-- The poller's query (due rows of one kind) and each kind's count of waiting rows.
CREATE INDEX ix_sso_outbox_due ON sso_outbox (kind, state, next_attempt_at);
