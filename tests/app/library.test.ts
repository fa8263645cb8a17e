// /admin/library through the real app (src/app/routes/library.tsx) over the Node library
// manager and the real bundled report: every route 401 without the token (nothing
// changes), multipart uploads past MAX_BODY_BYTES but within UPLOAD_MAX_BYTES, the
// CSRF check on form posts, the preview and correction pages, publish → status →
// the citizen's /api/ask answered from the new document, withdraw, a refused file,
// 409 during a rebuild, and the page on a runtime without a library (Workers).
import type { Hono } from 'hono';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/adapters/node/ingest.js';
import { openLibrary } from '../../src/adapters/node/library.js';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import { createApp } from '../../src/app/create-app.js';
import type { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings.js';
import type { LibraryManager } from '../../src/staff/library-audit.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';
import { makeDocument, PARKS_PDF, WATER_DOCX } from '../adapters/library-fixtures.js';

const TOKEN = 'library-token-7f3a9c2e51d4b8a6';
const AUTH = { Authorization: `Bearer ${TOKEN}`, 'X-Staff-Name': 'Zhao Liu', 'Sec-Fetch-Site': 'same-origin' };
const FORM = { ...AUTH, 'Content-Type': 'application/x-www-form-urlencoded' };

let dir: string;
let kbPath: string;
let service: QaService;
let library: LibraryManager;
let app: Hono;
let settings: Settings;
let docx: Buffer;
let pdf: Buffer;

function uploadBody(name: string, bytes: Uint8Array, type = 'application/octet-stream'): FormData {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(bytes)], name, { type }));
  return form;
}

const post = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => app.request(path, { method: 'POST', ...init });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-library-app-'));
  kbPath = join(dir, 'kb.sqlite');
  await runIngest({ inputs: [CORPUS_DIR], kbPath, root: REPO_ROOT });
  service = loadService(kbPath, DEFAULT_SETTINGS);
  settings = { ...DEFAULT_SETTINGS, ADMIN_TOKEN: TOKEN, KB_PATH: kbPath, CORPUS_DIR, LIBRARY_DIR: join(dir, 'library'), UPLOAD_MAX_BYTES: 300_000 };
  const reload = async () => {
    const fresh = loadService(kbPath, DEFAULT_SETTINGS);
    const old = service;
    service = fresh;
    closeService(old);
    return { passages: fresh.kb.passageCount, builtAt: fresh.kb.builtAt, ms: 1 };
  };
  library = openLibrary({ settings, reload, root: REPO_ROOT });
  app = createApp({ service: () => service, settings, reload, library });
  docx = makeDocument('docx', WATER_DOCX);
  pdf = makeDocument('pdf', PARKS_PDF);
}, 60_000);

afterAll(async () => {
  await library?.idle();
  library?.close();
  closeService(service);
  rmSync(dir, { recursive: true, force: true });
});

describe('nothing without the token', () => {
  it('answers 401 on every library route and changes nothing', async () => {
    const staged = await library.add({ name: 'water.docx', bytes: docx }, 'setup');
    const before = library.audit(100).length;
    const routes: [string, string][] = [
      ['GET', '/admin/library'],
      ['GET', '/admin/library/status'],
      ['GET', '/admin/library/audit.json'],
      ['GET', `/admin/library/doc/${staged.id}`],
      ['POST', '/admin/library/upload'],
      ['POST', `/admin/library/doc/${staged.id}/frame`],
      ['POST', `/admin/library/doc/${staged.id}/publish`],
      ['POST', `/admin/library/doc/${staged.id}/withdraw`],
      ['POST', `/admin/library/doc/${staged.id}/discard`],
    ];
    for (const [method, path] of routes) {
      // (A wrong Bearer token is counted toward the client's back-off: one route is tried with one below.)
      for (const headers of [{}, { Cookie: 'pqa_admin=forged' }] as Record<string, string>[]) {
        const res = await app.request(path, {
          method,
          headers: { ...headers, 'Sec-Fetch-Site': 'same-origin' },
          body: method === 'POST' ? uploadBody('water.docx', docx) : undefined,
        });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(await res.text()).not.toContain('云浮');
      }
    }
    const wrong = await post(`/admin/library/doc/${staged.id}/publish`, { headers: { Authorization: 'Bearer wrong-token-0000000000000', 'Sec-Fetch-Site': 'same-origin' } });
    expect(wrong.status).toBe(401);
    expect(library.audit(100).length).toBe(before);
    expect(library.upload(staged.id)?.state).toBe('staged');
    expect(library.status().state).toBe('idle');
    library.discard(staged.id, 'setup');
  });

  it('is 404 like the rest of /admin when ADMIN_TOKEN is empty', async () => {
    const off = createApp({ service: () => service, settings: { ...settings, ADMIN_TOKEN: '' }, library });
    expect((await off.request('/admin/library')).status).toBe(404);
  });

  it('refuses a form post from another site (CSRF) even with the session', async () => {
    const res = await post('/admin/library/upload', { headers: { Authorization: AUTH.Authorization, Origin: 'https://evil.example' }, body: uploadBody('water.docx', docx) });
    expect(res.status).toBe(403);
  });
});

