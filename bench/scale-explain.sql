-- The query plans of the provider's frequent statements on the tables bench/scale-load.sh fills,
-- with values taken from the loaded rows. Run after a load:
--   mariadb --no-defaults --socket=… --user=root --table provider < bench/scale-explain.sql
-- Every plan should use a key (type const, eq_ref or ref/range on an index); "ALL" or "index" in
-- the type column is a full scan. The statements are those the provider sends (taken from the
-- server's general log during a login, a code exchange, a refresh, userinfo and client
-- credentials), with the same columns and conditions.

SELECT id, uuid, username_key INTO @user_pk, @user_uuid, @username_key FROM sso_user
  WHERE username_key = 'scale-user-00000042';
SELECT id INTO @client_pk FROM sso_client WHERE client_id = 'bench';
SELECT a.id, a.session_id_hash, t.token_hash INTO @grant_id, @session, @token
  FROM oauth2_authorization a JOIN oauth2_authorization_token t ON t.authorization_id = a.id
  WHERE a.principal_name = @user_uuid AND t.token_type = 'access_token' LIMIT 1;

SELECT 'login: the person by username' AS statement;
EXPLAIN SELECT * FROM sso_user su1_0 WHERE su1_0.username_key = @username_key;

SELECT 'login: last sign-in time' AS statement;
EXPLAIN UPDATE sso_user su1_0 SET last_login_at = NOW(6) WHERE su1_0.uuid = @user_uuid;

SELECT 'authorization request and userinfo: the access decision (app, person, membership)' AS statement;
EXPLAIN SELECT sc1_0.*, su1_0.*, m1_0.* FROM sso_client sc1_0 JOIN sso_user su1_0 ON su1_0.uuid = @user_uuid
  LEFT JOIN sso_membership m1_0 ON m1_0.client_id = sc1_0.id AND m1_0.user_id = su1_0.id
  WHERE sc1_0.client_id = 'bench';
EXPLAIN SELECT sc1_0.*, su1_0.*, m1_0.* FROM sso_client sc1_0 JOIN sso_user su1_0 ON su1_0.uuid = @user_uuid
  LEFT JOIN sso_membership m1_0 ON m1_0.client_id = sc1_0.id AND m1_0.user_id = su1_0.id
  WHERE sc1_0.id = @client_pk;

SELECT 'userinfo, refresh, code exchange: the grant by token hash' AS statement;
EXPLAIN SELECT t.authorization_id, t.token_type, t.rotated_at, a.payload, a.version
  FROM oauth2_authorization_token t JOIN oauth2_authorization a ON a.id = t.authorization_id
  WHERE t.token_hash = @token;

SELECT 'saving a grant: its row, its index rows, its session' AS statement;
EXPLAIN SELECT payload, version FROM oauth2_authorization WHERE id = @grant_id;
EXPLAIN UPDATE oauth2_authorization SET updated_at = NOW(6), version = version + 1 WHERE id = @grant_id AND version = 1;
EXPLAIN SELECT token_hash, token_type FROM oauth2_authorization_token WHERE authorization_id = @grant_id;
EXPLAIN UPDATE oauth2_authorization_token SET token_type = 'rotated_refresh_token', rotated_at = NOW(6) WHERE token_hash = @token;
EXPLAIN DELETE FROM oauth2_authorization_token WHERE token_hash = @token;
EXPLAIN UPDATE sso_session_client SET user_uuid = @user_uuid, updated_at = NOW(6)
  WHERE session_id_hash = @session AND client_id = @client_pk;

SELECT 'the purge of expired grants, and of old sessions'' apps' AS statement;
EXPLAIN DELETE FROM oauth2_authorization WHERE expires_at < NOW(6) - INTERVAL 1 HOUR LIMIT 500;
EXPLAIN DELETE FROM sso_session_client WHERE updated_at < NOW(6) - INTERVAL 30 DAY;

SELECT 'a session ends: its apps and its grants' AS statement;
EXPLAIN SELECT c.client_id, c.backchannel_logout_uri, s.user_uuid FROM sso_session_client s
  JOIN sso_client c ON c.id = s.client_id WHERE s.session_id_hash = @session;
EXPLAIN DELETE FROM oauth2_authorization WHERE session_id_hash = @session;

SELECT 'a person''s trusted browsers forgotten' AS statement;
EXPLAIN SELECT id FROM sso_user WHERE uuid = @user_uuid;
EXPLAIN DELETE FROM sso_trusted_browser WHERE user_id = (SELECT id FROM sso_user WHERE uuid = @user_uuid LIMIT 1);

SELECT 'registration queue (admin console): newest sign-ups waiting, one page and its count' AS statement;
EXPLAIN SELECT * FROM sso_user u WHERE u.origin = 'SIGNUP' AND u.status IN ('PENDING_APPROVAL', 'UNVERIFIED')
  ORDER BY u.created_at DESC, u.id DESC LIMIT 20;
EXPLAIN SELECT COUNT(u.id) FROM sso_user u WHERE u.origin = 'SIGNUP' AND u.status IN ('PENDING_APPROVAL', 'UNVERIFIED');
EXPLAIN SELECT uuid, username FROM sso_user WHERE origin = 'SIGNUP' AND status = 'UNVERIFIED'
  AND updated_at < NOW(6) - INTERVAL 7 DAY ORDER BY updated_at LIMIT 500;

SELECT 'audit: the newest events of one type (used by the tests; no page of the provider lists events yet)' AS statement;
EXPLAIN SELECT * FROM sso_audit_event WHERE event_type = 'LOGIN_FAILURE' ORDER BY id DESC LIMIT 50;
