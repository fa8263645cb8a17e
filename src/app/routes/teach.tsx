// 教系统回答 (issue #18): /admin/teach and its form posts. Registered after the
// staff routes (createApp), so the admin gate (token or session; 404 without
// ADMIN_TOKEN; never in the embed; no-store) and the same-origin check on
// /admin/* posts apply to every route here.
//
//   GET  /admin/teach?q=&find=&edit=   the page: a question, what it gets now, a
//                                      search to pick passages, the lists
//   POST /admin/teach                  question, passage (repeated), note → taught
//   POST /admin/teach/remove           id → the taught question removed
//   POST /admin/teach/curated          [id], question, answer, sourceUrl,
//                                      sourceDate, reviewedBy, expires → 问答对
//   POST /admin/teach/curated/remove   id → the curated answer removed
//
// A save takes effect from the next request: deps.teachings.changed() makes the
// served service include it (no re-ingest, no reload). A refused post changes
// nothing and answers 400 (409 for a second curated answer to one question,
// 404 for an id that does not exist) with the page saying why.
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { PolicyQaError } from '../../errors.js';
import { QueryError, type AskResponse, type QaService } from '../../service.js';
import type { PassageResult } from '../../search/search.js';
import { hasReports } from '../../staff/query-log.js';
import {
  expiryOf,
  parseCuratedForm,
  parseId,
  parseTaughtForm,
  passageOrdinal,
  teachingKey,
  TeachingConflict,
  type TeachingsSnapshot,
} from '../../staff/teachings.js';
import { staffNameOf } from '../admin-auth.js';
import type { AppDeps } from '../deps.js';
import { ServiceUnavailable } from '../middleware/errors.js';
import { Layout } from '../../../views/layout.js';
import type { StaffUi } from '../../../views/staff-nav.js';
import { TeachPage, type CuratedFormValues, type PendingReason, type TeachPageProps } from '../../../views/teach-page.js';
import { passageUrl } from '../../model/document.js';
import { staffUi } from '../staff-ui.js';

export type TeachDeps = Pick<AppDeps, 'service' | 'settings' | 'queryLog' | 'teachings'>;

/** Passages a teaching search lists. */
const TEACH_RESULTS = 10;
/** Questions of each kind (unanswered, low confidence, 没用) the page offers to teach. */
const PENDING_EACH = 10;
const PENDING_DAYS = 30;

type Status = 200 | 400 | 404 | 409 | 503;


function page(c: Context, ui: StaffUi, body: Child, status: Status = 200) {
  return c.html(
    '<!doctype html>' +
      (
        <Layout ui={ui} title={ui.s('teachTitle')}>
          {body}
        </Layout>
      ).toString(),
    status,
  );
}

/** YYYY-MM-DD of an ISO time in China time (for the date inputs). */
const chinaDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

const registered = new WeakSet<Hono>();

