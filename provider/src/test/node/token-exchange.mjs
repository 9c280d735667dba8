// Token exchange (RFC 8693) as openid-client does it: a front-end app signs the person in (code
// flow with PKCE), then a back-end app trades the front end's access token for its own with
// genericGrantRequest, and gets the person's role in the back end; an app where the person has no
// membership is refused with invalid_grant.
//
// Environment (set by TokenExchangeTests): SSO_ISSUER, SSO_CLIENT_ID, SSO_CLIENT_SECRET,
// SSO_REDIRECT_URI, SSO_USERNAME, SSO_PASSWORD, SSO_EXPECTED_SUB (the front end and the person),
// SSO_EXCHANGE_CLIENT_ID, SSO_EXCHANGE_CLIENT_SECRET, SSO_EXCHANGE_EXPECTED_ROLE (the back end),
// SSO_DENIED_CLIENT_ID (an app with the grant where the person is no member; same secret).
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { Browser, env } from './lib/browser.mjs';

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const issuer = new URL(env('SSO_ISSUER'));
const redirectUri = env('SSO_REDIRECT_URI');
const options = { execute: [client.allowInsecureRequests] };

const frontEnd = await client.discovery(issuer, env('SSO_CLIENT_ID'), undefined,
  client.ClientSecretBasic(env('SSO_CLIENT_SECRET')), options);
assert.ok(frontEnd.serverMetadata().grant_types_supported?.includes(GRANT), 'discovery lists token exchange');

const codeVerifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const callback = await new Browser().authorize(client.buildAuthorizationUrl(frontEnd, {
  redirect_uri: redirectUri,
  scope: 'openid profile email',
  code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
  code_challenge_method: 'S256',
  state,
  nonce,
}), { username: env('SSO_USERNAME'), password: env('SSO_PASSWORD'), redirectUri });
const signedIn = await client.authorizationCodeGrant(frontEnd, callback, {
  pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce,
});

// The back end's exchange.
const backEndId = env('SSO_EXCHANGE_CLIENT_ID');
const backEnd = await client.discovery(issuer, backEndId, undefined,
  client.ClientSecretBasic(env('SSO_EXCHANGE_CLIENT_SECRET')), options);
const exchanged = await client.genericGrantRequest(backEnd, GRANT, {
  subject_token: signedIn.access_token,
  subject_token_type: ACCESS_TOKEN_TYPE,
  audience: backEndId,
});
assert.equal(exchanged.issued_token_type, ACCESS_TOKEN_TYPE);
assert.equal(exchanged.token_type.toLowerCase(), 'bearer');
assert.equal(exchanged.refresh_token, undefined, 'no refresh token from an exchange');
assert.equal(exchanged.id_token, undefined, 'no ID token from an exchange');
assert.notEqual(exchanged.access_token, signedIn.access_token);
const claims = JSON.parse(Buffer.from(exchanged.access_token.split('.')[1], 'base64url').toString('utf8'));
assert.equal(claims.sub, env('SSO_EXPECTED_SUB'));
assert.deepEqual([claims.aud].flat(), [backEndId]);
assert.equal(claims.microsys_sso_role, env('SSO_EXCHANGE_EXPECTED_ROLE'));
assert.equal(claims.microsys_sso_client_id, backEndId);
assert.equal(claims.act, undefined, 'impersonation: no actor');

assert.deepEqual(exchanged.scope.split(' ').sort(), ['email', 'profile'], 'what both have, never openid');
assert.equal(claims.preferred_username, env('SSO_USERNAME'));

const introspection = await client.tokenIntrospection(backEnd, exchanged.access_token);
assert.equal(introspection.active, true);
assert.equal(introspection.client_id, backEndId);
assert.equal(introspection.sub, env('SSO_EXPECTED_SUB'));

// An app where the person is no member: refused, with the OAuth error openid-client reports.
const denied = await client.discovery(issuer, env('SSO_DENIED_CLIENT_ID'), undefined,
  client.ClientSecretBasic(env('SSO_EXCHANGE_CLIENT_SECRET')), options);
await assert.rejects(client.genericGrantRequest(denied, GRANT, {
  subject_token: signedIn.access_token, subject_token_type: ACCESS_TOKEN_TYPE,
}), (error) => error.error === 'invalid_grant' && error.status === 400, 'no membership: invalid_grant');

console.log(`token exchange ok: role ${claims.microsys_sso_role} at ${backEndId}, no membership refused`);
