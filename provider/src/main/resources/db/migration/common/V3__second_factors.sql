-- Second factors. A TOTP secret is AES-GCM encrypted under the master key (bound to the user id);
-- last_used_step makes every code single use (an UPDATE ... WHERE last_used_step < ? accepts it
-- once, on whichever node). Backup codes are stored as password hashes, found by a short
-- plain prefix so that checking one costs one hash.
CREATE TABLE sso_user_totp (
    user_id             BIGINT        NOT NULL PRIMARY KEY,
    secret_box          VARBINARY(255) NOT NULL,
    confirmed_at        DATETIME(6),
    last_used_step      BIGINT        NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    CONSTRAINT fk_sso_user_totp_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);

CREATE TABLE sso_backup_code (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    user_id             BIGINT        NOT NULL,
    lookup              CHAR(4)       NOT NULL,
    code_hash           VARCHAR(255)  NOT NULL,
    used_at             DATETIME(6),
    created_at          DATETIME(6)   NOT NULL,
    CONSTRAINT fk_sso_backup_code_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);
CREATE INDEX ix_sso_backup_code_user ON sso_backup_code (user_id, lookup);
