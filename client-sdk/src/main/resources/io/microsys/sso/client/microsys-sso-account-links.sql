-- Links a provider identity (issuer, sub) to a local account id. Portable: H2, MySQL, MariaDB, PostgreSQL.
CREATE TABLE microsys_sso_account_link (
    issuer      VARCHAR(255) NOT NULL,
    subject     VARCHAR(255) NOT NULL,
    local_id    VARCHAR(64)  NOT NULL,
    PRIMARY KEY (issuer, subject)
);