/** Adds /admin/teach to an app whose staff routes (and so the admin gate) are registered. */
export function registerTeachRoutes(app: Hono, deps: TeachDeps): void {
  if (registered.has(app) || deps.settings.ADMIN_TOKEN === '') return;
  registered.add(app);
  const { settings, queryLog } = deps;

  const serviceOf = (): QaService => {
    const service = deps.service();
    if (!service) throw new ServiceUnavailable();
    return service;
  };

  const snapshotOf = async (): Promise<TeachingsSnapshot> => {
    if (!deps.teachings) return { taught: [], curated: [] };
    try {
      return await deps.teachings.store.snapshot();
    } catch (cause) {
      throw new PolicyQaError(503, 'teaching', 'the teachings could not be read; try again', { cause, retryAfter: 5 });
    }
  };

  const pendingOf = async (snapshot: TeachingsSnapshot): Promise<TeachPageProps['pending']> => {
    if (!hasReports(queryLog)) return null;
    const since = new Date(Date.now() - Math.min(PENDING_DAYS, settings.LOG_RETENTION_DAYS) * 86_400_000).toISOString();
    const window = { since, limit: PENDING_EACH * 3 };
    try {
      const [unanswered, low, feedback] = await Promise.all([
        queryLog.unanswered(window),
        queryLog.lowConfidence(window, settings.LOW_CONFIDENCE),
        queryLog.feedbackQuestions(window),
      ]);
      const done = new Set([...snapshot.taught, ...snapshot.curated].map((t) => teachingKey(t.question)));
      const out: { question: string; reason: PendingReason }[] = [];
      const add = (rows: { question: string }[], reason: PendingReason) => {
        let n = 0;
        for (const r of rows) {
          const key = teachingKey(r.question);
          if (n >= PENDING_EACH || done.has(key)) continue;
          done.add(key);
          out.push({ question: r.question, reason });
          n++;
        }
      };
      add(unanswered, 'unanswered');
      add(low, 'low');
      add(
        feedback.filter((r) => r.notUseful > 0),
        'notUseful',
      );
      return out;
    } catch (err) {
      console.warn(`policy-qa: teach page's question lists failed: ${(err as Error).message}`);
      return null;
    }
  };

  const emptyCurated = (c: Context): CuratedFormValues => ({ id: null, question: '', answer: '', sourceUrl: '', sourceDate: '', reviewedBy: staffNameOf(c), expires: '' });

  interface View {
    q?: string;
    find?: string;
    note?: string;
    notice?: TeachPageProps['notice'];
    error?: string | null;
    curatedForm?: CuratedFormValues;
    status?: Status;
  }

  /** The page for this request, with what a refused post kept. */
  const show = async (c: Context, view: View = {}) => {
    const ui = staffUi(c);
    const service = serviceOf();
    const snapshot = await snapshotOf();
    let error = view.error ?? null;
    const q = (view.q ?? '').trim();
    let current: AskResponse | null = null;
    let results: PassageResult[] | null = null;
    const find = (view.find ?? '').trim() || q;
    if (q) {
      try {
        // Asked as a visitor would (the teachings included), but not logged: looking is not asking.
        current = await service.load((s) => s.ask(q));
        results = (await service.load((s) => s.search(find, TEACH_RESULTS))).results;
      } catch (err) {
        if (!(err instanceof QueryError)) throw err;
        error ??= err.detail;
        current = null;
      }
    }
    const key = q ? teachingKey(q) : '';
    const taughtWith = snapshot.taught.find((t) => teachingKey(t.question) === key)?.passageIds ?? [];
    const urlOf = (id: string) => {
      const ord = passageOrdinal(service.kb, id);
      return ord === undefined ? undefined : passageUrl(service.kb.passage(ord));
    };
    const taught = snapshot.taught.map((teaching) => {
      const urls: Record<string, string> = {};
      for (const id of teaching.passageIds) {
        const url = urlOf(id);
        if (url) urls[id] = url;
      }
      return { teaching, urls };
    });
    let curatedForm = view.curatedForm ?? emptyCurated(c);
    const edit = view.curatedForm ? null : parseId(c.req.query('edit'));
    if (edit !== null) {
      const found = snapshot.curated.find((x) => x.id === edit);
      if (found) {
        curatedForm = {
          id: found.id,
          question: found.question,
          answer: found.answer,
          sourceUrl: found.sourceUrl,
          sourceDate: found.sourceDate,
          reviewedBy: staffNameOf(c),
          expires: chinaDate(found.expiresAt),
        };
      } else error ??= ui.s('teachNotFound');
    }
    return page(
      c,
      ui,
      <TeachPage
        ui={ui}
        available={deps.teachings !== undefined}
        q={q}
        find={find}
        current={current}
        taughtWith={taughtWith}
        results={results}
        notice={view.notice ?? null}
        error={error}
        note={view.note ?? ''}
        taught={taught}
        curated={snapshot.curated}
        curatedForm={curatedForm}
        curatedDays={settings.CURATED_ANSWER_DAYS}
        pending={deps.teachings ? await pendingOf(snapshot) : null}
        pendingDays={Math.min(PENDING_DAYS, settings.LOG_RETENTION_DAYS)}
        now={Date.now()}
      />,
      view.status ?? 200,
    );
  };

  const NOTICES = new Set(['taught', 'removed', 'curated']);

  app.get('/admin/teach', (c) => {
    const saved = c.req.query('saved') ?? '';
    return show(c, {
      q: (c.req.query('q') ?? '').slice(0, 2000),
      find: (c.req.query('find') ?? '').slice(0, 2000),
      notice: NOTICES.has(saved) ? (saved as TeachPageProps['notice']) : null,
    });
  });

  /** The store, or 503 where this server keeps no teachings. */
  const storeOf = () => {
    if (!deps.teachings) throw new PolicyQaError(503, 'teaching', 'this server keeps no teachings (no question-log database: LOG_PATH=off, or Cloudflare Workers)');
    return deps.teachings;
  };

  const formOf = (c: Context) =>
    c.req.parseBody({ all: true }).catch((cause: unknown) => {
      throw new PolicyQaError(400, 'teaching', 'send a form (application/x-www-form-urlencoded or multipart/form-data)', { cause });
    });

  /** Runs a change and makes the served service include it; a storage failure is a 503 (nothing half done). */
  const change = async <T,>(work: () => Promise<T>): Promise<T> => {
    const teachings = storeOf();
    let result: T;
    try {
      result = await work();
    } catch (cause) {
      if (cause instanceof TeachingConflict) throw cause;
      throw new PolicyQaError(503, 'teaching', 'the change could not be saved (the database is busy or cannot be written); try again', { cause, retryAfter: 5 });
    }
    await teachings.changed();
    return result;
  };

  app.post('/admin/teach', async (c) => {
    const { store } = storeOf();
    const form = await formOf(c);
    const parsed = parseTaughtForm(form);
    const typed = typeof form.question === 'string' ? form.question : '';
    const note = typeof form.note === 'string' ? form.note : '';
    if (!parsed.ok) return show(c, { q: typed, note, error: parsed.error, status: 400 });
    const kb = serviceOf().kb;
    const unknown = parsed.value.passages.filter((id) => passageOrdinal(kb, id) === undefined);
    if (unknown.length) return show(c, { q: parsed.value.question, note, error: `no passage ${unknown.join(', ')} in the knowledge base`, status: 400 });
    await change(() =>
      store.addTaught({ question: parsed.value.question, passageIds: parsed.value.passages, note: parsed.value.note, createdBy: staffNameOf(c), createdAt: new Date().toISOString() }),
    );
    return c.redirect(`/admin/teach?q=${encodeURIComponent(parsed.value.question)}&saved=taught#teach-now`, 303);
  });

  app.post('/admin/teach/remove', async (c) => {
    const { store } = storeOf();
    const id = parseId((await formOf(c)).id);
    if (id === null) return show(c, { error: 'id must be the number of a taught question', status: 400 });
    const removed = await change(() => store.removeTaught(id));
    if (!removed) return show(c, { error: staffUi(c).s('teachNotFound'), status: 404 });
    return c.redirect('/admin/teach?saved=removed#teach-taught-title', 303);
  });

  app.post('/admin/teach/curated', async (c) => {
    const { store } = storeOf();
    const form = await formOf(c);
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const rawId = str(form.id);
    const id = rawId === '' ? null : parseId(rawId);
    const kept: CuratedFormValues = {
      id,
      question: str(form.question),
      answer: str(form.answer),
      sourceUrl: str(form.sourceUrl),
      sourceDate: str(form.sourceDate),
      reviewedBy: str(form.reviewedBy),
      expires: str(form.expires),
    };
    const refuse = (error: string, status: Status = 400) => show(c, { curatedForm: kept, error, status });
    if (rawId !== '' && id === null) return refuse('id must be the number of a curated answer');
    const parsed = parseCuratedForm(form);
    if (!parsed.ok) return refuse(parsed.error);
    const now = Date.now();
    const expiresAt = expiryOf(parsed.value.expires, now, settings.CURATED_ANSWER_DAYS);
    if (Date.parse(expiresAt) <= now) return refuse('expiry must be today or later');
    const reviewedBy = parsed.value.reviewedBy || staffNameOf(c);
    let saved;
    try {
      saved = await change(() =>
        store.saveCurated(
          {
            question: parsed.value.question,
            answer: parsed.value.answer,
            sourceUrl: parsed.value.sourceUrl,
            sourceDate: parsed.value.sourceDate,
            reviewedBy,
            reviewedAt: new Date(now).toISOString(),
            expiresAt,
            createdBy: staffNameOf(c),
            createdAt: new Date(now).toISOString(),
          },
          id ?? undefined,
        ),
      );
    } catch (err) {
      if (err instanceof TeachingConflict) return refuse(err.message, 409);
      throw err;
    }
    if (!saved) return refuse(staffUi(c).s('teachNotFound'), 404);
    return c.redirect(`/admin/teach?saved=curated#curated-${saved.id}`, 303);
  });

  app.post('/admin/teach/curated/remove', async (c) => {
    const { store } = storeOf();
    const id = parseId((await formOf(c)).id);
    if (id === null) return show(c, { error: 'id must be the number of a curated answer', status: 400 });
    const removed = await change(() => store.removeCurated(id));
    if (!removed) return show(c, { error: staffUi(c).s('teachNotFound'), status: 404 });
    return c.redirect('/admin/teach?saved=removed#curated-title', 303);
  });
}
