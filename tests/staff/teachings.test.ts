// Staff teachings (issue #18): the forms' validation, the SQLite store in the
// question log's file (migration 0005 recorded as wrangler records it, beside
// the log), and the Node server's ServiceHolder serving the knowledge base with
// the teachings on top — at once after a change, and again after a reload.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeService, loadService } from '../../src/adapters/node/load.js';
import { openQueryLog } from '../../src/adapters/node/query-log.js';
import { ServiceHolder } from '../../src/adapters/node/service-holder.js';
import { SqliteTeachingsStore } from '../../src/adapters/node/teachings-store.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import {
  curatedAnswerLookup,
  expiryOf,
  parseCuratedForm,
  parseId,
  parseTaughtForm,
  passageOrdinal,
  teachingKey,
  TeachingConflict,
  Teachings,
  type NewCurated,
} from '../../src/staff/teachings.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const QUESTION = '老百姓吵架了谁来调解？';
const MEDIATION = `${REPORT_ID}:30`;

const curated = (over: Partial<NewCurated> = {}): NewCurated => ({
  question: '社保卡丢了怎么补办？',
  answer: '可携带身份证到就近的社保卡服务网点办理挂失补办。',
  sourceUrl: 'https://www.yangjiang.gov.cn/bsfw/',
  sourceDate: '2026-01-10',
  reviewedBy: '陈审核',
  reviewedAt: '2026-01-11T02:00:00.000Z',
  expiresAt: '2026-07-10T02:00:00.000Z',
  createdBy: '陈审核',
  createdAt: '2026-01-11T02:00:00.000Z',
  ...over,
});

describe('teaching forms', () => {
  it('accept a question with passages, deduplicated, and a note', () => {
    const r = parseTaughtForm({ question: '  老百姓吵架了谁来调解？ ', passage: [MEDIATION, MEDIATION, `${REPORT_ID}:32`], note: '口语' });
    expect(r).toEqual({ ok: true, value: { question: QUESTION, passages: [MEDIATION, `${REPORT_ID}:32`], note: '口语' } });
    expect(parseTaughtForm({ question: QUESTION, passage: MEDIATION })).toMatchObject({ ok: true, value: { passages: [MEDIATION], note: '' } });
  });

  it('say plainly what is wrong', () => {
    expect(parseTaughtForm({ question: QUESTION })).toEqual({ ok: false, error: 'pick at least one passage' });
    expect(parseTaughtForm({ question: ' ', passage: MEDIATION })).toEqual({ ok: false, error: 'question is empty' });
    expect(parseTaughtForm({ question: QUESTION, passage: 'not an id' })).toEqual({ ok: false, error: 'a passage id is malformed' });
    expect(parseTaughtForm({ question: QUESTION, passage: MEDIATION, note: '注'.repeat(301) })).toEqual({ ok: false, error: 'note is longer than 300 characters' });
    const base = { question: '社保卡丢了怎么补办？', answer: '到网点补办。', sourceUrl: 'https://www.yangjiang.gov.cn/', sourceDate: '2026-01-10' };
    expect(parseCuratedForm(base)).toMatchObject({ ok: true, value: { reviewedBy: '', expires: '' } });
    expect(parseCuratedForm({ ...base, sourceUrl: 'ftp://x.cn/' })).toEqual({ ok: false, error: 'source URL must be an http:// or https:// address' });
    expect(parseCuratedForm({ ...base, sourceUrl: 'https://user:pw@x.cn/' })).toMatchObject({ ok: false });
    expect(parseCuratedForm({ ...base, sourceDate: '2026-13-01' })).toEqual({ ok: false, error: 'source date must be a date like 2026-03-01' });
    expect(parseCuratedForm({ ...base, expires: 'soon' })).toEqual({ ok: false, error: 'expiry must be a date like 2026-12-31' });
    expect(parseCuratedForm({ ...base, reviewedBy: '<b>王</b>' })).toMatchObject({ ok: true, value: { reviewedBy: 'b王/b' } });
    expect(parseId('12')).toBe(12);
    expect(parseId('0')).toBeNull();
    expect(parseId('1e3')).toBeNull();
  });

  it('match questions as the log does, in either script', () => {
    expect(teachingKey('去哪里申请 法律援助?')).toBe(teachingKey('去哪里申请法律援助？'));
    expect(teachingKey('去哪裡申請法律援助')).toBe(teachingKey('去哪里申请法律援助'));
  });

  it('expire at the end of the chosen day in China time, or after the default days', () => {
    expect(expiryOf('2026-12-31', 0, 30)).toBe('2026-12-31T15:59:59.999Z');
    expect(expiryOf('', Date.parse('2026-01-01T00:00:00Z'), 30)).toBe('2026-01-31T00:00:00.000Z');
    const lookup = curatedAnswerLookup([{ id: 1, ...curated() }]);
    expect(lookup('社保卡丢了怎么补办', Date.parse('2026-07-10T01:59:59Z'))?.answer).toBe(curated().answer);
    expect(lookup('社保卡丢了怎么补办', Date.parse('2026-07-10T02:00:00Z'))).toBeUndefined();
  });
});

