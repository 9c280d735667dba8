-- The admin API (/api/admin/v1, /scim/v2). A service account is a confidential app using client
-- credentials to which an administrator granted console permissions (area.action codes, never
-- manage_scopes or manage_staff); api_scope_id limits it to the people of one scope (null: it
-- acts as global staff). Scopes get a version for the API's ETags, as people, groups and apps have.
CREATE TABLE sso_client_permission (
    client_id           BIGINT        NOT NULL,
    permission          VARCHAR(40)   NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    PRIMARY KEY (client_id, permission),
    CONSTRAINT fk_sso_client_permission_client FOREIGN KEY (client_id) REFERENCES sso_client (id) ON DELETE CASCADE
);

ALTER TABLE sso_client ADD COLUMN api_scope_id BIGINT;
ALTER TABLE sso_client ADD CONSTRAINT fk_sso_client_api_scope FOREIGN KEY (api_scope_id) REFERENCES sso_scope (id);

ALTER TABLE sso_scope ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
