-- Microsys SSO initial schema. Portable between H2 (MySQL mode) and MySQL 8 / MariaDB 10.11.
-- Case-insensitive uniqueness uses *_key columns holding the lower-cased value, so it does not
-- depend on the database's collation.

CREATE TABLE sso_scope (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    name         VARCHAR(150)  NOT NULL,
    name_key     VARCHAR(150)  NOT NULL,
    description  VARCHAR(500),
    created_at   DATETIME(6)   NOT NULL,
    updated_at   DATETIME(6)   NOT NULL,
    CONSTRAINT uk_sso_scope_name UNIQUE (name_key)
);

CREATE TABLE sso_user (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    uuid                CHAR(36)      NOT NULL,
    username            VARCHAR(150)  NOT NULL,
    username_key        VARCHAR(150)  NOT NULL,
    email               VARCHAR(254),
    email_key           VARCHAR(254),
    phone               VARCHAR(32),
    first_name          VARCHAR(150),
    last_name           VARCHAR(150),
    scope_id            BIGINT,
    language            VARCHAR(10)   NOT NULL,
    is_staff            BOOLEAN       NOT NULL,
    is_superuser        BOOLEAN       NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    deactivated_at      DATETIME(6),
    email_verified      BOOLEAN       NOT NULL,
    origin              VARCHAR(20)   NOT NULL,
    password_hash       VARCHAR(255),
    locked_until        DATETIME(6),
    last_login_at       DATETIME(6),
    created_at          DATETIME(6)   NOT NULL,
    updated_at          DATETIME(6)   NOT NULL,
    version             BIGINT        NOT NULL,
    CONSTRAINT uk_sso_user_uuid UNIQUE (uuid),
    CONSTRAINT uk_sso_user_username UNIQUE (username_key),
    CONSTRAINT uk_sso_user_email UNIQUE (email_key),
    CONSTRAINT fk_sso_user_scope FOREIGN KEY (scope_id) REFERENCES sso_scope (id)
);
CREATE INDEX ix_sso_user_scope ON sso_user (scope_id);
CREATE INDEX ix_sso_user_superuser ON sso_user (is_superuser);

CREATE TABLE sso_client (
    id                          BIGINT AUTO_INCREMENT PRIMARY KEY,
    client_id                   VARCHAR(100)  NOT NULL,
    name                        VARCHAR(200)  NOT NULL,
    secret_hash                 VARCHAR(255),
    secret_updated_at           DATETIME(6),
    redirect_uris               VARCHAR(4000) NOT NULL,
    post_logout_redirect_uris   VARCHAR(4000) NOT NULL,
    backchannel_logout_uri      VARCHAR(1000),
    grant_types                 VARCHAR(200)  NOT NULL,
    scopes                      VARCHAR(1000) NOT NULL,
    policy_active               BOOLEAN       NOT NULL,
    allow_all_authenticated     BOOLEAN       NOT NULL,
    require_pkce                BOOLEAN       NOT NULL,
    require_consent             BOOLEAN       NOT NULL,
    require_https_redirects     BOOLEAN       NOT NULL,
    allow_localhost_redirects   BOOLEAN       NOT NULL,
    access_token_ttl_seconds    INT           NOT NULL,
    refresh_token_ttl_seconds   INT           NOT NULL,
    created_at                  DATETIME(6)   NOT NULL,
    updated_at                  DATETIME(6)   NOT NULL,
    version                     BIGINT        NOT NULL,
    CONSTRAINT uk_sso_client_client_id UNIQUE (client_id)
);

CREATE TABLE sso_membership (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    client_id   BIGINT       NOT NULL,
    user_id     BIGINT       NOT NULL,
    role        VARCHAR(10)  NOT NULL,
    active      BOOLEAN      NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    CONSTRAINT uk_sso_membership UNIQUE (client_id, user_id),
    CONSTRAINT fk_sso_membership_client FOREIGN KEY (client_id) REFERENCES sso_client (id) ON DELETE CASCADE,
    CONSTRAINT fk_sso_membership_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);
CREATE INDEX ix_sso_membership_user ON sso_membership (user_id);