describe('the teachings store and the served service', () => {
  let ctx: CorpusApp;
  const logPath = () => join(ctx.dir, 'log.sqlite');

  beforeAll(async () => {
    ctx = await setupCorpusApp();
  }, 120_000);
  afterAll(() => ctx?.cleanup());

  it('lives in the log file beside the question log, its migration recorded once', async () => {
    const log = openQueryLog(logPath(), { writerThread: false });
    const store = new SqliteTeachingsStore(logPath());
    try {
      const t = await store.addTaught({ question: QUESTION, passageIds: [MEDIATION], note: '', createdBy: '李老师', createdAt: '2026-03-01T01:00:00.000Z' });
      // The same question taught again replaces it.
      const again = await store.addTaught({ question: '老百姓吵架了谁来调解', passageIds: [`${REPORT_ID}:32`, MEDIATION], note: '改', createdBy: '王', createdAt: '2026-03-02T01:00:00.000Z' });
      expect(again.id).toBe(t.id);
      const c = await store.saveCurated(curated());
      await expect(store.saveCurated(curated({ question: '社保卡丢了怎么补办' }))).rejects.toBeInstanceOf(TeachingConflict);
      expect(await store.saveCurated(curated({ answer: '新' }), 999)).toBeNull();
      const snap = await store.snapshot();
      expect(snap.taught).toEqual([{ id: t.id, question: '老百姓吵架了谁来调解', passageIds: [`${REPORT_ID}:32`, MEDIATION], note: '改', createdBy: '王', createdAt: '2026-03-02T01:00:00.000Z' }]);
      expect(snap.curated).toEqual([c]);
      expect(await store.removeTaught(t.id)).toBe(true);
      expect(await store.removeTaught(t.id)).toBe(false);
      expect(await store.removeCurated(c!.id)).toBe(true);
    } finally {
      store.close();
      log?.close();
    }
    const db = new Database(logPath(), { readonly: true });
    try {
      const names = (db.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name);
      expect(names.filter((n) => n === '0005_teachings.sql')).toHaveLength(1);
      expect(names).toContain('0001_questions.sql');
    } finally {
      db.close();
    }
  });

  it('resolves passage ids in the knowledge base served', () => {
    const ord = passageOrdinal(ctx.service.kb, MEDIATION)!;
    expect(ctx.service.kb.passage(ord).id).toBe(MEDIATION);
    expect(passageOrdinal(ctx.service.kb, `${REPORT_ID}:99999`)).toBeUndefined();
    expect(passageOrdinal(ctx.service.kb, 'no-such-document:1')).toBeUndefined();
  });

  it('is served by the ServiceHolder at once after a change, and again after a reload', async () => {
    const store = new SqliteTeachingsStore(logPath());
    const teachings = new Teachings(store);
    await teachings.refresh();
    const open = () => loadService(ctx.kbPath, DEFAULT_SETTINGS);
    const holder = new ServiceHolder(open(), open, closeService, (s) => teachings.apply(s));
    try {
      expect(holder.get().ask(QUESTION).answer).toBeNull();
      const t = await store.addTaught({ question: QUESTION, passageIds: [MEDIATION], note: '', createdBy: '李老师', createdAt: new Date().toISOString() });
      await teachings.refresh();
      holder.refresh();
      const taught = holder.get().ask(QUESTION);
      expect(taught.citations[0].id).toBe(MEDIATION);
      expect(taught.answer).toContain('调解');
      // A similar question is voted towards the taught passage too (a known question, not only this wording).
      const similar = holder.get().search('邻居老百姓吵架了找谁调解', 5);
      expect(similar.results.slice(0, 3).map((r) => r.id)).toContain(MEDIATION);
      // A reload opens the file anew: the teachings are applied to the new service as well.
      const before = holder.get();
      await holder.reload();
      expect(holder.get()).not.toBe(before);
      expect(holder.get().ask(QUESTION).citations[0].id).toBe(MEDIATION);
      await store.removeTaught(t.id);
      await teachings.refresh();
      holder.refresh();
      expect(holder.get().ask(QUESTION).answer).toBeNull();
    } finally {
      holder.closeAll();
      store.close();
    }
  });
});
