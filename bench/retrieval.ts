// npm run bench:retrieval [-- --quick] [-- --questions N]
// Issue #19 item 3: top-100 statute retrieval, policy-qa beside Xapian, in one run. The STARD train questions
// (../shared/stard/train.jsonl) against the 62,833 articles of ../shared/stard/laws:
//   policy-qa: the all-statutes knowledge base (corpus/ + the laws; data/kb-statutes.sqlite reused when it is the
//     current format without known questions, else built into a temp dir), in its own process
//     (bench/retrieval-worker.ts): "rank" = the ranking's candidate phase (analyze + rankPassages, top 100, no answer
//     extraction); "search" = QaService.search(q, 100), /api/search's code path (what eval:stard scores).
//   Xapian (Debian's python3-xapian, when /usr/bin/python3 can import it) in its own process
//     (bench/xapian-worker.py): BM25 (k1 1.2, b 0.75), OR of the question's tokens, over the articles split as
//     ../shared/stard/README.md defines them (an article = the paragraph starting 第…条 with the paragraphs after
//     it up to the next article or heading), each indexed with its law's title; documents and questions segmented
//     here by the same jieba (nodejieba cutForSearch, no user words), so both sides see the same tokens.
// One coordinator (this process) sends each question to every engine in turn, twice: the first pass warms each
// engine (and gives the recall), the second is timed. Latency is the time inside each engine (its own clock
// around the search), not the pipe's; Xapian's excludes segmenting the question, which is measured here and
// printed beside it. R@10, R@100: eval/stard.ts matching (a hit = that article of that file). RSS: each
// engine process's resident memory after the run (VmRSS, and its peak VmHWM); Xapian reads its index from disk
// through the page cache, which RSS does not count, so its index size is printed too. Figures, not a test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { parseStardFile, scoreStard, type RetrievedArticle } from '../eval/stard.js';
import { percentile } from '../eval/evaluation.js';
import { processMemoryMb } from './harness.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { createJiebaSegmenter } from '../src/adapters/node/jieba.js';
import { parseCommandLine } from '../src/adapters/node/command-line.js';
import { parseSettings } from '../src/settings.js';
import { KB_FORMAT_VERSION } from '../src/model/store.js';

const usage = 'npm run bench:retrieval [-- --quick] [-- --questions N]';
const args = parseCommandLine(usage, { options: { quick: { type: 'boolean', default: false }, questions: { type: 'string' } } }).values;
const LAWS = '../shared/stard/laws';
const TRAIN = '../shared/stard/train.jsonl';
const STATUTES_KB = 'data/kb-statutes.sqlite';
const PYTHON = '/usr/bin/python3';
const K = 100;
const settings = parseSettings(process.env);
const dir = mkdtempSync(join(tmpdir(), 'policy-qa-retrieval-'));
const children: ChildProcess[] = [];

/** An article of the STARD laws: the file (relative to laws/), its number, and the text indexed (title + article). */
interface Article {
  file: string;
  article: string;
  text: string;
}

const ARTICLE = /^(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)\s/;

function markdownFiles(root: string): string[] {
  return readdirSync(root)
    .sort()
    .flatMap((name) => {
      const path = join(root, name);
      return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith('.md') ? [path] : [];
    });
}

/** The articles of every law file, as ../shared/stard/README.md counts them (62,833). */
function splitArticles(root: string): Article[] {
  const out: Article[] = [];
  for (const path of markdownFiles(root)) {
    const file = relative(root, path).replace(/\\/g, '/');
    const lines = readFileSync(path, 'utf8').split(/\r?\n/);
    const title = (lines.find((l) => l.startsWith('# ')) ?? '').slice(2).trim();
    const end = lines.findIndex((l) => l.includes('<!-- INFO END -->'));
    let current: Article | null = null;
    for (const raw of lines.slice(end + 1)) {
      const line = raw.replace(/\u200b/g, '').trim();
      if (!line) continue;
      const m = ARTICLE.exec(line);
      if (m) {
        current = { file, article: m[1], text: `${title}\n${line}` };
        out.push(current);
      } else if (line.startsWith('#')) current = null;
      else if (current) current.text += `\n${line}`;
    }
  }
  return out;
}

