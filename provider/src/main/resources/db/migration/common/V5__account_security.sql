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

-- Password reset links: SHA-256 of the token, single use, short-lived.
CREATE TABLE sso_password_reset (
    token_hash          CHAR(64)      NOT NULL PRIMARY KEY,
    user_id             BIGINT        NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    expires_at          DATETIME(6)   NOT NULL,
    used_at             DATETIME(6),
    CONSTRAINT fk_sso_password_reset_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);
CREATE INDEX ix_sso_password_reset_user ON sso_password_reset (user_id, created_at);
CREATE INDEX ix_sso_password_reset_expires ON sso_password_reset (expires_at);

ALTER TABLE sso_client ADD COLUMN require_2fa BOOLEAN DEFAULT FALSE NOT NULL;

-- A new email address waiting for its owner to confirm it (the link mailed there).
CREATE TABLE sso_email_change (
    token_hash          CHAR(64)      NOT NULL PRIMARY KEY,
    user_id             BIGINT        NOT NULL,
    new_email           VARCHAR(254)  NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    expires_at          DATETIME(6)   NOT NULL,
    used_at             DATETIME(6),
    CONSTRAINT fk_sso_email_change_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);
CREATE INDEX ix_sso_email_change_user ON sso_email_change (user_id);
