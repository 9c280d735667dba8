-- Pushed authorization requests (RFC 9126) and DPoP sender-constrained tokens (RFC 9449), each
-- off by default per app; require_* implies allow_*.
ALTER TABLE sso_client ADD COLUMN allow_par BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sso_client ADD COLUMN require_par BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sso_client ADD COLUMN allow_dpop BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sso_client ADD COLUMN require_dpop BOOLEAN DEFAULT FALSE NOT NULL;

-- DPoP proofs already seen (SHA-256 of the key's thumbprint and the proof's jti), shared by every
-- node so a proof replayed against another node is refused too; kept a little longer than a
-- proof's iat window, then purged.
CREATE TABLE sso_dpop_proof (
    proof_hash          CHAR(64)      NOT NULL PRIMARY KEY,
    expires_at          DATETIME(6)   NOT NULL
);
CREATE INDEX ix_sso_dpop_proof_expires ON sso_dpop_proof (expires_at);
