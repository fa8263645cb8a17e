// /admin/library (issue #18 item 4): upload documents, see the frame and passages they
// would become, correct the frame, publish (a background rebuild, then the zero-downtime
// reload) and withdraw, with the audit list. Registered after the staff routes, so the
// admin gate (token or session, 401 otherwise) and its CSRF check on posts apply to every
// route here; the work is done by the injected LibraryManager (the Node server's,
// src/adapters/node/library.ts). Without one (Workers) the page says library management
// needs the Node server and every action is 404.
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { staffNameOf } from '../admin-auth.js';
import { bodySizeLimit } from '../middleware/body-limit.js';
import { IDLE_STATUS, LibraryError, parseFrameCorrection, yearsText, type LibraryManager } from '../../staff/library-audit.js';
import type { AppDeps } from '../deps.js';
import { Announcer } from '../../../views/announcer.js';
import { Layout } from '../../../views/layout.js';
import { LibraryPage, RebuildStatusView, UploadPreview, type ServedDocument } from '../../../views/library-page.js';
import type { StaffUi } from '../../../views/staff-nav.js';
import { staffUi } from '../staff-ui.js';

export type LibraryDeps = Pick<AppDeps, 'service' | 'settings' | 'library'>;

/** Most published documents the page lists (a statute library has over a thousand). */
const DOCUMENTS_SHOWN = 300;
const AUDIT_SHOWN = 100;
/** Room for the multipart envelope around the file (boundaries, headers). */
const MULTIPART_OVERHEAD = 64 * 1024;

export const LIBRARY_UPLOAD_PATH = '/admin/library/upload';

/** Whether a request is the library's upload, which takes UPLOAD_MAX_BYTES instead of MAX_BODY_BYTES (create-app.tsx). */
export function isLibraryUpload(c: Context, deps: Pick<AppDeps, 'library'>): boolean {
  return deps.library !== undefined && c.req.method === 'POST' && c.req.path === LIBRARY_UPLOAD_PATH;
}


type PageStatus = 200 | 400 | 404 | 409 | 413 | 415 | 422 | 500;

function render(c: Context, ui: StaffUi, title: string, body: Child, status: PageStatus = 200) {
  c.header('Vary', 'HX-Request, Cookie, Accept-Language');
  return c.html('<!doctype html>' + (<Layout ui={ui} title={title}>{body}</Layout>).toString(), status);
}

const registered = new WeakSet<Hono>();

