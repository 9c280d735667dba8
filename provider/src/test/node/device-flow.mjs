// The device authorization grant (RFC 8628) as openid-client does it: the device asks for codes
// and polls (waiting the interval, slowing down when told), the person opens the link, signs in
// and allows on /device; the device gets validated tokens with the role. A second request the
// person denies ends the polling with access_denied.
//
// Environment (set by OpenIdClientAcceptanceTests): SSO_ISSUER, SSO_CLIENT_ID, SSO_CLIENT_SECRET,
// SSO_USERNAME, SSO_PASSWORD, SSO_EXPECTED_SUB, SSO_EXPECTED_ROLE.
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { Browser, BrowserError, env, forms } from './lib/browser.mjs';

const issuer = env('SSO_ISSUER');
const clientId = env('SSO_CLIENT_ID');
const expectedSub = env('SSO_EXPECTED_SUB');
const expectedRole = env('SSO_EXPECTED_ROLE');
const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';

const config = await client.discovery(new URL(issuer), clientId, undefined,
  client.ClientSecretBasic(env('SSO_CLIENT_SECRET')), { execute: [client.allowInsecureRequests] });
const metadata = config.serverMetadata();
assert.equal(metadata.device_authorization_endpoint, `${issuer}/device_authorization`);
assert.ok(metadata.grant_types_supported?.includes(deviceGrant), 'the device grant advertised');

// The device's request; the person's part on another "screen".
const device = await client.initiateDeviceAuthorization(config, { scope: 'openid profile' });
assert.match(device.user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
assert.equal(device.verification_uri, `${new URL(issuer).origin}/device`);
assert.equal(device.verification_uri_complete, `${device.verification_uri}?user_code=${device.user_code}`);
assert.ok(device.expires_in > 0, 'expires_in');

const polling = client.pollDeviceAuthorizationGrant(config, device);
const browser = new Browser();
await decide(browser, device.verification_uri_complete, 'approve', true);
const tokens = await polling;

const claims = tokens.claims();
assert.equal(claims.iss, issuer);
assert.equal(claims.sub, expectedSub);
assert.deepEqual([claims.aud].flat(), [clientId]);
assert.equal(claims.microsys_sso_role, expectedRole);
assert.ok(claims.auth_time, 'auth_time of the approving sign-in');
const accessClaims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString('utf8'));
assert.equal(accessClaims.sub, expectedSub);
assert.equal(accessClaims.microsys_sso_role, expectedRole);
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
assert.equal(userinfo.microsys_sso_role, expectedRole);

// A second device; this time the person (already signed in) denies.
const denied = await client.initiateDeviceAuthorization(config, { scope: 'profile' });
const deniedPolling = client.pollDeviceAuthorizationGrant(config, denied);
await decide(browser, denied.verification_uri_complete, 'deny', false);
await assert.rejects(deniedPolling, (error) => error.error === 'access_denied',
  'a denied request ends the polling with access_denied');

console.log(`device flow ok: role ${expectedRole}, ID token validated, denial answered access_denied`);

/** The person opens the link, signs in when asked, and allows or denies on the confirmation page. */
async function decide(person, link, decision, signIn) {
  let { url, response } = await person.follow(link);
  let html = await response.text();
  if (signIn) {
    const login = forms(html, url).find((form) => form.inputs.some((input) => input.type === 'password'));
    assert.ok(login, `the sign-in page first, got ${new URL(url).pathname}`);
    ({ url, response } = await person.submit(login, { username: env('SSO_USERNAME'), password: env('SSO_PASSWORD') }));
    html = await response.text();
  }
  assert.equal(new URL(url).pathname, '/device');
  const form = forms(html, url).find((candidate) => candidate.inputs.some(
    (input) => input.name === 'decision' && input.value === decision));
  if (!form) throw new BrowserError(`no ${decision} form at ${url}: ${html.replace(/<[^>]+>/g, ' ').slice(0, 400)}`);
  ({ response } = await person.submit(form, {}));
  const done = await response.text();
  assert.match(done, new RegExp(`data-outcome="${decision === 'approve' ? 'approved' : 'denied'}"`));
}
