// The authorization code flow as openid-client (a certified relying party) does it: discovery,
// PKCE + state + nonce, the callback checked (RFC 9207 `iss` when advertised), the ID token
// validated, the role claim, userinfo, refresh (rotated), revocation and introspection.
//
// Environment (set by OpenIdClientAcceptanceTests): SSO_ISSUER, SSO_CLIENT_ID, SSO_CLIENT_SECRET,
// SSO_REDIRECT_URI, SSO_USERNAME, SSO_PASSWORD, SSO_EXPECTED_SUB, SSO_EXPECTED_ROLE.
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { Browser, env } from './lib/browser.mjs';

const issuer = env('SSO_ISSUER');
const clientId = env('SSO_CLIENT_ID');
const redirectUri = env('SSO_REDIRECT_URI');
const expectedSub = env('SSO_EXPECTED_SUB');
const expectedRole = env('SSO_EXPECTED_ROLE');

const config = await client.discovery(new URL(issuer), clientId, undefined,
  client.ClientSecretBasic(env('SSO_CLIENT_SECRET')), { execute: [client.allowInsecureRequests] });
const metadata = config.serverMetadata();
assert.equal(metadata.issuer, issuer);
assert.ok(metadata.code_challenge_methods_supported?.includes('S256'), 'S256 advertised');

// The app's request, the person's sign-in, the app's callback.
const codeVerifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorizationUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid profile email offline_access',
  code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
  code_challenge_method: 'S256',
  state,
  nonce,
});
const callback = await new Browser().authorize(authorizationUrl, {
  username: env('SSO_USERNAME'), password: env('SSO_PASSWORD'), redirectUri,
});
if (metadata.authorization_response_iss_parameter_supported) {
  // openid-client then refuses a callback without it; checked here too so the test says why.
  assert.equal(callback.searchParams.get('iss'), issuer, 'RFC 9207 iss in the authorization response');
}
const tokens = await client.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
});

const claims = tokens.claims();
assert.equal(claims.iss, issuer);
assert.equal(claims.sub, expectedSub);
assert.deepEqual([claims.aud].flat(), [clientId]);
assert.equal(claims.nonce, nonce);
assert.equal(claims.microsys_sso_role, expectedRole);
assert.equal(claims.microsys_sso_client_id, clientId);
assert.deepEqual(claims.microsys_sso, { role: expectedRole, client_id: clientId });
assert.equal(claims.preferred_username, env('SSO_USERNAME'));
assert.equal(tokens.token_type.toLowerCase(), 'bearer');
assert.ok(tokens.expiresIn() > 0, 'expires_in');
assert.ok(tokens.refresh_token, 'a refresh token for offline_access');
const accessClaims = jwtClaims(tokens.access_token);
assert.equal(accessClaims.sub, expectedSub);
assert.equal(accessClaims.microsys_sso_role, expectedRole);

const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
assert.equal(userinfo.microsys_sso_role, expectedRole);
assert.equal(userinfo.microsys_sso_client_id, clientId);
assert.equal(userinfo.preferred_username, env('SSO_USERNAME'));

// Refresh: a new access token with the same role, the refresh token rotated.
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
assert.notEqual(refreshed.access_token, tokens.access_token);
assert.ok(refreshed.refresh_token, 'a rotated refresh token');
assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
assert.equal(jwtClaims(refreshed.access_token).microsys_sso_role, expectedRole);
if (refreshed.id_token) assert.equal(refreshed.claims().sub, expectedSub);

// Revocation: the refresh token no longer refreshes, the access token is no longer active.
await client.tokenRevocation(config, refreshed.refresh_token);
await assert.rejects(client.refreshTokenGrant(config, refreshed.refresh_token),
  (error) => error.error === 'invalid_grant', 'a revoked refresh token is refused with invalid_grant');
await client.tokenRevocation(config, refreshed.access_token);
assert.equal((await client.tokenIntrospection(config, refreshed.access_token)).active, false);

console.log(`code flow ok: role ${expectedRole}, refresh rotated, revocation honoured`);

function jwtClaims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}
