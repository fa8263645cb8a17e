// Tolerance of typos and homophones: a question word the corpus never uses is
// matched to corpus words that sound the same (复义 → 复议, 审合 → 审核,
// 妙批 → 秒批 is not a homophone and stays unmatched). Pinyin comes from
// pinyin-pro, a maintained converter; the index of corpus words by sound is
// built once per knowledge base, on first need.
import { pinyin } from 'pinyin-pro';
import type { KnowledgeBase } from './knowledge-base.js';
import type { AnalyzedQuery, QueryTerm } from './query.js';

/** Weight of a sound-alike replacement relative to the word as typed. */
const TYPO_WEIGHT = 0.9;
const CJK_WORD = /^[\u3400-\u9fff]{2,4}$/;

const soundIndexes = new WeakMap<KnowledgeBase, Map<string, string[]>>();

/** Toneless pinyin of a word, syllables joined: 复议 → "fu yi". */
export function soundKey(word: string): string {
  return pinyin(word, { toneType: 'none', type: 'array' }).join(' ');
}

function soundIndex(kb: KnowledgeBase): Map<string, string[]> {
  let index = soundIndexes.get(kb);
  if (!index) {
    index = new Map();
    for (const term of kb.vocabulary()) {
      if (!CJK_WORD.test(term)) continue;
      const key = soundKey(term);
      const list = index.get(key);
      if (list) list.push(term);
      else index.set(key, [term]);
    }
    soundIndexes.set(kb, index);
  }
  return index;
}

function differingChars(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

/** Adds, for each question word unknown to the corpus, the most frequent corpus word that sounds the same. */
export function addSoundAlikes(kb: KnowledgeBase, query: AnalyzedQuery): AnalyzedQuery {
  const extra: QueryTerm[] = [];
  const present = new Set(query.terms.map((t) => t.term));
  for (const t of query.terms) {
    if (t.origin !== 'query' || !CJK_WORD.test(t.term) || kb.documentFrequency(t.term) > 0) continue;
    const candidates = soundIndex(kb).get(soundKey(t.term)) ?? [];
    let best: string | undefined;
    for (const c of candidates) {
      // A typo changes some characters, not all: 复义 → 复议 shares 复, while 这是 is no misspelt 赭石.
      if (c === t.term || differingChars(c, t.term) > Math.floor(c.length / 2)) continue;
      if (!best || kb.documentFrequency(c) > kb.documentFrequency(best)) best = c;
    }
    if (best && !present.has(best)) {
      present.add(best);
      extra.push({ ...t, term: best, weight: t.weight * TYPO_WEIGHT, origin: 'typo' });
    }
  }
  return extra.length ? { ...query, terms: [...query.terms, ...extra] } : query;
}
