// policy-qa as an engine for `npm run bench:retrieval` (bench/retrieval.ts), in a process of its own so its
// latency and resident memory are its own, like the peer engines'. It loads a knowledge base as the server does
// (loadService: the knowledge-base file, jieba-wasm for questions; answer cache off) and answers one request
// per stdin line:
//   in:  {"q": "<question>", "mode": "rank" | "search", "k": 100}
//   out: {"ms": <time in the engine>, "hits": [{"path": "<document path>", "article": "第…条" | null}, …]}
// rank:   the ranking's candidate phase without answer extraction — QaService.analyze, the known-question
//         evidence (none in a text-only knowledge base) and rankPassages with the default ranking, top k.
// search: QaService.search(q, k) — /api/search's code path, what eval:stard scores (facets and totals included).
// Both go through the service's public entry points, so they measure whatever the search core does when it changes.
import { createInterface } from 'node:readline';
import { loadService } from '../src/adapters/node/load.js';
import { parseSettings } from '../src/settings.js';
import { DEFAULT_RANKING, rankPassages } from '../src/search/search.js';

const kbPath = process.argv[2];
if (!kbPath) {
  console.error('usage: node --import tsx bench/retrieval-worker.ts <kb.sqlite>');
  process.exit(2);
}
const settings = parseSettings(process.env);
const service = loadService(kbPath, { ...settings, ANSWER_CACHE_SIZE: 0 });
const pathOf = (docId: string) => service.kb.summary(docId)?.path ?? '';
console.log(JSON.stringify({ ready: true, passages: service.kb.passageCount }));

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { q, mode, k = 100 } = JSON.parse(line) as { q: string; mode: 'rank' | 'search'; k?: number };
  let hits: { path: string; article: string | null }[];
  let ms: number;
  if (mode === 'rank') {
    const t0 = performance.now();
    const query = service.analyze(q);
    const ranked = rankPassages(service.kb, query, {}, DEFAULT_RANKING, service.evidenceFor(query)).slice(0, k);
    ms = performance.now() - t0;
    hits = ranked.map((r) => ({ path: pathOf(r.passage.docId), article: r.passage.article }));
  } else {
    const t0 = performance.now();
    const results = service.search(q, k, 0).results;
    ms = performance.now() - t0;
    hits = results.map((r) => ({ path: pathOf(r.docId), article: r.article }));
  }
  console.log(JSON.stringify({ ms, hits }));
}