export function registerLibraryRoutes(app: Hono, deps: LibraryDeps): void {
  if (registered.has(app) || deps.settings.ADMIN_TOKEN === '') return;
  registered.add(app);
  const library = deps.library;

  /** The documents the knowledge base serves now, with the upload each came from. */
  const servedDocuments = (lib: LibraryManager | undefined): { documents: ServedDocument[]; total: number } => {
    const kb = deps.service()?.kb;
    if (!kb) return { documents: [], total: 0 };
    const counts = new Map<number, number>();
    for (const d of kb.store.passageDoc) counts.set(d, (counts.get(d) ?? 0) + 1);
    const byDoc = new Map((lib?.uploads() ?? []).filter((u) => u.state === 'published' && u.docId).map((u) => [u.docId as string, u.id]));
    const all = kb.documents();
    // Uploads first (what staff manage here), then the rest in the knowledge base's order.
    const sorted = [...all].sort((a, b) => Number(byDoc.has(b.id)) - Number(byDoc.has(a.id)));
    return {
      total: all.length,
      documents: sorted.slice(0, DOCUMENTS_SHOWN).map((d) => ({
        id: d.id,
        title: d.title,
        region: d.frame.region,
        kind: d.frame.kind,
        reviewed: yearsText(d.frame.reviewed),
        planned: yearsText(d.frame.planned),
        passages: counts.get(d.ord) ?? 0,
        uploadId: byDoc.get(d.id) ?? null,
      })),
    };
  };

  const libraryPage = (c: Context, extra: { error?: string; notice?: string; status?: PageStatus } = {}) => {
    const ui = staffUi(c);
    const { documents, total } = servedDocuments(library);
    return render(
      c,
      ui,
      ui.s('libTitle'),
      <LibraryPage
        ui={ui}
        available={library !== undefined}
        documents={documents}
        documentTotal={total}
        uploads={library?.uploads() ?? []}
        status={library?.status() ?? IDLE_STATUS}
        audit={library?.audit(AUDIT_SHOWN) ?? []}
        maxBytes={library?.maxBytes ?? 0}
        extensions={library?.extensions ?? []}
        error={extra.error}
        notice={extra.notice}
      />,
      extra.status ?? 200,
    );
  };

  app.get('/admin/library', (c) => {
    const done = c.req.query('done');
    const ui = staffUi(c);
    const notice = done === 'discarded' ? ui.s('libNoticeDiscarded') : done === 'started' ? ui.s('libNoticeStarted') : undefined;
    return libraryPage(c, { notice });
  });

  /** The status fragment htmx polls while a rebuild runs (a full page without htmx). */
  app.get('/admin/library/status', (c) => {
    const ui = staffUi(c);
    const status = library?.status() ?? IDLE_STATUS;
    if (c.req.header('HX-Request') === 'true') {
      const running = status.state === 'running';
      return c.html(
        <>
          <RebuildStatusView ui={ui} status={status} />
          {!running && <Announcer text={ui.s(status.state === 'failed' ? 'libStatusFailed' : 'libStatusDoneShort', { file: status.fileName ?? '' })} oob />}
        </>,
      );
    }
    if (c.req.query('format') === 'json') return c.json(status);
    return c.redirect('/admin/library#library-status', 303);
  });

  if (!library) {
    // Workers: nothing below exists (the page above says why).
    return;
  }

  const refused = (_c: Context, err: unknown, page: (error: string, status: PageStatus) => Response | Promise<Response>) => {
    if (err instanceof LibraryError) return page(err.detail, err.status);
    throw err;
  };

  const previewPage = (c: Context, id: string, extra: { error?: string; notice?: string; status?: PageStatus; form?: Record<string, string> } = {}) => {
    const upload = library.upload(id);
    if (!upload) return libraryPage(c, { error: staffUi(c).s('libNoSuchUpload'), status: 404 });
    const ui = staffUi(c);
    return render(
      c,
      ui,
      ui.text(upload.frame.title),
      <UploadPreview ui={ui} upload={upload} status={library.status()} error={extra.error} notice={extra.notice} form={extra.form} />,
      extra.status ?? 200,
    );
  };

  app.post(LIBRARY_UPLOAD_PATH, bodySizeLimit(library.maxBytes + MULTIPART_OVERHEAD), async (c) => {
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody();
    } catch {
      return libraryPage(c, { error: staffUi(c).s('libBadForm'), status: 400 });
    }
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) return libraryPage(c, { error: staffUi(c).s('libNoFile'), status: 400 });
    try {
      const upload = await library.add({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, staffNameOf(c));
      return c.redirect(`/admin/library/doc/${upload.id}?done=uploaded`, 303);
    } catch (err) {
      return refused(c, err, (error, status) => libraryPage(c, { error, status }));
    }
  });

  app.get('/admin/library/doc/:id', (c) => {
    const ui = staffUi(c);
    const done = c.req.query('done');
    const notice =
      done === 'uploaded' ? ui.s('libNoticeUploaded') : done === 'corrected' ? ui.s('libNoticeCorrected') : done === 'started' ? ui.s('libNoticeStarted') : undefined;
    return previewPage(c, c.req.param('id'), { notice });
  });

  const formOf = async (c: Context): Promise<Record<string, string>> => {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  };

  app.post('/admin/library/doc/:id/frame', async (c) => {
    const id = c.req.param('id');
    const form = await formOf(c);
    try {
      await library.correct(id, parseFrameCorrection(form), staffNameOf(c));
      return c.redirect(`/admin/library/doc/${id}?done=corrected`, 303);
    } catch (err) {
      return refused(c, err, (error, status) => previewPage(c, id, { error, status, form }));
    }
  });

  for (const action of ['publish', 'withdraw'] as const) {
    app.post(`/admin/library/doc/:id/${action}`, (c) => {
      const id = c.req.param('id');
      try {
        library[action](id, staffNameOf(c));
        return c.redirect(action === 'publish' ? `/admin/library/doc/${id}?done=started#library-status` : '/admin/library?done=started#library-status', 303);
      } catch (err) {
        return refused(c, err, (error, status) => (library.upload(id) ? previewPage(c, id, { error, status }) : libraryPage(c, { error, status })));
      }
    });
  }

  app.post('/admin/library/doc/:id/discard', (c) => {
    const id = c.req.param('id');
    try {
      library.discard(id, staffNameOf(c));
      return c.redirect('/admin/library?done=discarded', 303);
    } catch (err) {
      return refused(c, err, (error, status) => (library.upload(id) ? previewPage(c, id, { error, status }) : libraryPage(c, { error, status })));
    }
  });

  app.get('/admin/library/audit.json', (c) => c.json({ audit: library.audit(1000) }));
}
