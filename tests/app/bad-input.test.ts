// Bad and hostile input on the real app: empty/missing/over-long queries get 400s, hostile strings never cause 5xx, broken JSON or unescaped HTML, and path tricks on /doc are 404s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResponse, SearchResponse } from '../../src/service.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;

beforeAll(async () => {
  ctx = await setupCorpusApp();
});

afterAll(() => ctx?.cleanup());

const API = ['/api/search', '/api/ask'] as const;
const PAGES = ['/search', '/ask'] as const;
const ENDPOINTS = [...API, ...PAGES];

const CONTROL_CHARS = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');

/** Hostile query strings, sent percent-encoded (or, for lone surrogates, as the URL parser encodes them). */
const HOSTILE: string[] = [
  '<script>alert(1)</script>',
  '行政复议<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE passages; --",
  '" OR NEAR( * ^ -',
  '.*+?^${}()|[]\\',
  '(?:a+)+$',
  '😀🇨🇳👍🏽 法治',
  '😀',
  CONTROL_CHARS + '行政复议',
  '行政\u0000复议\u001f',
  '\u202e行政复议\u202d',
  '\ud800',
  '\udc00行政复议',
  '行政\ud83d复议',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'file:///etc/passwd',
  '__proto__',
  'constructor',
  'hasOwnProperty toString valueOf',
  '%',
  '&q=second',
  'a'.repeat(500),
  '行'.repeat(500),
  'x'.repeat(499) + '😀',
  'Supercalifragilisticexpialidocious'.repeat(14),
  '1'.repeat(400),
  '2021年'.repeat(100),
  '多少'.repeat(250),
];

/** Strings placed in the URL exactly as written: invalid or unusual percent-encoding. */
const RAW: string[] = ['%E0%A4%A', '%ZZ', '%', '%%', 'a%2', '%ED%A0%80', '%C0%AF', '%FF%FE', '%00', '%E8%A1%8C%E6%94%BF%ZZ', '+%2B+'];

function encodeQuery(q: string): string {
  try {
    return encodeURIComponent(q);
  } catch {
    return q; // lone surrogates: let the URL parser deal with them, as a browser would
  }
}

async function request(path: string) {
  const res = await ctx.app.request(path);
  return { res, body: await res.text() };
}

function expectApiJson(path: string, status: number, body: string) {
  let json: unknown;
  expect(() => (json = JSON.parse(body)), path).not.toThrow();
  expect(json, path).toBeTypeOf('object');
  const obj = json as Record<string, unknown>;
  if (status === 400) {
    expect(typeof obj.error, path).toBe('string');
    expect((obj.error as string).startsWith('query:'), path).toBe(true);
  } else {
    expect(status, path).toBe(200);
    const echoed = path.startsWith('/api/search') ? obj.query : obj.question;
    expect(typeof echoed, path).toBe('string');
    const list = path.startsWith('/api/search') ? obj.results : obj.citations;
    expect(Array.isArray(list), path).toBe(true);
  }
}

function expectSafeHtml(path: string, body: string) {
  expect(body, path).not.toMatch(/<script>alert/i);
  expect(body, path).not.toMatch(/<img src=x/i);
  expect(body, path).not.toMatch(/\bat [\w.]+ \(.*:\d+:\d+\)/); // no stack traces
}

describe('empty, blank and missing queries', () => {
  const blanks: [string, string][] = [
    ['empty q', '?q='],
    ['whitespace-only q', `?q=${encodeURIComponent('   \t ')}`],
    ['ideographic spaces', `?q=${encodeURIComponent('\u3000\u3000')}`],
    ['zero-width only', `?q=${encodeURIComponent('\u200b\ufeff')}`],
    ['control characters only', `?q=${encodeURIComponent(CONTROL_CHARS)}`],
    ['missing q', ''],
    ['other parameter only', '?x=1'],
  ];

  for (const [name, query] of blanks) {
    it(`${name}: API answers 400 JSON {error: "query: …"}`, async () => {
      for (const path of API) {
        const { res, body } = await request(path + query);
        expect(res.status, path).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        const json = JSON.parse(body) as { error: string };
        expect(Object.keys(json)).toEqual(['error']);
        expect(json.error.startsWith('query:')).toBe(true);
      }
    });

    it(`${name}: pages answer 400 with a friendly HTML page`, async () => {
      for (const path of PAGES) {
        const { res, body } = await request(path + query);
        expect(res.status, path).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(body.startsWith('<!doctype html>')).toBe(true);
        expect(body).toContain('请输入问题或关键词');
        expect(body).toContain('role="alert"');
        expectSafeHtml(path, body);
      }
    });
  }

  it('a blank htmx request gets the error as a fragment', async () => {
    const res = await ctx.app.request('/ask?q=', { headers: { 'HX-Request': 'true' } });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body.startsWith('<section id="results" class="error"')).toBe(true);
    expect(body).not.toContain('<html');
  });
});

