// Pushed authorization requests (RFC 9126) and DPoP (RFC 9449) as openid-client (a certified
// relying party) does them, for an app whose policy requires both: the request pushed to the
// advertised endpoint, the browser sent with only client_id and request_uri, the code exchanged
// with a DPoP proof, the access token bound to the app's key (cnf.jkt, token_type DPoP), userinfo
// called with the DPoP scheme and a proof, the refresh bound again; the same token sent as a
// bearer token is refused, and so is a plain (not pushed) request and a token request without a
// proof.
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
const credentials = { username: env('SSO_USERNAME'), password: env('SSO_PASSWORD'), redirectUri };

const config = await client.discovery(new URL(issuer), clientId, undefined,
  client.ClientSecretBasic(env('SSO_CLIENT_SECRET')), { execute: [client.allowInsecureRequests] });
const metadata = config.serverMetadata();
assert.equal(metadata.pushed_authorization_request_endpoint, `${issuer}/par`);
assert.equal(metadata.require_pushed_authorization_requests, false);
assert.ok(metadata.dpop_signing_alg_values_supported?.includes('ES256'), 'ES256 proofs advertised');

const browser = new Browser();

// A plain request from an app that must push: refused at its redirect URI.
const plain = await browser.authorize(client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri, scope: 'openid', state: client.randomState(),
  code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
  code_challenge_method: 'S256',
}), credentials);
assert.equal(plain.searchParams.get('error'), 'invalid_request', 'a plain request is refused');
assert.equal(plain.searchParams.get('code'), null);

// The pushed request.
const codeVerifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorizationUrl = await client.buildAuthorizationUrlWithPAR(config, {
  redirect_uri: redirectUri,
  scope: 'openid profile email offline_access',
  code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
  code_challenge_method: 'S256',
  state,
  nonce,
});
assert.deepEqual([...authorizationUrl.searchParams.keys()].sort(), ['client_id', 'request_uri']);
assert.match(authorizationUrl.searchParams.get('request_uri'), /^urn:ietf:params:oauth:request_uri:/);
const callback = await browser.authorize(authorizationUrl, credentials);

// The code exchanged with a proof: a token bound to the key.
const keyPair = await client.randomDPoPKeyPair('ES256');
const DPoP = client.getDPoPHandle(config, keyPair);
await assert.rejects(client.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce,
}), (error) => error.error === 'invalid_request', 'a token request without a proof is refused');
const tokens = await client.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
}, undefined, { DPoP });
assert.equal(tokens.token_type.toLowerCase(), 'dpop');
const claims = tokens.claims();
assert.equal(claims.sub, expectedSub);
assert.equal(claims.nonce, nonce);
assert.equal(claims.microsys_sso_role, expectedRole);
const accessClaims = jwtClaims(tokens.access_token);
assert.ok(accessClaims.cnf?.jkt, 'cnf.jkt in the access token');
assert.equal(accessClaims.microsys_sso_role, expectedRole);

// Userinfo with the DPoP scheme and a proof; the same token as a bearer token is refused.
const userinfo = await client.fetchUserInfo(config, tokens.access_token, expectedSub, { DPoP });
assert.equal(userinfo.microsys_sso_role, expectedRole);
const asBearer = await fetch(metadata.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
assert.equal(asBearer.status, 401);
assert.match(asBearer.headers.get('www-authenticate'), /DPoP error="invalid_token"/);

// Refresh with a proof of the same key: bound again.
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token, undefined, { DPoP });
assert.equal(refreshed.token_type.toLowerCase(), 'dpop');
assert.equal(jwtClaims(refreshed.access_token).cnf?.jkt, accessClaims.cnf.jkt);

console.log(`PAR and DPoP ok: role ${expectedRole}, token bound to ${accessClaims.cnf.jkt}`);

function jwtClaims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}
