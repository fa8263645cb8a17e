// Staff authentication under attack (issue #16, findings 4, 5, 6 and 8), on the
// real app over the bundled report: wrong tokens are throttled per client with a
// doubling back-off and never lock out the right token (from the guesser or
// anyone else); wrong Bearer tokens count too, on /admin/* and /admin/reload; a
// weak ADMIN_TOKEN stops start-up; behind TLS (PUBLIC_URL or a trusted proxy's
// X-Forwarded-Proto) the admin cookie is Secure, HSTS is sent and the CSRF check
// takes the public origin; and signing out revokes the session on the server.
// Clients are told apart by the Node adapter's own client key (X-Forwarded-For
// with TRUSTED_PROXY semantics), as behind a proxy.
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeClientKey } from '../../src/adapters/node/client-key.js';
import { SessionRevocations, sessionValid, sessionValue } from '../../src/app/admin-auth.js';
import { createApp } from '../../src/app/create-app.js';
import { FailureThrottle, FREE_FAILURES, MAX_WAIT_SECONDS } from '../../src/app/middleware/login-throttle.js';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../src/settings.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const TOKEN = 'k7Qm-2vX9-pL4w-Zr8e-Tn3y';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' };
const A = { 'X-Forwarded-For': '203.0.113.7' };
const B = { 'X-Forwarded-For': '198.51.100.23' };
const reloaded = { passages: 1, builtAt: '2026-01-01T00:00:00.000Z', ms: 1 };

let ctx: CorpusApp;
beforeAll(async () => {
  ctx = await setupCorpusApp();
});
afterAll(() => ctx?.cleanup());

function app(settings: Partial<Settings> = {}): Hono {
  return createApp({
    service: () => ctx.service,
    settings: { ...DEFAULT_SETTINGS, ADMIN_TOKEN: TOKEN, ...settings },
    clientKey: nodeClientKey(true),
    reload: async () => reloaded,
  });
}

const login = (a: Hono, token: string, headers: Record<string, string> = {}, url = '/admin/login') =>
  a.request(url, { method: 'POST', body: `token=${encodeURIComponent(token)}`, headers: { ...FORM, ...headers } });

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0];

describe('staff lock-out (finding 4)', () => {
  it('throttles the client that sends wrong tokens, never the right token from it or anyone else', async () => {
    const a = app();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(a, `wrong-guess-${i}-xxxxxxxxxxxx`, A)).status);
    expect(statuses.slice(0, FREE_FAILURES)).toEqual(Array(FREE_FAILURES).fill(401));
    expect(statuses.slice(FREE_FAILURES)).toEqual(Array(12 - FREE_FAILURES).fill(429));
    const throttled = await login(a, 'one-more-wrong-guess-xxxxxxxx', A);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.text()).toContain('令牌不正确');
    // Another client is not throttled by A's failures: a wrong token is a plain 401 for it.
    expect((await login(a, 'wrong-from-b-xxxxxxxxxxxxxxx', B)).status).toBe(401);
    // The right token gets in from both, A included, in the middle of its back-off.
    for (const who of [A, B]) {
      const ok = await login(a, TOKEN, who);
      expect(ok.status).toBe(303);
      expect(cookieOf(ok)).toMatch(/^pqa_admin=/);
    }
    // Getting in forgets A's failures: its next wrong token is a 401 again.
    expect((await login(a, 'wrong-again-xxxxxxxxxxxxxxxx', A)).status).toBe(401);
  });

  it('doubles the wait with each further wrong token, up to a limit, and forgets a client after an hour', () => {
    let now = 1_000_000;
    const throttle = new FailureThrottle({ now: () => now });
    const waits: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 14; i++) waits.push(throttle.fail('a'));
    expect(waits.slice(0, FREE_FAILURES)).toEqual(Array(FREE_FAILURES).fill(0));
    expect(waits.slice(FREE_FAILURES, FREE_FAILURES + 6)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(Math.max(...waits)).toBe(MAX_WAIT_SECONDS);
    expect(throttle.waitFor('b')).toBe(0);
    now += 3600_000 + 1;
    expect(throttle.waitFor('a')).toBe(0);
    expect(throttle.fail('a')).toBe(0);
  });

  it('keeps a bounded table however many clients fail', () => {
    const throttle = new FailureThrottle({ maxClients: 1000 });
    for (let i = 0; i < 20_000; i++) throttle.fail(`client-${i}`);
    expect(throttle.size).toBeLessThanOrEqual(1000);
  });
});

