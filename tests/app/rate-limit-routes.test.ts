// The per-client rate limit covers every public route that does work (issue #16,
// finding 1): the portal pages, documents, the embed, the staff pages and the
// JSON API draw on one bucket per client, so spreading requests over routes does
// not get round it; static files and /healthz are never counted. The real app
// over the bundled report, clients told apart by the connection's address as on
// the Node server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeClientKey } from '../../src/adapters/node/client-key.js';
import { nodeStaticAssets } from '../../src/adapters/node/static.js';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;

beforeAll(async () => {
  ctx = await setupCorpusApp();
});

afterAll(() => ctx?.cleanup());

/** What @hono/node-server passes as env: the socket the request came on. */
const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

/** Every public GET route that does work, with a query each would get from a visitor. */
const ROUTES = [
  '/',
  '/ask?q=' + encodeURIComponent('行政复议'),
  '/search?q=' + encodeURIComponent('行政复议'),
  '/suggest?q=' + encodeURIComponent('行政'),
  '/embed',
  `/doc/${REPORT_ID}`,
  '/figures?q=' + encodeURIComponent('纠错率'),
  '/commitments?q=' + encodeURIComponent('行政复议'),
  '/api/figures?q=' + encodeURIComponent('纠错率'),
  '/api/commitments',
  '/api/search?q=' + encodeURIComponent('行政复议'),
  '/api/ask?q=' + encodeURIComponent('行政复议'),
  '/api/suggest?q=' + encodeURIComponent('行政'),
];

function limitedApp(burst: number) {
  const settings = { ...DEFAULT_SETTINGS, RATE_LIMIT: 1, RATE_LIMIT_BURST: burst };
  return createApp({ service: () => ctx.service, settings, clientKey: nodeClientKey(false), staticAssets: nodeStaticAssets() });
}

describe('rate limit on every public route', () => {
  it('each route answers 429 with Retry-After once the client’s burst is spent', async () => {
    for (const route of ROUTES) {
      const app = limitedApp(1);
      const client = fromAddress('198.51.100.20');
      expect((await app.request(route, {}, client)).status, route).toBe(200);
      const refused = await app.request(route, {}, client);
      expect(refused.status, route).toBe(429);
      expect(Number(refused.headers.get('Retry-After')), route).toBeGreaterThanOrEqual(1);
      const body = await refused.text();
      if (route.startsWith('/api/')) expect(JSON.parse(body), route).toEqual({ error: expect.stringMatching(/^rate limit: /) });
      else expect(body, route).toContain('请求太频繁');
      // Another client has its own bucket.
      expect((await app.request(route, {}, fromAddress('198.51.100.21'))).status, route).toBe(200);
    }
  }, 60_000);

  it('shares one bucket per client across routes: spreading requests over pages does not get round it', async () => {
    const app = limitedApp(ROUTES.length);
    const client = fromAddress('203.0.113.30');
    for (const route of ROUTES) expect((await app.request(route, {}, client)).status, route).toBe(200);
    // The burst is spent on thirteen different routes; the staff pages are refused like the rest.
    for (const route of ['/figures', '/commitments', '/api/figures', '/search?q=x', '/']) {
      expect((await app.request(route, {}, client)).status, route).toBe(429);
    }
  }, 60_000);

  it('never counts static files or /healthz', async () => {
    const app = limitedApp(1);
    const client = fromAddress('203.0.113.40');
    for (let i = 0; i < 5; i++) {
      expect((await app.request('/static/style.css', {}, client)).status).toBe(200);
      expect((await app.request('/healthz', {}, client)).status).toBe(200);
    }
    expect((await app.request('/figures', {}, client)).status).toBe(200);
    expect((await app.request('/figures', {}, client)).status).toBe(429);
    expect((await app.request('/static/style.css', {}, client)).status).toBe(200);
    expect((await app.request('/healthz', {}, client)).status).toBe(200);
  });
});
