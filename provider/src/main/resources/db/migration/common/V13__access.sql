-- The console's access model: permissions (area.action, manage_scopes, manage_staff) granted to
-- people directly or through groups. A person's permissions are the union of both; the tier
-- (superuser, global, central or scoped staff) follows from is_staff, is_superuser, the scope and
-- manage_scopes, so nothing here repeats it.
CREATE TABLE sso_group (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    name                VARCHAR(150)  NOT NULL,
    name_key            VARCHAR(150)  NOT NULL,
    description         VARCHAR(500),
    created_at          DATETIME(6)   NOT NULL,
    updated_at          DATETIME(6)   NOT NULL,
    version             BIGINT        NOT NULL,
    CONSTRAINT uk_sso_group_name UNIQUE (name_key)
);

CREATE TABLE sso_group_member (
    group_id            BIGINT        NOT NULL,
    user_id             BIGINT        NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    PRIMARY KEY (group_id, user_id),
    CONSTRAINT fk_sso_group_member_group FOREIGN KEY (group_id) REFERENCES sso_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_sso_group_member_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);
CREATE INDEX ix_sso_group_member_user ON sso_group_member (user_id);

CREATE TABLE sso_group_permission (
    group_id            BIGINT        NOT NULL,
    permission          VARCHAR(40)   NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    PRIMARY KEY (group_id, permission),
    CONSTRAINT fk_sso_group_permission_group FOREIGN KEY (group_id) REFERENCES sso_group (id) ON DELETE CASCADE
);

CREATE TABLE sso_user_permission (
    user_id             BIGINT        NOT NULL,
    permission          VARCHAR(40)   NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    PRIMARY KEY (user_id, permission),
    CONSTRAINT fk_sso_user_permission_user FOREIGN KEY (user_id) REFERENCES sso_user (id) ON DELETE CASCADE
);

-- Who deactivated a person (their uuid), beside when.
ALTER TABLE sso_user ADD COLUMN deactivated_by CHAR(36);