/** data/kb-statutes.sqlite when it loads here (current format, no known questions), else a fresh build. */
async function statutesKb(): Promise<string> {
  if (existsSync(STATUTES_KB)) {
    try {
      const db = new Database(STATUTES_KB, { readonly: true, fileMustExist: true });
      try {
        const meta = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'meta'").get() as { value: string }).value) as { version: number };
        const known = (db.prepare('SELECT count(*) AS n FROM known_questions').get() as { n: number }).n;
        if (meta.version === KB_FORMAT_VERSION && known === 0) {
          console.log(`policy-qa: reusing ${STATUTES_KB} (format ${KB_FORMAT_VERSION}, no known questions)`);
          return STATUTES_KB;
        }
      } finally {
        db.close();
      }
    } catch {
      // not reusable: build below
    }
  }
  const kbPath = join(dir, 'statutes.sqlite');
  const report = await runIngest({ inputs: [settings.CORPUS_DIR, LAWS], kbPath, full: true, limits: settings });
  console.log(`policy-qa: built ${report.passages} passages in ${report.seconds.toFixed(1)} s`);
  return kbPath;
}

/** A worker process speaking one JSON line per request and per answer; `ready` is its first line. */
class Engine {
  private readonly lines: AsyncIterator<string>;
  constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
    child.on('exit', (code, signal) => {
      if (children.includes(child)) console.error(`bench:retrieval: ${name} exited (${code ?? signal}); its stderr:\n${stderr}`);
    });
    this.lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  }
  async next<T>(): Promise<T> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`bench:retrieval: ${this.name} closed its output`);
    return JSON.parse(value as string) as T;
  }
  async request<T>(message: object): Promise<T> {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
    return this.next<T>();
  }
  memory() {
    return processMemoryMb(this.child.pid!);
  }
  stop() {
    children.splice(children.indexOf(this.child), 1);
    this.child.kill('SIGTERM');
  }
}