describe('query length', () => {
  it('accepts exactly 500 characters, counted as characters not UTF-16 units', async () => {
    for (const q of ['a'.repeat(500), '行'.repeat(500), '😀'.repeat(250) + '行'.repeat(250)]) {
      for (const path of API) {
        const { res } = await request(`${path}?q=${encodeURIComponent(q)}`);
        expect(res.status, `${path} ${q.slice(0, 5)}`).toBe(200);
      }
    }
  });

  it('refuses over 500 characters with 400 on every endpoint', async () => {
    for (const q of ['x'.repeat(501), '行政复议'.repeat(126), 'a '.repeat(400) + 'b'.repeat(300)]) {
      for (const path of API) {
        const { res, body } = await request(`${path}?q=${encodeURIComponent(q)}`);
        expect(res.status, path).toBe(400);
        const { error } = JSON.parse(body) as { error: string };
        expect(error.startsWith('query:')).toBe(true);
        expect(error).toContain('500');
      }
      for (const path of PAGES) {
        const { res, body } = await request(`${path}?q=${encodeURIComponent(q)}`);
        expect(res.status, path).toBe(400);
        expect(body).toContain('问题太长了');
      }
    }
  });

  it('trims before counting: 500 characters plus surrounding spaces is fine', async () => {
    const { res } = await request(`/api/search?q=${encodeURIComponent('  ' + 'a'.repeat(500) + '  ')}`);
    expect(res.status).toBe(200);
  });
});