describe('Bearer guessing (finding 5)', () => {
  it('answers 429 with Retry-After after a few wrong Bearer tokens on /admin/export and /admin/reload', async () => {
    for (const [method, path] of [
      ['GET', '/admin/export/daily.csv'],
      ['POST', '/admin/reload'],
    ]) {
      const a = app();
      const statuses: number[] = [];
      let retryAfter = 0;
      for (let i = 0; i < 20; i++) {
        const res = await a.request(path, { method, headers: { ...A, Authorization: `Bearer guess-${i}-0123456789abcdef` } });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = Number(res.headers.get('retry-after'));
      }
      expect(statuses.filter((s) => s === 401).length, path).toBe(FREE_FAILURES);
      expect(statuses.filter((s) => s === 429).length, path).toBe(20 - FREE_FAILURES);
      expect(retryAfter, path).toBeGreaterThan(0);
      // The right token still works for this client, and another client was never throttled.
      expect((await a.request(path, { method, headers: { ...B, Authorization: 'Bearer wrong-0123456789abcdef' } })).status, path).toBe(401);
      // (Without a question log the export is a 503 "unavailable" — past the gate, which is what counts here.)
      const right = await a.request(path, { method, headers: { ...A, Authorization: `Bearer ${TOKEN}` } });
      expect([200, 503], path).toContain(right.status);
      expect(await right.text(), path).not.toMatch(/unauthorized|too many/);
    }
  });

  it('counts wrong tokens on /admin and /admin/reload together, per app', async () => {
    const a = app();
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await a.request('/admin', { headers: { ...A, Authorization: `Bearer nope-${i}-0123456789abcdef` } })).status).toBe(401);
    }
    expect((await a.request('/admin/reload', { method: 'POST', headers: { ...A, Authorization: 'Bearer nope-0123456789abcdef' } })).status).toBe(429);
    // A fresh app (a restart) starts afresh.
    expect((await app().request('/admin', { headers: { ...A, Authorization: 'Bearer nope-0123456789abcdef' } })).status).toBe(401);
  });

  it('refuses a weak ADMIN_TOKEN at start-up with a clear message that does not echo it', () => {
    const weak = ['a'.repeat(16), 'Z'.repeat(40), '1234567890123456', 'abcdefghijklmnop', 'passwordpassword'];
    for (const token of weak) {
      let message = '';
      try {
        parseSettings({ ADMIN_TOKEN: token });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, token).toMatch(/^settings: ADMIN_TOKEN is too easy to guess: .*openssl rand -hex 24 \(got a value of \d+ characters\)$/);
      expect(message).not.toContain(token);
    }
    expect(() => parseSettings({ ADMIN_TOKEN: 'a'.repeat(16) })).toThrow(/only 1 different character;/);
    expect(() => parseSettings({ ADMIN_TOKEN: '1234567890123456' })).toThrow(/about \d+ bits, at least 64 needed/);
    // Random tokens (hex, base64) and a long phrase pass.
    for (const token of [TOKEN, '3f9a0c77e1b24d58a6c0e9d2', 'q2Vt9XbL0mR7yWc4PzK1', '政务问答系统管理员令牌一二三四五']) {
      expect(parseSettings({ ADMIN_TOKEN: token }).ADMIN_TOKEN).toBe(token);
    }
  });
});