-- One row per grant (login at a client, or client_credentials). The serialized authorization
-- (tokens included) is encrypted with the master key; tokens are found through
-- oauth2_authorization_token by an equality on the SHA-256 of their value.
CREATE TABLE oauth2_authorization (
    id                      VARCHAR(100)  NOT NULL PRIMARY KEY,
    registered_client_id    VARCHAR(100)  NOT NULL,
    principal_name          VARCHAR(200)  NOT NULL,
    grant_type              VARCHAR(100)  NOT NULL,
    payload                 LONGBLOB      NOT NULL,
    created_at              DATETIME(6)   NOT NULL,
    updated_at              DATETIME(6)   NOT NULL,
    expires_at              DATETIME(6)   NOT NULL
);
CREATE INDEX ix_oauth2_authorization_expires ON oauth2_authorization (expires_at);
CREATE INDEX ix_oauth2_authorization_principal ON oauth2_authorization (principal_name, registered_client_id);

CREATE TABLE oauth2_authorization_token (
    token_hash          CHAR(64)      NOT NULL PRIMARY KEY,
    authorization_id    VARCHAR(100)  NOT NULL,
    token_type          VARCHAR(40)   NOT NULL,
    CONSTRAINT fk_oauth2_token_authorization FOREIGN KEY (authorization_id)
        REFERENCES oauth2_authorization (id) ON DELETE CASCADE
);
CREATE INDEX ix_oauth2_token_authorization ON oauth2_authorization_token (authorization_id);

CREATE TABLE oauth2_authorization_consent (
    registered_client_id    VARCHAR(100)  NOT NULL,
    principal_name          VARCHAR(200)  NOT NULL,
    authorities             VARCHAR(1000) NOT NULL,
    updated_at              DATETIME(6)   NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

CREATE TABLE sso_signing_key (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    kid             VARCHAR(64)   NOT NULL,
    algorithm       VARCHAR(10)   NOT NULL,
    public_jwk      VARCHAR(4000) NOT NULL,
    private_key     LONGBLOB      NOT NULL,
    status          VARCHAR(10)   NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    retired_at      DATETIME(6),
    expires_at      DATETIME(6),
    CONSTRAINT uk_sso_signing_key_kid UNIQUE (kid)
);

CREATE TABLE sso_audit_event (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    created_at  DATETIME(6)   NOT NULL,
    event_type  VARCHAR(64)   NOT NULL,
    user_uuid   CHAR(36),
    username    VARCHAR(150),
    client_id   VARCHAR(100),
    ip_address  VARCHAR(64),
    user_agent  VARCHAR(512),
    reason      VARCHAR(100),
    detail      VARCHAR(2000)
);
CREATE INDEX ix_sso_audit_created ON sso_audit_event (created_at);
CREATE INDEX ix_sso_audit_type ON sso_audit_event (event_type, created_at);
CREATE INDEX ix_sso_audit_user ON sso_audit_event (user_uuid, created_at);

-- Spring Session JDBC (table name set by spring.session.jdbc.table-name).
CREATE TABLE SSO_HTTP_SESSION (
    PRIMARY_ID              CHAR(36)      NOT NULL PRIMARY KEY,
    SESSION_ID              CHAR(36)      NOT NULL,
    CREATION_TIME           BIGINT        NOT NULL,
    LAST_ACCESS_TIME        BIGINT        NOT NULL,
    MAX_INACTIVE_INTERVAL   INT           NOT NULL,
    EXPIRY_TIME             BIGINT        NOT NULL,
    PRINCIPAL_NAME          VARCHAR(100),
    CONSTRAINT uk_sso_http_session_id UNIQUE (SESSION_ID)
);
CREATE INDEX ix_sso_http_session_expiry ON SSO_HTTP_SESSION (EXPIRY_TIME);
CREATE INDEX ix_sso_http_session_principal ON SSO_HTTP_SESSION (PRINCIPAL_NAME);

CREATE TABLE SSO_HTTP_SESSION_ATTRIBUTES (
    SESSION_PRIMARY_ID  CHAR(36)      NOT NULL,
    ATTRIBUTE_NAME      VARCHAR(200)  NOT NULL,
    ATTRIBUTE_BYTES     LONGBLOB      NOT NULL,
    PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
    CONSTRAINT fk_SSO_HTTP_SESSION_ATTRIBUTES FOREIGN KEY (SESSION_PRIMARY_ID)
        REFERENCES SSO_HTTP_SESSION (PRIMARY_ID) ON DELETE CASCADE
);