describe('hostile query strings', () => {
  it('never cause a 5xx; the API always returns parseable JSON', async () => {
    for (const q of [...HOSTILE.map(encodeQuery), ...RAW]) {
      for (const path of API) {
        const url = `${path}?q=${q}`;
        const { res, body } = await request(url);
        expect(res.status, url).toBeLessThan(500);
        expect([200, 400], url).toContain(res.status);
        expect(res.headers.get('content-type'), url).toMatch(/^application\/json/);
        expectApiJson(url, res.status, body);
      }
    }
  });

  it('never cause a 5xx on the HTML pages, full or fragment, and never echo markup unescaped', async () => {
    for (const q of [...HOSTILE.map(encodeQuery), ...RAW]) {
      for (const path of PAGES) {
        for (const headers of [{}, { 'HX-Request': 'true' }] as Record<string, string>[]) {
          const url = `${path}?q=${q}`;
          const res = await ctx.app.request(url, { headers });
          const body = await res.text();
          expect(res.status, url).toBeLessThan(500);
          expect([200, 400], url).toContain(res.status);
          expect(res.headers.get('content-type'), url).toMatch(/^text\/html/);
          expectSafeHtml(url, body);
        }
      }
    }
  });

  it('shows a script-tag query escaped, in the heading, title and search box', async () => {
    for (const path of PAGES) {
      const { res, body } = await request(`${path}?q=${encodeURIComponent('行政复议<script>alert(1)</script>')}`);
      expect(res.status).toBe(200);
      expect(body).not.toContain('<script>alert(1)</script>');
      expect(body).toContain('行政复议&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(body).toMatch(/<title>[^<]*&lt;script&gt;alert\(1\)&lt;\/script&gt;[^<]*<\/title>/);
      expect(body).toContain('value="行政复议&lt;script&gt;alert(1)&lt;/script&gt;"');
    }
  });

  it('keeps an attribute-breaking query inside the value attribute', async () => {
    const { body } = await request(`/ask?q=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`);
    expect(body).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(body).not.toContain('<img');
  });

  it('echoes the API query as a JSON string, markup untouched but harmless', async () => {
    const { body } = await request(`/api/ask?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    const json = JSON.parse(body) as AskResponse;
    expect(json.question).toBe('<script>alert(1)</script>');
  });

  it('drops control characters and lone surrogates before searching', async () => {
    const clean = JSON.parse((await request(`/api/search?q=${encodeURIComponent('行政复议')}`)).body) as SearchResponse;
    for (const q of ['行政\u0000复议\u001f', '\udc00行政复议']) {
      const { res, body } = await request(`/api/search?q=${encodeQuery(q)}`);
      expect(res.status).toBe(200);
      const json = JSON.parse(body) as SearchResponse;
      expect(json.query).not.toMatch(/[\u0000-\u0008\u000b-\u001f\ud800-\udfff]/);
      expect(json.results.length).toBeGreaterThan(0);
      expect(json.results[0].id).toBe(clean.results[0].id);
    }
  });

  it('lone surrogates given straight to the service are cleaned, not crashed on', () => {
    const res = ctx.service.search('行政\ud800复议\udfff');
    expect(res.query).toBe('行政复议');
    expect(res.results.length).toBeGreaterThan(0);
    expect(() => ctx.service.ask('\ud800')).toThrow(/^query:/);
    expect(() => ctx.service.search(undefined)).toThrow(/^query: missing/);
    expect(() => ctx.service.search(42)).toThrow(/^query: missing/);
  });

  it('refuses a repeated q on the API (which one was meant?) and uses the first on the pages', async () => {
    const twice = `q=${encodeURIComponent('行政复议')}&q=${encodeURIComponent('<b>')}`;
    for (const path of ['/api/search', '/api/ask']) {
      const { res, body } = await request(`${path}?${twice}`);
      expect(res.status, path).toBe(400);
      expect(JSON.parse(body), path).toEqual({ error: 'query: q must be given once' });
    }
    const { res, body } = await request(`/search?${twice}`);
    expect(res.status).toBe(200);
    expect(body).not.toContain('<b>');
  });

  it('pages stay up for silly paging values', async () => {
    for (const extra of ['&offset=-1', '&offset=abc', '&offset=99999999999', '&offset=10000', '&offset=1e3']) {
      const { res } = await request(`/search?q=${encodeURIComponent('法治')}${extra}`);
      expect(res.status, extra).toBe(200);
    }
  });
});

describe('document paths', () => {
  const tricks = [
    '/doc/..%2F..%2Fetc%2Fpasswd',
    '/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/doc/..%5C..%5Cwindows%5Cwin.ini',
    '/doc/%00',
    '/doc/%ZZ',
    `/doc/${REPORT_ID}%00`,
    `/doc/${REPORT_ID}%2F..%2F..%2Fetc%2Fpasswd`,
    `/doc/${encodeURIComponent('<script>alert(1)</script>')}`,
    '/doc/__proto__',
    '/doc/constructor',
  ];

  it('answers 404 for path tricks and unknown ids, never serving a file', async () => {
    for (const path of tricks) {
      const { res, body } = await request(path);
      expect(res.status, path).toBe(404);
      expect(body, path).toContain('未找到文件');
      expect(body, path).not.toMatch(/root:.*:0:0:/);
      expectSafeHtml(path, body);
    }
  });

  it('answers 404 for dot-segments the URL parser resolves away', async () => {
    for (const path of ['/doc/../../etc/passwd', '/doc/./../static/../etc/passwd']) {
      const { res, body } = await request(path);
      expect(res.status, path).toBe(404);
      expect(body).not.toMatch(/root:.*:0:0:/);
    }
  });

  it('still serves the real document, whatever ?hl= says', async () => {
    for (const hl of ['-1', '0', '99999999', '%ZZ', '<script>', '31.5']) {
      const { res, body } = await request(`/doc/${REPORT_ID}?hl=${hl}`);
      expect(res.status, hl).toBe(200);
      expect(body).not.toMatch(/class="[^"]*\bcited\b/);
    }
  });
});