describe('behind TLS (finding 6)', () => {
  const HSTS = 'max-age=31536000';

  it('sends HSTS and a Secure cookie when PUBLIC_URL is https, whatever the request URL', async () => {
    const a = app({ PUBLIC_URL: 'https://qa.example.gov.cn' });
    for (const path of ['/', `/api/ask?q=${encodeURIComponent('行政复议')}`, `/api/ask?q=${encodeURIComponent('行政复议')}`, '/admin', '/no-such-page']) {
      expect((await a.request(`http://127.0.0.1:3000${path}`)).headers.get('strict-transport-security'), path).toBe(HSTS);
    }
    const ok = await login(a, TOKEN, {}, 'http://127.0.0.1:3000/admin/login');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toMatch(/; Secure/);
    const out = await a.request('http://127.0.0.1:3000/admin/logout', { method: 'POST', headers: { ...FORM, Cookie: cookieOf(ok) } });
    expect(out.headers.get('set-cookie')).toMatch(/^pqa_admin=;.*; Secure/);
  });

  it('takes X-Forwarded-Proto from a trusted proxy only', async () => {
    const proxied = app({ TRUSTED_PROXY: true });
    const https = { 'X-Forwarded-Proto': 'https' };
    expect((await proxied.request('/', { headers: https })).headers.get('strict-transport-security')).toBe(HSTS);
    const ok = await login(proxied, TOKEN, https);
    expect(ok.headers.get('set-cookie')).toMatch(/; Secure/);
    // Plain http through the proxy, or no proxy trusted: no HSTS, no Secure.
    expect((await proxied.request('/', { headers: { 'X-Forwarded-Proto': 'http' } })).headers.get('strict-transport-security')).toBeNull();
    const direct = app();
    expect((await direct.request('/', { headers: https })).headers.get('strict-transport-security')).toBeNull();
    expect((await login(direct, TOKEN, https)).headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('checks form posts against the public origin, not the request URL', async () => {
    const a = app({ PUBLIC_URL: 'https://qa.example.gov.cn/portal' });
    const post = (origin: string, path = '/admin/login') =>
      a.request(`http://10.0.0.5:3000${path}`, {
        method: 'POST',
        body: `token=${encodeURIComponent(TOKEN)}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      });
    expect((await post('https://qa.example.gov.cn')).status).toBe(303);
    expect((await post('https://evil.example.com')).status).toBe(403);
    // The request URL's own origin is not the public one.
    expect((await post('http://10.0.0.5:3000')).status).toBe(403);
    expect((await post('https://qa.example.gov.cn', '/feedback')).status).toBe(400);
    expect((await post('https://evil.example.com', '/feedback')).status).toBe(403);

    // Behind a trusted proxy: the forwarded scheme and host.
    const proxied = app({ TRUSTED_PROXY: true });
    const viaProxy = (origin: string) =>
      proxied.request('http://127.0.0.1:3000/admin/login', {
        method: 'POST',
        body: `token=${encodeURIComponent(TOKEN)}`,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: origin,
          'X-Forwarded-Proto': 'https',
          'X-Forwarded-Host': 'qa.example.gov.cn',
        },
      });
    expect((await viaProxy('https://qa.example.gov.cn')).status).toBe(303);
    expect((await viaProxy('http://127.0.0.1:3000')).status).toBe(403);
  });
});

describe('signing out (finding 8)', () => {
  it('revokes the session on the server: the old cookie no longer signs in', async () => {
    const a = app();
    const ok = await login(a, TOKEN);
    const cookie = cookieOf(ok);
    expect((await a.request('/admin', { headers: { Cookie: cookie } })).status).toBe(200);
    const out = await a.request('/admin/logout', { method: 'POST', headers: { ...FORM, Cookie: cookie } });
    expect(out.status).toBe(303);
    expect((await a.request('/admin', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await a.request('/admin/export/daily.csv', { headers: { Cookie: cookie } })).status).toBe(401);
    // Another session is untouched, and signing in again works.
    const again = cookieOf(await login(a, TOKEN));
    expect((await a.request('/admin', { headers: { Cookie: again } })).status).toBe(200);
  });

  it('keeps the revocation list bounded: past its size, everything issued so far is revoked at once', async () => {
    const now = Date.now();
    const revocations = new SessionRevocations(3, () => now);
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => sessionValue(TOKEN, now - 1000)));
    for (const s of sessions.slice(0, 3)) revocations.revoke(s);
    expect(revocations.size).toBe(3);
    expect(await sessionValid(sessions[0], TOKEN, now, revocations)).toBe(false);
    expect(await sessionValid(sessions[4], TOKEN, now, revocations)).toBe(true);
    revocations.revoke(sessions[3]);
    expect(revocations.size).toBe(0);
    for (const s of sessions) expect(await sessionValid(s, TOKEN, now, revocations)).toBe(false);
  });
});