describe('staff flow through the app', () => {
  let waterId: string;
  let parksId: string;

  it('shows the library page with the served documents, the upload form and the audit list', async () => {
    const res = await app.request('/admin/library', { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('阳江市人民政府2021年法治政府建设年度报告');
    expect(html).toContain('href="/admin/library" aria-current="page"');
  });

  it('uploads a DOCX and shows its preview: inferred frame, passages with heading paths', async () => {
    const res = await post('/admin/library/upload', { headers: AUTH, body: uploadBody('云浮供水总结.docx', docx) });
    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    waterId = /\/admin\/library\/doc\/([0-9a-f]{16})/.exec(location)![1];
    const page = await (await app.request(location, { headers: AUTH })).text();
    expect(page).toContain('云浮市2025年城乡供水一体化工作总结');
    expect(page).toContain('云浮市');
    expect(page).toContain('全年新建农村集中供水工程46座');
    expect(page).toContain('一、2025年工作成效 › （一）农村供水工程建设');
    expect(library.audit(1)[0]).toMatchObject({ action: 'upload', who: 'Zhao Liu' });
  });

  it('takes an upload over MAX_BODY_BYTES up to UPLOAD_MAX_BYTES, and refuses one over it with 413', async () => {
    const text = `# 测试大文件\n\n${'城市道路照明设施维护记录。'.repeat(2000)}\n`;
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(settings.MAX_BODY_BYTES);
    const ok = await post('/admin/library/upload', { headers: AUTH, body: uploadBody('lights.md', bytes) });
    expect(ok.status).toBe(303);
    const id = /doc\/([0-9a-f]{16})/.exec(ok.headers.get('Location')!)![1];
    expect((await post(`/admin/library/doc/${id}/discard`, { headers: FORM })).status).toBe(303);
    const huge = await post('/admin/library/upload', { headers: AUTH, body: uploadBody('huge.txt', new Uint8Array(400_000).fill(0x61)) });
    expect(huge.status).toBe(413);
    // Other posts keep the ordinary limit.
    const big = await post(`/admin/library/doc/${waterId}/frame`, { headers: FORM, body: `kind=${'x'.repeat(20_000)}` });
    expect(big.status).toBe(413);
  });

  it('refuses a corrupt PDF with a clear message and keeps nothing', async () => {
    const staged = library.uploads().length;
    const res = await post('/admin/library/upload', { headers: AUTH, body: uploadBody('broken.pdf', pdf.subarray(0, 200)) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('PDF could not be read');
    expect(html).toContain('role="alert"');
    expect(library.uploads().length).toBe(staged);
    expect(readdirSync(join(settings.LIBRARY_DIR, 'staged')).length).toBe(staged);
    const wrongType = await post('/admin/library/upload', { headers: AUTH, body: uploadBody('report.exe', Buffer.from('MZ')) });
    expect(wrongType.status).toBe(415);
  });

  it('uploads a PDF, corrects its frame (a bad region is refused with the form kept)', async () => {
    const res = await post('/admin/library/upload', { headers: AUTH, body: uploadBody('parks.pdf', pdf) });
    parksId = /doc\/([0-9a-f]{16})/.exec(res.headers.get('Location')!)![1];
    const bad = await post(`/admin/library/doc/${parksId}/frame`, { headers: FORM, body: 'region=%E4%BA%9A%E7%89%B9%E5%85%B0%E8%92%82%E6%96%AF&reviewedYear=2025' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('value="亚特兰蒂斯"');
    const ok = await post(`/admin/library/doc/${parksId}/frame`, { headers: FORM, body: `region=${encodeURIComponent('肇庆市')}&kind=&reviewedYear=2025&plannedYear=` });
    expect(ok.status).toBe(303);
    const page = await (await app.request(ok.headers.get('Location')!, { headers: AUTH })).text();
    expect(page).toContain('肇庆市 （已更正）');
    expect(library.audit(1)[0]).toMatchObject({ action: 'correct', who: 'Zhao Liu', detail: 'region=肇庆市, reviewedYear=2025' });
  });

  it('publishes in the background (409 while it runs), shows progress, and the citizen gets the answer', async () => {
    const before = await (await app.request(`/api/ask?q=${encodeURIComponent('云浮市2025年新建了多少座农村集中供水工程？')}`)).json();
    expect(before.answer).toBeNull();
    const res = await post(`/admin/library/doc/${waterId}/publish`, { headers: FORM });
    expect(res.status).toBe(303);
    const busy = await post(`/admin/library/doc/${parksId}/publish`, { headers: FORM });
    expect(busy.status).toBe(409);
    expect(await busy.text()).toContain('a rebuild is running');
    const fragment = await app.request('/admin/library/status', { headers: { ...AUTH, 'HX-Request': 'true' } });
    const html = await fragment.text();
    expect(html).toContain('hx-trigger="every 1s"');
    expect(html).toContain('<progress');
    await library.idle();
    const done = await (await app.request('/admin/library/status', { headers: { ...AUTH, 'HX-Request': 'true' } })).text();
    expect(done).not.toContain('hx-trigger');
    expect(done).toContain('已发布');
    const answer = await (await app.request(`/api/ask?q=${encodeURIComponent('云浮市2025年新建了多少座农村集中供水工程？')}`)).json();
    expect(answer.answer).toContain('46座');
    expect(answer.citations[0].docId).toBe(library.upload(waterId)!.docId);

    await post(`/admin/library/doc/${parksId}/publish`, { headers: FORM });
    await library.idle();
    const parks = await (await app.request(`/api/ask?q=${encodeURIComponent('肇庆市2025年新增公园绿地面积多少公顷？')}`)).json();
    expect(parks.answer).toContain('126公顷');
    expect(parks.citations[0].region).toBe('肇庆市');
    const listing = await (await app.request('/admin/library', { headers: AUTH })).text();
    expect(listing).toContain(`/admin/library/doc/${waterId}/withdraw`);
  }, 90_000);

  it('withdraws: rebuilt without it, the citizen no longer gets that answer', async () => {
    const res = await post(`/admin/library/doc/${waterId}/withdraw`, { headers: FORM });
    expect(res.status).toBe(303);
    await library.idle();
    const answer = await (await app.request(`/api/ask?q=${encodeURIComponent('云浮市2025年新建了多少座农村集中供水工程？')}`)).json();
    expect(answer.answer).toBeNull();
    const audit = (await (await app.request('/admin/library/audit.json', { headers: AUTH })).json()).audit as { action: string; who: string }[];
    expect(audit.slice(0, 3).map((a) => [a.action, a.who])).toEqual([
      ['withdraw', 'Zhao Liu'],
      ['publish', 'Zhao Liu'],
      ['publish', 'Zhao Liu'],
    ]);
  }, 60_000);
});

describe('without a library (Workers)', () => {
  it('says library management needs the Node server, and offers no actions', async () => {
    const workers = createApp({ service: () => service, settings: { ...settings } });
    const res = await workers.request('/admin/library', { headers: AUTH });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('文件库管理需要 Node 服务器');
    expect(html).not.toContain('multipart/form-data');
    expect((await workers.request('/admin/library/upload', { method: 'POST', headers: AUTH, body: uploadBody('water.docx', docx) })).status).toBe(404);
  });
});
