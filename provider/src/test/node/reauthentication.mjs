// OpenID Connect Core 3.1.2.1 as a certified relying party sees it: prompt=login and max_age=0
// show the sign-in page again to a signed-in person and the new ID token's auth_time is checked
// by openid-client against max_age; prompt=none with max_age=0 is answered login_required (with
// the issuer, RFC 9207); a request object is refused with request_not_supported; ui_locales=ar
// gives the Arabic sign-in page; acr tells a password sign-in.
//
// Environment (set by OpenIdClientAcceptanceTests): SSO_ISSUER, SSO_CLIENT_ID, SSO_CLIENT_SECRET,
// SSO_REDIRECT_URI, SSO_USERNAME, SSO_PASSWORD, SSO_EXPECTED_SUB.
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { Browser, env, forms } from './lib/browser.mjs';

const issuer = env('SSO_ISSUER');
const redirectUri = env('SSO_REDIRECT_URI');
const username = env('SSO_USERNAME');
const password = env('SSO_PASSWORD');

const config = await client.discovery(new URL(issuer), env('SSO_CLIENT_ID'), undefined,
  client.ClientSecretBasic(env('SSO_CLIENT_SECRET')), { execute: [client.allowInsecureRequests] });
const metadata = config.serverMetadata();
assert.equal(metadata.authorization_response_iss_parameter_supported, true);
assert.equal(metadata.request_parameter_supported, false);
assert.deepEqual([...metadata.prompt_values_supported].sort(), ['consent', 'login', 'none', 'select_account']);
for (const claim of ['acr', 'amr', 'auth_time', 'sid', 'microsys_sso_role']) {
  assert.ok(metadata.claims_supported.includes(claim), `claims_supported lists ${claim}`);
}

/** An authorization request of the app, with its own state, nonce and PKCE. */
async function request(extra = {}) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, scope: 'openid profile', state, nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256', ...extra,
  });
  return { url, checks: { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce } };
}

/** Opens the request in the browser; returns the sign-in page's form, or the callback URL. */
async function open(browser, url) {
  const { url: at, response } = await browser.follow(String(url), { stopAt: redirectUri });
  if (response === null) return { callback: new URL(at) };
  const html = await response.text();
  const login = forms(html, at).find((form) => form.inputs.some((input) => input.type === 'password'));
  assert.ok(login, `a sign-in page, not HTTP ${response.status} at ${new URL(at).pathname}: `
    + html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 400));
  return { login, html };
}

async function signIn(browser, login) {
  const { url, response } = await browser.submit(login, { username, password }, { stopAt: redirectUri });
  assert.equal(response, null, 'the sign-in ends at the app');
  return new URL(url);
}

// A first sign-in: a password, so acr says so.
const browser = new Browser();
const first = await request();
const firstTokens = await client.authorizationCodeGrant(config, await browser.authorize(first.url,
  { username, password, redirectUri }), { ...first.checks, idTokenExpected: true });
const firstClaims = firstTokens.claims();
assert.equal(firstClaims.sub, env('SSO_EXPECTED_SUB'));
assert.equal(firstClaims.acr, 'urn:microsys:acr:pwd');
assert.ok(firstClaims.auth_time, 'auth_time');

// prompt=login: signed in, yet the sign-in page again; a later auth_time.
const login = await request({ prompt: 'login' });
const shown = await open(browser, login.url);
assert.ok(shown.login, 'prompt=login shows the sign-in page');
const loginClaims = (await client.authorizationCodeGrant(config, await signIn(browser, shown.login),
  { ...login.checks, idTokenExpected: true })).claims();
assert.equal(loginClaims.sub, firstClaims.sub);
assert.ok(loginClaims.auth_time >= firstClaims.auth_time, 'auth_time of the new sign-in');

// max_age=0: the same, and openid-client checks auth_time against it.
const fresh = await request({ max_age: '0' });
const again = await open(browser, fresh.url);
assert.ok(again.login, 'max_age=0 shows the sign-in page');
const freshClaims = (await client.authorizationCodeGrant(config, await signIn(browser, again.login),
  { ...fresh.checks, maxAge: 0, idTokenExpected: true })).claims();
assert.ok(freshClaims.auth_time, 'auth_time with max_age');

// prompt=none cannot show a page: login_required, with the issuer, checked by openid-client.
const silent = await request({ prompt: 'none', max_age: '0' });
const silentAnswer = await open(browser, silent.url);
await assert.rejects(client.authorizationCodeGrant(config, silentAnswer.callback, silent.checks),
  (error) => error.error === 'login_required', 'prompt=none with max_age=0 is login_required');

// A request object is refused, not ignored.
const withObject = await request({ request: 'eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9wZW5pZCJ9.' });
const refused = await open(browser, withObject.url);
await assert.rejects(client.authorizationCodeGrant(config, refused.callback, withObject.checks),
  (error) => error.error === 'request_not_supported', 'request_not_supported');

// ui_locales picks the page language for someone not signed in.
const arabic = await open(new Browser(), (await request({ ui_locales: 'ar' })).url);
assert.match(arabic.html, /<html[^>]*lang="ar"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="ar"/, 'Arabic sign-in page');

console.log('re-authentication ok: prompt=login, max_age=0, prompt=none login_required, request object refused, ui_locales');
