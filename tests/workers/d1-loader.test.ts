// The D1 knowledge-base store's loader rounds (QaService.load), in-process: the bundled report exported the way
// `npm run build:worker -- --d1` does (head + SQL), the SQL run into an SQLite database that stands in for D1
// (better-sqlite3 behind D1's prepare/bind/batch), and every seed-dev question answered through the store that
// misses — the same answers and citations as Node's SQLite store, in a few batched rounds, with nothing made from
// stand-ins left in a cache.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKnowledgeBaseBuild } from '../../src/adapters/node/kb-file.js';
import { createQuerySegmenter } from '../../src/adapters/node/query-segmenter.js';
import { d1Head, d1Statements, postingChunks } from '../../src/adapters/workers/d1-export.js';
import { d1Store, mergePostingChunks, type D1Store, type KbD1Like, type KbD1Statement } from '../../src/adapters/workers/d1-store.js';
import { deserializeBundle, serializeBundle } from '../../src/adapters/workers/kb-bundle.js';
import { KnowledgeBase } from '../../src/search/knowledge-base.js';
import { decodePostings } from '../../src/search/postings.js';
import { LOAD_ROUNDS, QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { REPORT_ID, setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

const SEED_DEV = new URL('../../../shared/eval/seed-dev.jsonl', import.meta.url);

/** D1's API over better-sqlite3: the SQL runs in real SQLite, as D1 runs it. */
function sqliteD1(db: Database.Database): KbD1Like & { batches: number } {
  type Stmt = KbD1Statement & { sql: string; values: unknown[] };
  const shim = {
    batches: 0,
    prepare(sql: string): Stmt {
      const stmt: Stmt = { sql, values: [], bind: (...values: unknown[]) => ({ ...stmt, values }) };
      return stmt;
    },
    async batch(statements: KbD1Statement[]) {
      shim.batches++;
      return (statements as Stmt[]).map((s) => ({ results: db.prepare(s.sql).all(...s.values) }));
    },
  };
  return shim;
}

/** A service over a new D1 store (empty caches) on the same database. */
function freshService(): QaService {
  const kb = new KnowledgeBase(d1Store(deserializeBundle(serializeBundle(d1Head(readKnowledgeBaseBuild(node.kbPath)))), d1));
  return new QaService(kb, createQuerySegmenter(kb.userWords), {
    maxQueryChars: DEFAULT_SETTINGS.MAX_QUERY_CHARS,
    minConfidence: DEFAULT_SETTINGS.MIN_CONFIDENCE,
    pageSize: DEFAULT_SETTINGS.PAGE_SIZE,
    answerCacheSize: 100,
  });
}

let node: CorpusApp;
let sqlite: Database.Database;
let d1: ReturnType<typeof sqliteD1>;
let store: D1Store;
let service: QaService;

beforeAll(async () => {
  node = await setupCorpusApp();
  const build = readKnowledgeBaseBuild(node.kbPath);
  sqlite = new Database(':memory:');
  for (const statement of d1Statements(build)) sqlite.exec(statement);
  d1 = sqliteD1(sqlite);
  // The head as the Worker reads it: through the bundle serialiser.
  store = d1Store(deserializeBundle(serializeBundle(d1Head(build))), d1);
  const kb = new KnowledgeBase(store);
  service = new QaService(kb, createQuerySegmenter(kb.userWords), {
    maxQueryChars: DEFAULT_SETTINGS.MAX_QUERY_CHARS,
    minConfidence: DEFAULT_SETTINGS.MIN_CONFIDENCE,
    pageSize: DEFAULT_SETTINGS.PAGE_SIZE,
    answerCacheSize: 100,
  });
}, 60_000);

afterAll(() => {
  sqlite?.close();
  node?.cleanup();
});

const seedQuestions = () =>
  readFileSync(SEED_DEV, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { question: string }).question);

describe('a store that misses, filled in batched rounds (QaService.load)', () => {
  it('answers every seed-dev question as Node does, in a few rounds of one batch each', async () => {
    const rounds: number[] = [];
    for (const q of seedQuestions()) {
      const before = d1.batches;
      const got = await service.load((s) => s.ask(q));
      rounds.push(d1.batches - before);
      const want = node.service.ask(q);
      expect(got.answer, q).toBe(want.answer);
      expect(got.citations.map((c) => c.id), q).toEqual(want.citations.map((c) => c.id));
      expect(got.confidence, q).toBe(want.confidence);
    }
    // The first question fetches what it reads; some fetch nothing more once the common terms are in the caches.
    expect(rounds[0]).toBeGreaterThan(0);
    expect(Math.max(...rounds)).toBeLessThanOrEqual(LOAD_ROUNDS);
    expect(store.stats.fills).toBe(d1.batches);
  });

  it('never caches an answer made from stand-ins: a plain ask on a fresh store misses and is not kept', async () => {
    const fresh = freshService();
    const q = seedQuestions()[0];
    const loader = fresh.kb.store.loader!;
    const misses = loader.misses;
    const unloaded = fresh.ask(q); // outside load(): reads stand-ins
    expect(loader.misses).toBeGreaterThan(misses);
    expect(unloaded.citations).toEqual([]);
    const loaded = await fresh.load((s) => s.ask(q));
    expect(loaded.answer).toBe(node.service.ask(q).answer);
    expect(loaded.citations.length).toBeGreaterThan(0);
    // Now cached, and served without a miss.
    const settled = loader.misses;
    expect(fresh.ask(q)).toBe(loaded);
    expect(loader.misses).toBe(settled);
  });

  it('searches and reads whole documents through load() too', async () => {
    const q = seedQuestions()[1];
    const got = await service.load((s) => s.search(q, 10));
    expect(got.results.map((r) => r.id)).toEqual(node.service.search(q, 10).results.map((r) => r.id));
    const doc = await service.load((s) => s.kb.document(REPORT_ID));
    expect(doc?.paragraphs).toEqual(node.service.kb.document(REPORT_ID)?.paragraphs);
  });

  it('fails with a 503 after LOAD_ROUNDS rounds that still miss', async () => {
    let n = 0;
    // Each round asks for a passage not fetched before: never settles.
    const never = freshService().load((s) => s.kb.store.passage(n++ % s.kb.passageCount));
    await expect(never).rejects.toMatchObject({ status: 503 });
  });

  it('splits long posting lists into chunks and merges them back', () => {
    const build = readKnowledgeBaseBuild(node.kbPath);
    const [term, bytes] = [...build.index.postings].sort((a, b) => b[1].length - a[1].length)[0];
    const whole = decodePostings(bytes);
    expect(whole.ids.length, term).toBeGreaterThan(10);
    const chunks = postingChunks(bytes, 7);
    expect(chunks.length).toBe(Math.ceil(whole.ids.length / 7));
    const merged = mergePostingChunks(chunks);
    expect([...merged.ids]).toEqual([...whole.ids]);
    expect([...merged.tfBody]).toEqual([...whole.tfBody]);
    expect([...merged.tfHeading]).toEqual([...whole.tfHeading]);
  });
});
