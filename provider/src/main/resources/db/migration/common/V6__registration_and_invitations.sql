-- Public registration and invitations: settings an administrator changes at run time, how an
-- account's registration was reviewed, and invitations to connected apps (only the SHA-256 of
-- their token is stored).

-- Settings changed at run time (registration on or off, its activation mode). A missing row means
-- the configured default (microsys.sso.* properties).
CREATE TABLE sso_setting (
    setting_key         VARCHAR(100)  NOT NULL PRIMARY KEY,
    setting_value       VARCHAR(1000) NOT NULL,
    updated_at          DATETIME(6)   NOT NULL,
    updated_by          CHAR(36)
);

-- The decision on a public registration: when, by whom (user uuid), and the optional reason.
ALTER TABLE sso_user ADD COLUMN reviewed_at DATETIME(6);
ALTER TABLE sso_user ADD COLUMN reviewed_by CHAR(36);
ALTER TABLE sso_user ADD COLUMN review_reason VARCHAR(500);
-- The registration queue lists accounts by how they came to be and their state, newest first.
CREATE INDEX ix_sso_user_origin_status ON sso_user (origin, status, created_at);

CREATE TABLE sso_invitation (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    token_hash          CHAR(64)      NOT NULL,
    client_id           BIGINT        NOT NULL,
    email               VARCHAR(254)  NOT NULL,
    email_key           VARCHAR(254)  NOT NULL,
    role                VARCHAR(10)   NOT NULL,
    language            VARCHAR(10)   NOT NULL,
    invited_by          CHAR(36)      NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    expires_at          DATETIME(6)   NOT NULL,
    accepted_at         DATETIME(6),
    accepted_by         CHAR(36),
    revoked_at          DATETIME(6),
    CONSTRAINT uk_sso_invitation_token UNIQUE (token_hash),
    CONSTRAINT fk_sso_invitation_client FOREIGN KEY (client_id) REFERENCES sso_client (id) ON DELETE CASCADE
);
CREATE INDEX ix_sso_invitation_client_email ON sso_invitation (client_id, email_key);
CREATE INDEX ix_sso_invitation_created ON sso_invitation (created_at);
