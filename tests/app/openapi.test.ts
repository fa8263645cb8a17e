// The JSON API's contract (src/app/api-contract.ts, issue #16 finding 19): /openapi.json
// is served and names every route; what the routes really answer over the bundled
// report parses with the declared response schemas (so the contract cannot drift
// from the code); docs/api.md lists exactly the declared routes and parameters.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AskResponseBody,
  CommitmentsResponseBody,
  FeedbackResponseBody,
  FiguresResponseBody,
  SearchResponseBody,
  StatusResponseBody,
  SuggestResponseBody,
  apiContract,
} from '../../src/app/api-contract.js';
import { SqliteQueryLog } from '../../src/adapters/node/query-log.js';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPO_ROOT, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;
beforeAll(async () => {
  ctx = await setupCorpusApp();
});
afterAll(() => ctx?.cleanup());

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[]; responses: Record<string, unknown> }>>;
}

const getJson = async (path: string, init?: RequestInit) => {
  const res = await ctx.app.request(path, init);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('GET /openapi.json', () => {
  it('serves an OpenAPI 3.1 document with every JSON route, its parameters and its error answers', async () => {
    const { status, body } = await getJson('/openapi.json');
    expect(status).toBe(200);
    const doc = body as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/ask', '/api/commitments', '/api/feedback', '/api/figures', '/api/search', '/api/status', '/api/suggest']);
    const search = doc.paths['/api/search'].get;
    expect(search.parameters?.map((p) => p.name)).toEqual(['q', 'limit', 'offset', 'type', 'year', 'region', 'doc', 'lang']);
    expect(search.parameters?.find((p) => p.name === 'q')?.required).toBe(true);
    expect(Object.keys(search.responses)).toEqual(expect.arrayContaining(['200', '400', '429', '503']));
    expect(Object.keys(doc.paths['/api/feedback'].post.responses)).toEqual(expect.arrayContaining(['200', '403', '409', '415']));
  });
});

describe('the routes answer what the contract declares', () => {
  const q = (text: string) => encodeURIComponent(text);

  it('/api/search, /api/ask (answered and refused), /api/suggest, /api/status', async () => {
    for (const path of [`/api/search?q=${q('行政复议')}`, `/api/search?q=${q('行政复议')}&lang=zh-TW&limit=3&offset=2&year=2021&type=报告`]) {
      const { status, body } = await getJson(path);
      expect(status, path).toBe(200);
      expect(() => SearchResponseBody.parse(body), path).not.toThrow();
    }
    for (const question of ['市政府办结了多少件行政复议申请？', '阳江市的地铁票价是多少？']) {
      const { status, body } = await getJson(`/api/ask?q=${q(question)}`);
      expect(status).toBe(200);
      expect(() => AskResponseBody.parse(body), question).not.toThrow();
    }
    const answered = AskResponseBody.parse((await getJson(`/api/ask?q=${q('市政府办结了多少件行政复议申请？')}`)).body);
    expect(answered.answer).not.toBeNull();
    const suggested = (await getJson(`/api/suggest?q=${q('行政')}`)).body;
    expect(() => SuggestResponseBody.parse(suggested)).not.toThrow();
    const loaded = (await getJson('/api/status')).body;
    expect(() => StatusResponseBody.parse(loaded)).not.toThrow();
  });

  it('/api/commitments and /api/figures, with one figure selected', async () => {
    const commitments = CommitmentsResponseBody.parse((await getJson('/api/commitments?limit=5')).body);
    expect(commitments.commitments.length).toBeGreaterThan(0);
    const figures = FiguresResponseBody.parse((await getJson('/api/figures?limit=5')).body);
    expect(figures.figures.length).toBeGreaterThan(0);
    const one = FiguresResponseBody.parse((await getJson(`/api/figures?id=${encodeURIComponent(figures.figures[0].id)}`)).body);
    expect(one.figure?.id).toBe(figures.figures[0].id);
  });

  it('/api/feedback, on an app with a question log', async () => {
    const log = new SqliteQueryLog(join(ctx.dir, 'openapi-log.sqlite'));
    try {
      const app = createApp({ service: () => ctx.service, settings: DEFAULT_SETTINGS, queryLog: log });
      const asked = AskResponseBody.parse(await (await app.request(`/api/ask?q=${q('行政复议纠错率是多少？')}`)).json());
      expect(asked.id).toMatch(/^[0-9a-f]{24}$/);
      const res = await app.request('/api/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: asked.id, useful: true }),
      });
      expect(res.status).toBe(200);
      const body: unknown = await res.json();
      expect(() => FeedbackResponseBody.parse(body)).not.toThrow();
    } finally {
      log.close();
    }
  });

  it('a bad body on /api/feedback is a 400 naming the field', async () => {
    const { status, body } = await getJson('/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: '0123456789abcdef01234567', useful: 'yes' }),
    });
    expect(status).toBe(400);
    expect(body).toEqual({ error: expect.stringMatching(/^feedback: useful must be true or false/) });
  });

  it('bad values on the staff API are 400s naming the parameter', async () => {
    for (const [path, message] of [
      ['/api/commitments?limit=51', /^query: limit must be at most 50/],
      ['/api/commitments?target=soon', /^query: target must be a year like 2026/],
      ['/api/figures?year=last', /^query: year must be a year like 2021/],
      ['/api/figures?offset=x', /^query: offset must be a whole number/],
    ] as const) {
      const { status, body } = await getJson(path);
      expect(status, path).toBe(400);
      expect((body as { error: string }).error, path).toMatch(message);
    }
  });
});

describe('docs/api.md', () => {
  const docs = readFileSync(join(REPO_ROOT, 'docs', 'api.md'), 'utf8');
  const contract = apiContract(DEFAULT_SETTINGS);

  it('has a section for every declared route, with exactly its declared query parameters', () => {
    for (const route of Object.values(contract)) {
      const heading = `### \`${route.method.toUpperCase()} ${route.path}\``;
      expect(docs, heading).toContain(heading);
      const request = 'request' in route ? (route.request as { query?: { shape: Record<string, unknown> } }) : undefined;
      const query = request?.query;
      if (!query) continue;
      const declared = Object.keys(query.shape);
      // The section's first line of parameters: `?q=&limit=…`.
      const section = docs.slice(docs.indexOf(heading) + heading.length);
      const line = /`\?([^`]*)`/.exec(section.slice(0, section.indexOf('\n#')))?.[1] ?? '';
      expect(line.split('&').map((p) => p.replace(/=.*$/, '')), route.path).toEqual(declared);
    }
  });

  it('names no /api route the contract does not declare', () => {
    const declared = new Set<string>(Object.values(contract).map((r) => r.path));
    for (const [, path] of docs.matchAll(/`(?:GET|POST) (\/api\/[a-z]+)/g)) expect(declared.has(path), path).toBe(true);
  });
});
