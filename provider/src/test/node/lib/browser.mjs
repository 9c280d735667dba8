// The person's browser in the acceptance scripts: real HTTP with a cookie jar of its own, no
// JavaScript, following redirects by hand so the script sees where it is sent. openid-client plays
// the app (it builds the authorization URL and checks what comes back); this plays the person.
//
//   import { Browser, env } from './lib/browser.mjs';
//   const browser = new Browser();
//   const callback = await browser.authorize(authorizationUrl, {
//     username, password, redirectUri });          // the URL the provider sent the browser back to
//   await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier, expectedState, expectedNonce });
import { setDefaultResultOrder } from 'node:dns';

// The test provider listens on every address, but "localhost" on ::1 first costs a failed attempt.
setDefaultResultOrder('ipv4first');

/** A variable the JUnit runner must have set; the script stops with a clear message otherwise. */
export function env(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`environment variable ${name} is not set (run through OpenIdClientAcceptanceTests)`);
  }
  return value;
}

/** Cookies of one browser: name to value, sent to every URL of the provider (one host). */
class CookieJar {
  cookies = new Map();

  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((attribute) => {
        const [key, value = ''] = attribute.trim().split('=');
        return (key.toLowerCase() === 'max-age' && Number(value) <= 0)
          || (key.toLowerCase() === 'expires' && Date.parse(value) < Date.now());
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
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

/**
 * The forms of an HTML page: action (absolute), method, and inputs ({name, type, value}), in
 * document order. Enough for the provider's pages, which are plain server-rendered forms.
 */
export function forms(html, pageUrl) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, open, body]) => {
    const form = attributes(open);
    const inputs = [...body.matchAll(/<(input|button)\b([^>]*)>/gi)].map(([, tag, rest]) => {
      const input = attributes(rest);
      return { name: input.name, type: (input.type ?? (tag.toLowerCase() === 'button' ? 'submit' : 'text')).toLowerCase(), value: input.value ?? '' };
    });
    return { action: new URL(form.action || pageUrl, pageUrl).href, method: (form.method ?? 'get').toLowerCase(), inputs };
  });
}

/** A failed step of the person's part, with where it happened and what the provider answered. */
export class BrowserError extends Error {}

/** One browser: its own cookies (so its own session at the provider). */
export class Browser {
  jar = new CookieJar();

  /** One request, no redirect followed; cookies sent and stored. */
  async request(url, init = {}) {
    const headers = { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', ...(init.headers ?? {}) };
    if (this.jar.cookies.size) headers.cookie = this.jar.header();
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.jar.store(response);
    return response;
  }

  /** GETs the URL and follows redirects while they stay away from {@code stopAt}; returns {url, response}. */
  async follow(url, { stopAt, init } = {}) {
    let response = await this.request(url, init);
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      const location = response.headers.get('location');
      if (!location) throw new BrowserError(`HTTP ${response.status} without a Location at ${url}`);
      await response.arrayBuffer();
      url = new URL(location, url).href;
      if (stopAt && url.startsWith(stopAt)) return { url, response: null };
      if (hops >= 20) throw new BrowserError(`too many redirects, last to ${url}`);
      response = await this.request(url);
    }
    return { url, response };
  }

  /** Submits a form the way a browser would: its hidden fields, then {@code values}. */
  async submit(form, values, options = {}) {
    const fields = new URLSearchParams();
    for (const input of form.inputs) {
      if (input.name && input.type === 'hidden' && !(input.name in values)) fields.append(input.name, input.value);
    }
    for (const [name, value] of Object.entries(values)) fields.append(name, value);
    return this.follow(form.action, {
      ...options,
      init: { method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    });
  }

  /**
   * Takes the browser through an authorization request: signs in on the login page when it is
   * shown (username and password, with its CSRF token), and follows redirects until the provider
   * sends the browser to {@code redirectUri}. Returns that URL (with code or error, state, iss);
   * a page instead of a redirect fails with the page's status, path and text.
   */
  async authorize(authorizationUrl, { username, password, redirectUri }) {
    let { url, response } = await this.follow(String(authorizationUrl), { stopAt: redirectUri });
    if (response === null) return new URL(url);
    let html = await response.text();
    const login = response.status === 200
      && forms(html, url).find((form) => form.inputs.some((input) => input.type === 'password'));
    if (login) {
      ({ url, response } = await this.submit(login, { username, password }, { stopAt: redirectUri }));
      if (response === null) return new URL(url);
      html = await response.text();
    }
    throw new BrowserError(`no redirect to ${redirectUri}: HTTP ${response.status} at ${new URL(url).pathname}\n`
      + html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 600));
  }
}
