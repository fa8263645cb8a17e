// npm run eval:stard -- <questions.jsonl> [--kb path] [--limit 100]
// Scores /api/search's ranking (same code path) on STARD questions against the
// knowledge base holding the bundled report plus all statutes (built on first use).
import { existsSync, readFileSync } from 'node:fs';
import { parseSettings } from '../src/core/settings.js';
import { parseStardFile, scoreStard } from '../src/core/stard.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { loadService } from '../src/adapters/node/load.js';
import { progressBar } from '../src/adapters/node/progress.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const settings = parseSettings(process.env);
const kbPath = flag('--kb', 'data/kb-statutes.sqlite');
const limit = Number(flag('--limit', '100'));
const lawsDir = flag('--laws', '../shared/stard/laws');
const file = args.find((a, i) => !a.startsWith('--') && !['--kb', '--limit', '--laws'].includes(args[i - 1] ?? ''));
if (!file) {
  console.error('usage: npm run eval:stard -- <questions.jsonl> [--kb data/kb-statutes.sqlite] [--limit 100] [--laws ../shared/stard/laws]');
  process.exit(2);
}
if (!existsSync(kbPath)) {
  console.log(`building ${kbPath} from ${settings.CORPUS_DIR} and ${lawsDir} …`);
  const report = await runIngest({ inputs: [settings.CORPUS_DIR, lawsDir], kbPath, onProgress: progressBar(process.stderr).update });
  console.log(`\n${report.documents} documents, ${report.passages} passages in ${report.seconds.toFixed(1)} s`);
}
const service = loadService(kbPath, settings);
const questions = parseStardFile(readFileSync(file, 'utf8'));
const started = performance.now();
const items = questions.map((q) => {
  const response = service.search(q.question, limit, 0);
  return {
    gold: q.gold,
    results: response.results.map((r) => ({ path: service.kb.summary(r.docId)?.path ?? '', article: r.article })),
  };
});
const seconds = (performance.now() - started) / 1000;
const s = scoreStard(items);
console.log(`STARD: ${s.questions} questions, ${service.kb.passageCount} passages, limit ${limit}`);
console.log(`R@1 ${s.recall[1].toFixed(3)}  R@5 ${s.recall[5].toFixed(3)}  R@10 ${s.recall[10].toFixed(3)}  R@100 ${s.recall[100].toFixed(3)}  MRR@10 ${s.mrr10.toFixed(3)}`);
console.log(`${((seconds * 1000) / questions.length).toFixed(1)} ms per question (mean)`);
