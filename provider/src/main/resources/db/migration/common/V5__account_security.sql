-- Account security: email codes, trusted browsers, password reset, and apps that require a second
-- factor. Codes and tokens are stored only as hashes.

-- A person who chose email codes as their second factor (only offered when the setting allows it).
CREATE TABLE sso_email_factor (
    user_id             BIGINT        NOT NULL PRIMARY KEY,
    created_at          DATETIME(6)   NOT NULL,
    CONSTRAINT fk_sso_email_factor_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);

-- The one email code a person may have at a time: HMAC of the code, expiry, failed attempts, and
-- when it was sent (for the resend cooldown).
CREATE TABLE sso_email_code (
    user_id             BIGINT        NOT NULL PRIMARY KEY,
    code_hash           CHAR(64)      NOT NULL,
    sent_at             DATETIME(6)   NOT NULL,
    expires_at          DATETIME(6)   NOT NULL,
    attempts            INT           NOT NULL,
    CONSTRAINT fk_sso_email_code_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);

-- Browsers where a person skips the second factor for a while; the cookie holds a random token
-- whose SHA-256 is stored here.
CREATE TABLE sso_trusted_browser (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    user_id             BIGINT        NOT NULL,
    token_hash          CHAR(64)      NOT NULL,
    user_agent          VARCHAR(200),
    created_at          DATETIME(6)   NOT NULL,
    expires_at          DATETIME(6)   NOT NULL,
    last_used_at        DATETIME(6),
    CONSTRAINT uk_sso_trusted_browser_token UNIQUE (token_hash),
    CONSTRAINT fk_sso_trusted_browser_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);
CREATE INDEX ix_sso_trusted_browser_user ON sso_trusted_browser (user_id);
CREATE INDEX ix_sso_trusted_browser_expires ON sso_trusted_browser (expires_at);

-- Links mailed to a person (password reset, confirming a new email address): the SHA-256 of the
-- token, what it is for, an optional value (the new address), single use, short-lived. One live
-- link per person and purpose.
CREATE TABLE sso_link_token (
    token_hash          CHAR(64)      NOT NULL PRIMARY KEY,
    purpose             VARCHAR(20)   NOT NULL,
    user_id             BIGINT        NOT NULL,
    payload             VARCHAR(254),
    created_at          DATETIME(6)   NOT NULL,
    expires_at          DATETIME(6)   NOT NULL,
    used_at             DATETIME(6),
    CONSTRAINT fk_sso_link_token_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);
CREATE INDEX ix_sso_link_token_user ON sso_link_token (user_id, purpose, created_at);
CREATE INDEX ix_sso_link_token_expires ON sso_link_token (expires_at);

ALTER TABLE sso_client ADD COLUMN require_2fa BOOLEAN DEFAULT FALSE NOT NULL;

