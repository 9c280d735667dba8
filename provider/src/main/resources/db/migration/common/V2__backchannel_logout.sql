-- Back-channel logout: which connected apps each provider session signed into, so that the end of
-- the session can be told to them. Sessions are named by the hash that ID tokens carry as `sid`
-- (base64url SHA-256 of the session id), never by the session id itself.
ALTER TABLE oauth2_authorization ADD COLUMN session_id_hash VARCHAR(64) NULL;
CREATE INDEX ix_oauth2_authorization_session ON oauth2_authorization (session_id_hash);

CREATE TABLE sso_session_client (
    session_id_hash     VARCHAR(64)   NOT NULL,
    client_id           BIGINT        NOT NULL,
    user_uuid           VARCHAR(200)  NOT NULL,
    updated_at          DATETIME(6)   NOT NULL,
    PRIMARY KEY (session_id_hash, client_id),
    CONSTRAINT fk_sso_session_client_client FOREIGN KEY (client_id)
        REFERENCES sso_client (id) ON DELETE CASCADE
);
CREATE INDEX ix_sso_session_client_updated ON sso_session_client (updated_at);
