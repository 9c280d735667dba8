#!/usr/bin/env node
// A small OpenID Connect client for the benchmarks: signs in through the authorization code flow
// with PKCE (S256) the way a browser and an app would, against any provider whose login page is a
// plain HTML form with a password input (this provider's and Keycloak's both are). Node 20, no
// packages: the built-in fetch and crypto, and a cookie jar of its own.
//
//   node bench/oidc-login.mjs logins ISSUER --seconds 20 --concurrency 8
//       signs in again and again (a new browser each time) for the given time and prints one JSON
//       line: logins, logins per second, errors (with the first few reasons), and the median and
//       99th percentile of the code-to-token step in milliseconds.
//   node bench/oidc-login.mjs tokens ISSUER --count 16 --field refresh_token [--out FILE]
//       signs in COUNT times and writes the chosen field of each token answer, one per line.
//
// Common options (or the environment variables in brackets): --client-id [OIDC_CLIENT_ID],
// --client-secret [OIDC_CLIENT_SECRET] (sent with client_secret_basic), --redirect-uri
// [OIDC_REDIRECT_URI], --username [OIDC_USERNAME], --password [OIDC_PASSWORD], --scope (default
// "openid profile email").
import { createHash, randomBytes } from 'node:crypto';
import { setDefaultResultOrder } from 'node:dns';
import { writeFileSync } from 'node:fs';

// The servers listen on 127.0.0.1 only; "localhost" must not be tried on ::1 first.
setDefaultResultOrder('ipv4first');

const [mode, issuer, ...rest] = process.argv.slice(2);
const options = {};
for (let i = 0; i < rest.length; i += 2) {
  if (!rest[i].startsWith('--') || rest[i + 1] === undefined) usage(`bad option ${rest[i]}`);
  options[rest[i].slice(2)] = rest[i + 1];
}
const config = {
  clientId: options['client-id'] ?? process.env.OIDC_CLIENT_ID,
  clientSecret: options['client-secret'] ?? process.env.OIDC_CLIENT_SECRET,
  redirectUri: options['redirect-uri'] ?? process.env.OIDC_REDIRECT_URI,
  username: options.username ?? process.env.OIDC_USERNAME,
  password: options.password ?? process.env.OIDC_PASSWORD,
  scope: options.scope ?? 'openid profile email',
};
if (!['logins', 'tokens'].includes(mode) || !issuer) usage('mode and issuer required');
for (const [key, value] of Object.entries(config)) if (!value) usage(`missing ${key}`);

function usage(problem) {
  console.error(`oidc-login: ${problem}\nusage: oidc-login.mjs logins|tokens ISSUER [options] (see the file's header)`);
  process.exit(2);
}

