-- Grants change by compare-and-set: a save names the version it read and wins only if the row
-- still has it, so one authorization code is redeemed once and one refresh token rotated once,
-- however many requests present it at the same moment.
ALTER TABLE oauth2_authorization ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- When a refresh token was rotated: presented again within a short grace it is a client racing
-- itself (refused), later it is a replay (the whole grant is revoked).
ALTER TABLE oauth2_authorization_token ADD COLUMN rotated_at DATETIME(6) NULL;
