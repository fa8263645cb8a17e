// The one error hierarchy (src/errors.ts) and the app's one error handler: each
// error class is a PolicyQaError with its status and prefixed message; a thrown
// PolicyQaError or HTTPException becomes its status, JSON on /api/* and a page
// elsewhere; anything else a generic 500 with no stack trace, logged.
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { RequestRefused, ServiceUnavailable } from '../../src/app/middleware/errors.js';
import { createApp } from '../../src/app/create-app.js';
import { KnowledgeBaseFormatError, PolicyQaError } from '../../src/errors.js';
import { HtmlTooDeepError } from '../../src/ingest/html.js';
import { DocumentReadError } from '../../src/ingest/read-document.js';
import { QueryError } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { collectingLogger } from '../helpers/log-lines.js';

describe('error hierarchy', () => {
  it('every error policy-qa throws on purpose is a PolicyQaError with a status and a prefixed message', () => {
    const cases: [PolicyQaError, string, number, string, number | undefined][] = [
      [new QueryError('empty', 'empty question; type a few words'), 'QueryError', 400, 'query: empty question; type a few words', undefined],
      [new KnowledgeBaseFormatError('kb.sqlite has format 5'), 'KnowledgeBaseFormatError', 500, 'knowledge base: kb.sqlite has format 5; re-run ingest', undefined],
      [new DocumentReadError('empty file'), 'DocumentReadError', 422, 'ingest: empty file', undefined],
      [new HtmlTooDeepError(), 'HtmlTooDeepError', 422, 'ingest: HTML nested more than 10000 elements deep; not a page this reader accepts', undefined],
      [new RequestRefused(429, 'rate limit: too many requests; try again in 3 s', 3), 'RequestRefused', 429, 'rate limit: too many requests; try again in 3 s', 3],
      [new RequestRefused(413, 'body: larger than 1024 bytes'), 'RequestRefused', 413, 'body: larger than 1024 bytes', undefined],
      [new RequestRefused(503, 'timeout: no response within 300 ms; try again', 1), 'RequestRefused', 503, 'timeout: no response within 300 ms; try again', 1],
      [new ServiceUnavailable(), 'ServiceUnavailable', 503, 'unavailable: the knowledge base is loading', 5],
    ];
    for (const [err, name, status, message, retryAfter] of cases) {
      expect(err).toBeInstanceOf(PolicyQaError);
      expect(err).toBeInstanceOf(Error);
      expect({ name: err.name, status: err.status, message: err.message, retryAfter: err.retryAfter }).toEqual({ name, status, message, retryAfter });
      expect(`${err.prefix}: ${err.detail}`).toBe(err.message);
    }
    expect(new RequestRefused(429, 'rate limit: x').prefix).toBe('rate limit');
  });
});

describe('the one error handler', () => {
  function appWithRoutes() {
    const logger = collectingLogger();
    const app = createApp({ service: () => undefined, settings: DEFAULT_SETTINGS, logger });
    for (const prefix of ['/api', '']) {
      app.get(`${prefix}/boom`, () => {
        throw new Error('secret internals at /srv/kb.sqlite');
      });
      app.get(`${prefix}/unreadable`, () => {
        throw new DocumentReadError('empty file');
      });
      app.get(`${prefix}/teapot`, () => {
        throw new HTTPException(401, { message: 'unauthorized: no', res: new Response(null, { headers: { 'Retry-After': '7' } }) });
      });
    }
    return { app, logger };
  }

  it('answers anything unexpected with a generic 500, no message or stack trace, and logs its message', async () => {
    const { app, logger } = appWithRoutes();
    const api = await app.request('/api/boom');
    expect(api.status).toBe(500);
    expect(await api.json()).toEqual({ error: 'internal: the server could not answer this request' });
    const page = await app.request('/boom');
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain('出错了');
    expect(html).not.toContain('secret internals');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    const logged = logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const errors = logged.filter((e) => e.msg === 'internal error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ level: 'error', method: 'GET', error: 'secret internals at /srv/kb.sqlite' });
    // …and the request line itself, at error.
    expect(logged.filter((e) => e.msg === 'request' && e.status === 500 && e.level === 'error')).toHaveLength(2);
  });

  it('answers a PolicyQaError or an HTTPException with its status and message, Retry-After from either', async () => {
    const { app } = appWithRoutes();
    const unreadable = await app.request('/api/unreadable');
    expect(unreadable.status).toBe(422);
    expect(await unreadable.json()).toEqual({ error: 'ingest: empty file' });
    const unreadablePage = await app.request('/unreadable');
    expect(unreadablePage.status).toBe(422);
    expect(unreadablePage.headers.get('Content-Type')).toMatch(/^text\/html/);
    const http = await app.request('/api/teapot');
    expect(http.status).toBe(401);
    expect(http.headers.get('Retry-After')).toBe('7');
    expect(await http.json()).toEqual({ error: 'unauthorized: no' });
    expect((await app.request('/teapot')).status).toBe(401);
    // While loading: 503 with Retry-After, JSON on the API and plain text on pages (the staff pages too).
    for (const path of ['/api/ask?q=x', '/api/commitments']) {
      const res = await app.request(path);
      expect([res.status, res.headers.get('Retry-After'), await res.json()]).toEqual([503, '5', { error: 'unavailable: the knowledge base is loading' }]);
    }
    for (const path of ['/', '/commitments']) {
      const res = await app.request(path);
      expect([res.status, res.headers.get('Retry-After'), await res.text()]).toEqual([503, '5', '知识库正在加载，请稍后再试。']);
    }
  });
});