const basic = 'Basic ' + Buffer.from(
  `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString('base64');
const discovery = await (await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)).json();

/** A failed step of a login: counted as an error, its reason kept as a sample. */
class LoginError extends Error {}

/** Cookies of one browser: name to value, sent to every URL of the server (all share one host). */
class CookieJar {
  constructor() { this.cookies = new Map(); }
  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => {
        const [key, value = ''] = a.trim().split('=');
        return (key.toLowerCase() === 'max-age' && Number(value) <= 0)
          || (key.toLowerCase() === 'expires' && Date.parse(value) < Date.now());
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
  header() { return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; '); }
}

async function request(jar, url, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  if (jar.cookies.size) headers.cookie = jar.header();
  let response;
  try {
    response = await fetch(url, { ...init, headers, redirect: 'manual' });
  } catch (error) {
    throw new LoginError(`${init.method ?? 'GET'} ${new URL(url).pathname}: ${error.cause?.code ?? error.message}`);
  }
  jar.store(response);
  return response;
}

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", '#x2F': '/', '#47': '/' };
const decode = (text) => text.replace(/&(#?\w+);/g, (all, name) => entities[name] ?? all);

function attributes(tag) {
  const found = {};
  for (const m of tag.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    found[m[1].toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return found;
}

/** The form with a password input: its action, and the fields a browser would send. */
function loginForm(html, pageUrl) {
  for (const [, open, body] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const inputs = [...body.matchAll(/<input\b([^>]*)>/gi)].map((m) => attributes(m[1]));
    if (!inputs.some((i) => (i.type ?? '').toLowerCase() === 'password')) continue;
    const fields = new URLSearchParams();
    let userField = null;
    let submitted = false;
    for (const input of inputs) {
      const type = (input.type ?? 'text').toLowerCase();
      if (!input.name) continue;
      if (type === 'hidden') fields.append(input.name, input.value ?? '');
      else if (type === 'password') fields.append(input.name, config.password);
      else if (['text', 'email'].includes(type) && !userField) {
        userField = input.name;
        fields.append(input.name, config.username);
      } else if (type === 'submit' && !submitted) {
        submitted = true;
        fields.append(input.name, input.value ?? '');
      }
    }
    if (!userField) throw new LoginError('the login form has no username input');
    const action = attributes(open).action;
    return { action: new URL(action || pageUrl, pageUrl).href, fields };
  }
  throw new LoginError('no form with a password input on the login page');
}

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** One complete login in a new browser; returns the token answer and the code-to-token time. */
async function login() {
  const jar = new CookieJar();
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const authorize = new URL(discovery.authorization_endpoint);
  for (const [key, value] of Object.entries({
    response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri, scope: config.scope,
    state, nonce: base64url(randomBytes(16)),
    code_challenge: base64url(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
  })) authorize.searchParams.set(key, value);

  // To the login page, following redirects.
  let url = authorize.href;
  let response;
  for (let hops = 0; ; hops++) {
    response = await request(jar, url);
    if (response.status >= 300 && response.status < 400 && hops < 10) {
      await response.arrayBuffer();
      url = new URL(response.headers.get('location'), url).href;
      continue;
    }
    break;
  }
  if (response.status !== 200) throw new LoginError(`login page: HTTP ${response.status} at ${new URL(url).pathname}`);
  const form = loginForm(await response.text(), url);

  // The password, then redirects until the app's redirect URI with the code.
  response = await request(jar, form.action, {
    method: 'POST', body: form.fields,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  let code = null;
  for (let hops = 0; hops < 10; hops++) {
    if (response.status < 300 || response.status >= 400) {
      throw new LoginError(`after the password: HTTP ${response.status} at ${new URL(url).pathname}`);
    }
    await response.arrayBuffer();
    if (!response.headers.get('location')) throw new LoginError(`HTTP ${response.status} without a Location`);
    url = new URL(response.headers.get('location'), url).href;
    if (url.startsWith(config.redirectUri)) {
      const back = new URL(url).searchParams;
      if (back.get('error')) throw new LoginError(`redirect URI: error=${back.get('error')}`);
      if (back.get('state') !== state) throw new LoginError('redirect URI: state does not match');
      code = back.get('code');
      break;
    }
    response = await request(jar, url);
  }
  if (!code) throw new LoginError('no code at the redirect URI');

  // The app's side: code and verifier for tokens.
  const started = performance.now();
  let token;
  try {
    token = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code, redirect_uri: config.redirectUri, code_verifier: verifier,
      }),
    });
  } catch (error) {
    throw new LoginError(`token: ${error.cause?.code ?? error.message}`);
  }
  const body = await token.text();
  const elapsed = performance.now() - started;
  if (token.status !== 200) throw new LoginError(`token: HTTP ${token.status} ${body.slice(0, 120)}`);
  let tokens;
  try {
    tokens = JSON.parse(body);
  } catch {
    throw new LoginError('token: the answer is not JSON');
  }
  if (!tokens.access_token) throw new LoginError('token: no access_token');
  if (config.scope.split(' ').includes('openid') && !tokens.id_token) throw new LoginError('token: no id_token');
  return { tokens, elapsed };
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

if (mode === 'logins') {
  const seconds = Number(options.seconds ?? 20);
  const concurrency = Number(options.concurrency ?? 8);
  const deadline = performance.now() + seconds * 1000;
  const times = [];
  const reasons = new Map();
  let logins = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      try {
        const { elapsed } = await login();
        logins++;
        times.push(elapsed);
      } catch (error) {
        // Anything unexpected (a page that is not HTML, an answer that is not JSON) is an error too.
        const reason = error instanceof LoginError ? error.message : `unexpected: ${error.message}`;
        errors++;
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
  }));
  const took = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const round = (v) => (v === null ? null : Math.round(v * 10) / 10);
  console.log(JSON.stringify({
    logins, errors, seconds: round(took), per_second: round(logins / took),
    code_to_token_ms: { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) },
    error_reasons: Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5)),
  }));
} else {
  const count = Number(options.count ?? 1);
  const field = options.field ?? 'refresh_token';
  const values = [];
  // CONCURRENCY at a time (default one); a failed login is tried again, up to three times as many
  // attempts as asked.
  const concurrency = Number(options.concurrency ?? 1);
  let attempts = 0;
  let lastError = null;
  while (values.length < count && attempts < count * 3) {
    const batch = Math.min(concurrency, count - values.length);
    attempts += batch;
    const results = await Promise.allSettled(Array.from({ length: batch }, login));
    for (const result of results) {
      if (result.status === 'rejected') {
        if (!(result.reason instanceof LoginError)) throw result.reason;
        lastError = result.reason.message;
      } else if (!result.value.tokens[field]) {
        lastError = `no ${field} in the token answer`;
      } else {
        values.push(result.value.tokens[field]);
      }
    }
  }
  if (values.length < count) {
    console.error(`oidc-login: ${values.length} of ${count} logins succeeded; last error: ${lastError}`);
    process.exit(1);
  }
  const text = values.join('\n') + '\n';
  if (options.out && options.out !== '-') writeFileSync(options.out, text);
  else process.stdout.write(text);
}
