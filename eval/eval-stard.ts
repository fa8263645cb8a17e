// npm run eval:stard -- <questions.jsonl> [--kb path] [--limit 100] [--folds 5] [--laws ../shared/stard/laws] [--calibrate]
// Scores /api/search's ranking (same code path) on STARD questions against the
// knowledge base holding the bundled report plus all statutes (built on first
// use): once from the text alone, and once learning from known questions by
// k-fold cross-validation (each question scored by an index that never saw it).
// Then /api/ask's answers (issue #17): how many questions get a single answer,
// how many of those are right, and how often a gold article is among the first
// three shown — with the shipped calibration and with one fitted per fold.
import { existsSync, readFileSync } from 'node:fs';
import { parseSettings } from '../src/settings.js';
import {
  crossValidateCalibration,
  crossValidateStard,
  crossValidateStardAnswers,
  evaluateStard,
  parseStardFile,
  scoreStardAnswers,
  type StardAnswerScores,
  type StardScores,
} from './stard.js';
import { calibrate } from './calibrate.js';
import { KnowledgeBaseFormatError } from '../src/errors.js';
import { runIngest } from '../src/adapters/node/ingest.js';
import { loadService } from '../src/adapters/node/load.js';
import { progressBar } from '../src/adapters/node/progress.js';
import { parseCommandLine, usageError } from '../src/adapters/node/command-line.js';

const USAGE =
  'npm run eval:stard -- <questions.jsonl> [--kb data/kb-statutes.sqlite] [--limit 100] [--folds 5 (0: none)] [--laws ../shared/stard/laws] [--calibrate [--precision 0.7]]';
const settings = parseSettings(process.env);
const { values, positionals } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    kb: { type: 'string', default: 'data/kb-statutes.sqlite' },
    limit: { type: 'string', default: '100' },
    folds: { type: 'string', default: '5' },
    laws: { type: 'string', default: '../shared/stard/laws' },
    calibrate: { type: 'boolean', default: false },
    precision: { type: 'string', default: '0.7' },
  },
});
const { kb: kbPath, laws: lawsDir } = values;
const limit = Number(values.limit);
const folds = Number(values.folds);
const file = positionals[0] ?? usageError(USAGE);

async function build() {
  console.log(`building ${kbPath} from ${settings.CORPUS_DIR} and ${lawsDir} …`);
  const bar = progressBar(process.stderr);
  const report = await runIngest({ inputs: [settings.CORPUS_DIR, lawsDir], kbPath, onProgress: bar.update }).finally(bar.done);
  console.log(`\n${report.documents} documents, ${report.passages} passages in ${report.seconds.toFixed(1)} s`);
}
if (!existsSync(kbPath)) await build();
let service;
try {
  service = loadService(kbPath, settings);
} catch (err) {
  if (!(err instanceof KnowledgeBaseFormatError)) throw err;
  await build();
  service = loadService(kbPath, settings);
}
const questions = parseStardFile(readFileSync(file, 'utf8'));
const stored = service.kb.store.knownQuestions().length;
if (stored) console.log(`note: ${kbPath} holds ${stored} known questions; they are set aside so no row scores questions the index has seen`);
console.log(`STARD: ${questions.length} questions, ${service.kb.passageCount} passages, limit ${limit}`);
const row = (name: string, s: StardScores, ms: number) =>
  console.log(
    name.padEnd(44) +
      [s.recall[1], s.recall[5], s.recall[10], s.recall[100], s.mrr10].map((v) => v.toFixed(3).padStart(7)).join('') +
      `   ${ms.toFixed(1)} ms/question`,
  );
console.log(''.padEnd(44) + ['R@1', 'R@5', 'R@10', 'R@100', 'MRR@10'].map((h) => h.padStart(7)).join(''));
let t = performance.now();
const textOnly = service.withKnownQuestions([]);
row('text only (no known questions)', evaluateStard(textOnly, questions, limit), (performance.now() - t) / questions.length);
if (folds >= 2) {
  t = performance.now();
  const cv = crossValidateStard(textOnly, questions, folds, limit);
  row(`learning from known questions, ${folds}-fold CV`, cv, (performance.now() - t) / questions.length);
}
console.log('target (issue #4)'.padEnd(44) + ''.padStart(14) + ['0.600', '0.850', '0.480'].map((v) => v.padStart(7)).join(''));

// /api/ask on the same questions: a single answer only when the calibrated certainty is high enough,
// else 相关法律规定 (src/search/provisions.ts). Known questions from the other folds, as above.
const answerFolds = folds >= 2 ? folds : 5;
t = performance.now();
const rows = crossValidateStardAnswers(textOnly, questions, answerFolds);
const answerMs = (performance.now() - t) / questions.length;
const answerRow = (name: string, s: StardAnswerScores) =>
  console.log(name.padEnd(58) + [s.answered, s.answersRight, s.top3].map((v) => v.toFixed(3).padStart(12)).join(''));
console.log('');
console.log('/api/ask, known questions from the other folds'.padEnd(58) + ['answered', 'ans. right', 'gold ≤ 3'].map((h) => h.padStart(12)).join(''));
answerRow('shipped calibration (STATUTE_CALIBRATION)', scoreStardAnswers(rows));
const precision = Number(values.precision);
const cv = crossValidateCalibration(rows, answerFolds, (r) => calibrate(r, precision));
answerRow(`calibration cross-validated (fitted for ≥ ${precision} right)`, scoreStardAnswers(cv.rows));
console.log('target (issue #17)'.padEnd(58) + ''.padStart(12) + ['0.650', '0.650'].map((v) => v.padStart(12)).join(''));
console.log(`${answerMs.toFixed(1)} ms/question`);
if (values.calibrate) {
  const all = rows.filter((r) => r.signals).map((r) => ({ signals: r.signals!, right: r.signalRight }));
  console.log(`\nSTATUTE_CALIBRATION fitted on all ${all.length} answered statute questions (src/search/provisions.ts):`);
  console.log(JSON.stringify(calibrate(all, precision)));
}