function xapianAvailable(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import xapian; print(xapian.version_string())'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const dirSize = (path: string): number =>
  readdirSync(path).reduce((n, name) => {
    const p = join(path, name);
    const s = statSync(p);
    return n + (s.isDirectory() ? dirSize(p) : s.size);
  }, 0);

interface Column {
  name: string;
  ms: number[];
  results: RetrievedArticle[][];
  rss?: { rss: number; peak: number };
  note?: string;
}

try {
  const all = parseStardFile(readFileSync(TRAIN, 'utf8'));
  const n = args.questions !== undefined ? Number(args.questions) : args.quick ? 300 : all.length;
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench:retrieval: --questions must be a positive whole number\nusage: ${usage}`);
    process.exit(2);
  }
  const questions = all.slice(0, n);
  const xapianVersion = xapianAvailable();
  console.log(
    `bench:retrieval${args.quick ? ' --quick' : ''}: ${questions.length} STARD train questions, top ${K}, each engine in its own process; Node ${process.version}; ` +
      `Xapian ${xapianVersion ?? 'not available (apt-get install python3-xapian): policy-qa alone'}`,
  );
  console.log(`expected duration: ~${Math.ceil((60 + (questions.length * 2 * 25) / 1000) / 60)} min (knowledge base, Xapian index, two passes)`);

  const kbPath = await statutesKb();
  const engines: { engine: Engine; columns: { column: Column; message: (q: string, tokens: string[]) => object; hits: (r: never) => RetrievedArticle[] }[] }[] = [];

  const ours = new Engine(spawn(process.execPath, ['--import', 'tsx', 'bench/retrieval-worker.ts', kbPath], { stdio: ['pipe', 'pipe', 'pipe'] }), 'policy-qa');
  const oursReady = await ours.next<{ passages: number }>();
  console.log(`policy-qa: ${oursReady.passages} passages (the ${statSync(kbPath).size >> 20} MB knowledge base also holds the bundled report)`);
  const toHits = (r: { hits: RetrievedArticle[] }) => r.hits;
  engines.push({
    engine: ours,
    columns: [
      { column: { name: 'policy-qa ranking (analyze + rankPassages)', ms: [], results: [] }, message: (q) => ({ q, mode: 'rank', k: K }), hits: toHits as (r: never) => RetrievedArticle[] },
      { column: { name: 'policy-qa QaService.search (/api/search)', ms: [], results: [] }, message: (q) => ({ q, mode: 'search', k: K }), hits: toHits as (r: never) => RetrievedArticle[] },
    ],
  });

  // Tokens for Xapian: documents and questions through the same jieba (what the coordinator does, not timed as Xapian's).
  const segmenter = createJiebaSegmenter();
  const tokens = (text: string) => segmenter.cut(text.normalize('NFKC').toLowerCase()).filter((t) => /[\p{L}\p{N}]/u.test(t));
  const segmentMs: number[] = [];
  const questionTokens = questions.map((q) => {
    const t0 = performance.now();
    const ts = tokens(q.question);
    segmentMs.push(performance.now() - t0);
    return ts;
  });
  let articles: Article[] = [];
  if (xapianVersion) {
    articles = splitArticles(LAWS);
    const t0 = performance.now();
    const docsFile = join(dir, 'articles.jsonl');
    writeFileSync(docsFile, articles.map((a) => JSON.stringify(tokens(a.text))).join('\n') + '\n');
    console.log(`Xapian: ${articles.length} articles segmented in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const dbDir = join(dir, 'xapian');
    const xapian = new Engine(spawn(PYTHON, ['bench/xapian-worker.py', docsFile, dbDir], { stdio: ['pipe', 'pipe', 'pipe'] }), 'Xapian');
    const ready = await xapian.next<{ docs: number; build_s: number }>();
    console.log(`Xapian: indexed ${ready.docs} articles in ${ready.build_s.toFixed(1)} s; index ${(dirSize(dbDir) / 2 ** 20).toFixed(0)} MB on disk`);
    engines.push({
      engine: xapian,
      columns: [
        {
          column: { name: 'Xapian BM25, jieba tokens', ms: [], results: [], note: `index ${(dirSize(dbDir) / 2 ** 20).toFixed(0)} MB on disk, read through the page cache` },
          message: (_q, ts) => ({ tokens: ts, k: K }),
          hits: ((r: { ids: number[] }) => r.ids.map((id) => ({ path: articles[id].file, article: articles[id].article }))) as (r: never) => RetrievedArticle[],
        },
      ],
    });
  }

  // Two passes, every question to every engine in turn: the first warms (and scores), the second is timed.
  const started = performance.now();
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < questions.length; i++) {
      for (const { engine, columns } of engines) {
        for (const c of columns) {
          const r = await engine.request<{ ms: number }>(c.message(questions[i].question, questionTokens[i]));
          if (pass === 0) c.column.results.push(c.hits(r as never));
          else c.column.ms.push(r.ms);
        }
      }
    }
    console.log(`pass ${pass + 1} (${pass === 0 ? 'warm-up, scored' : 'timed'}) done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  for (const { engine, columns } of engines) for (const c of columns) c.column.rss = engine.memory();

  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));
  const lpad = (s: string, w: number) => ' '.repeat(Math.max(0, w - s.length)) + s;
  const columns = engines.flatMap((e) => e.columns.map((c) => c.column));
  const median = (xs: number[]) => percentile(xs, 50);
  const xapianColumn = columns.find((c) => c.name.startsWith('Xapian'));
  console.log(`\nTop-${K} retrieval, ${questions.length} STARD train questions (second pass timed; ms inside each engine; RSS after the run):`);
  console.log(`${pad('engine', 46)}${lpad('median ms', 10)}${lpad('p99 ms', 9)}${lpad('R@10', 7)}${lpad('R@100', 7)}${lpad('RSS MB (peak)', 15)}${lpad('median ÷ Xapian', 17)}`);
  for (const c of columns) {
    const s = scoreStard(questions.map((q, i) => ({ gold: q.gold, results: c.results[i] })), [10, 100]);
    const ratio = xapianColumn ? (median(c.ms) / median(xapianColumn.ms)).toFixed(1) + '×' : '';
    console.log(
      `${pad(c.name, 46)}${lpad(median(c.ms).toFixed(2), 10)}${lpad(percentile(c.ms, 99).toFixed(2), 9)}${lpad(s.recall[10].toFixed(3), 7)}${lpad(s.recall[100].toFixed(3), 7)}` +
        `${lpad(`${c.rss!.rss.toFixed(0)} (${c.rss!.peak.toFixed(0)})`, 15)}${lpad(ratio, 17)}`,
    );
  }
  if (xapianColumn) {
    console.log(`Xapian: ${xapianColumn.note}; its time excludes segmenting the question here (nodejieba cutForSearch: median ${median(segmentMs).toFixed(3)} ms, p99 ${percentile(segmentMs, 99).toFixed(3)} ms).`);
    console.log(`policy-qa's process holds the whole knowledge base (passages, postings, documents, the jieba-wasm segmenter), not an index alone.`);
  }
} finally {
  for (const c of children.splice(0)) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
