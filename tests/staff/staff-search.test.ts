// The staff search (/figures?q=, /commitments?q=) and the term matcher under it
// were made cheap per request (issue #16, finding 1): each word's lookups once
// per search, splits of a long term bounded by the corpus's longest word, each
// item's normalised text made once. These tests hold that the answers did not
// change: termMatcher agrees with termInText's definition (every cut into two
// known words, the parts at most 3 characters apart) on every passage of the
// bundled report, and the per-search matcher gives every figure and commitment
// exactly the coverage the per-item computation gave. Plus the cap on the words
// a search reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/search/knowledge-base.js';
import type { AnalyzedQuery } from '../../src/search/query.js';
import { coverageWeight, termInText, termMatcher } from '../../src/search/search.js';
import { commitmentsFor } from '../../src/staff/commitments.js';
import { figuresFor } from '../../src/staff/figures.js';
import { MAX_STAFF_SEARCH_WORDS, STAFF_SEARCH_MIN_COVERAGE, queryCoverage, searchableText, staffSearch } from '../../src/staff/text-match.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;
let kb: KnowledgeBase;

beforeAll(async () => {
  ctx = await setupCorpusApp();
  kb = ctx.service.kb;
});

afterAll(() => ctx?.cleanup());

/** termInText as it is defined: the term as typed, or (not a word itself) any cut into two words of the corpus standing ≤ 3 apart. */
function definedTermInText(term: string, text: string): boolean {
  if (text.includes(term)) return true;
  if (term.length < 3 || kb.documentFrequency(term)) return false;
  for (let cut = 2; cut <= term.length - 1; cut++) {
    const head = term.slice(0, cut);
    const tail = term.slice(cut);
    if (!kb.documentFrequency(head) || !kb.documentFrequency(tail)) continue;
    for (let at = text.indexOf(head); at !== -1; at = text.indexOf(head, at + 1)) {
      const next = text.indexOf(tail, at + head.length);
      if (next !== -1 && next - (at + head.length) <= 3) return true;
    }
  }
  return false;
}

/** A staff search's coverage of one text as it is defined: per idea its longest typed word, weighted by IDF. */
function definedCoverage(query: AnalyzedQuery, text: string): number {
  const groups = new Map<string, { term: string; weight: number }>();
  for (const t of query.terms) {
    if (t.origin !== 'query') continue;
    const g = groups.get(t.group);
    const weight = coverageWeight(kb, t);
    if (!g) groups.set(t.group, { term: t.term, weight });
    else {
      if (t.term.length > g.term.length) g.term = t.term;
      g.weight = Math.max(g.weight, weight);
    }
  }
  if (groups.size === 0) return 1;
  const normalized = normalizeForMatch(text);
  let total = 0;
  let covered = 0;
  for (const g of groups.values()) {
    total += g.weight;
    if (definedTermInText(g.term, normalized)) covered += g.weight;
  }
  return total > 0 ? covered / total : 1;
}

const passageTexts = () => Array.from({ length: kb.passageCount }, (_, ord) => kb.matchText(ord));

describe('termMatcher', () => {
  it('agrees with the definition on every passage, for words, compounds of two words and long terms', () => {
    const isWord = (w: string) => kb.documentFrequency(w) > 0;
    const words = [...kb.vocabulary()].filter((w) => /^[\u4e00-\u9fff]{2,}$/.test(w));
    const longest = words.reduce((a, w) => (w.length > a.length ? w : a), '');
    const texts = passageTexts();
    const terms = new Set<string>();
    // Compounds that are no word themselves, of two words standing 1–3 characters apart in a passage (服务实体平台 → 服务平台).
    for (const text of texts.slice(0, 60)) {
      for (let i = 0; i + 6 < text.length; i += 3) {
        const head = text.slice(i, i + 2);
        const tail = text.slice(i + 3 + (i % 3), i + 5 + (i % 3));
        if (isWord(head) && isWord(tail) && !isWord(head + tail)) terms.add(head + tail);
      }
    }
    // Longer than SHORT_TERM, where the longest word bounds the cuts tried; tested on texts that have them split as well.
    const longTerms = words.slice(0, 30).map((w, i) => longest + w + (i % 2 ? words[i + 30] : ''));
    for (const t of longTerms) terms.add(t);
    const splitTexts = longTerms.flatMap((t) => [0, 1, 3, 4].map((gap) => `前文${longest}${'，的了'.slice(0, gap)}${t.slice(longest.length)}后文`));
    for (const w of words.slice(0, 200)) terms.add(w);
    terms.add('1'.repeat(499));
    terms.add('行政'.repeat(40));
    let hits = 0;
    let splitHits = 0;
    for (const term of terms) {
      const matcher = termMatcher(kb, term);
      for (const text of [...texts, ...splitTexts]) {
        const expected = definedTermInText(term, text);
        expect(matcher(text), `${term} in ${text.slice(0, 40)}`).toBe(expected);
        if (expected) hits++;
        if (expected && !text.includes(term)) splitHits++;
      }
    }
    // The check means something: terms found, many of them only by a split, long ones too.
    expect(hits).toBeGreaterThan(100);
    expect(splitHits).toBeGreaterThan(50);
    expect(longTerms.filter((t) => splitTexts.some((text) => !text.includes(t) && definedTermInText(t, text))).length).toBeGreaterThan(10);
  });

  it('termInText is the matcher for one text', () => {
    const text = kb.matchText(0);
    for (const term of ['行政复议', '服务平台', '法治政府建设年度报告', '1'.repeat(499)]) {
      expect(termInText(kb, term, text)).toBe(termMatcher(kb, term)(text));
    }
  });
});

describe('staff search', () => {
  // Ordinary searches staff make: words and phrases of the report, Traditional input, a pasted clause.
  const SEARCHES = ['行政复议', '纠错率', '法治政府', '行政執法', '政务公开 服务平台', '12345', '2022年', '培训 领导干部', '依法行政 考核', '推进严格规范公正文明执法'];

  it('gives every figure and commitment the coverage it is defined to have, with one matcher per search', () => {
    const figures = figuresFor(kb);
    const commitments = commitmentsFor(kb);
    const figureText = searchableText((f: (typeof figures)[number]) => `${f.subject} ${f.heading.join(' ')} ${f.sentence}`);
    let matched = 0;
    for (const q of SEARCHES) {
      const query = ctx.service.analyze(q);
      const search = staffSearch(kb, query);
      for (const f of figures) {
        const whole = `${f.subject} ${f.heading.join(' ')} ${f.sentence}`;
        expect(search.coverage(figureText(f)), `${q}: ${f.id}`).toBe(definedCoverage(query, whole));
        expect(search.coverage(normalizeForMatch(f.subject))).toBe(definedCoverage(query, f.subject));
        if (search.coverage(figureText(f)) >= STAFF_SEARCH_MIN_COVERAGE) matched++;
      }
      for (const m of commitments) {
        const text = `${m.heading.join(' ')} ${m.text}`;
        expect(search.coverage(normalizeForMatch(text)), `${q}: ${m.id}`).toBe(definedCoverage(query, text));
        expect(queryCoverage(kb, query, text)).toBe(definedCoverage(query, text));
      }
    }
    expect(matched).toBeGreaterThan(10);
  });

  it('lists on /api/figures and /api/commitments exactly the items the definition matches', async () => {
    for (const q of SEARCHES.slice(0, 4)) {
      const query = ctx.service.analyze(q);
      const figures = figuresFor(kb).filter((f) => definedCoverage(query, `${f.subject} ${f.heading.join(' ')} ${f.sentence}`) >= STAFF_SEARCH_MIN_COVERAGE);
      const commitments = commitmentsFor(kb).filter((m) => definedCoverage(query, `${m.heading.join(' ')} ${m.text}`) >= STAFF_SEARCH_MIN_COVERAGE);
      const apiFigures = (await (await ctx.app.request(`/api/figures?limit=1000&q=${encodeURIComponent(q)}`)).json()) as { total: number; figures: { id: string }[] };
      expect(apiFigures.total, q).toBe(figures.length);
      expect(new Set(apiFigures.figures.map((f) => f.id))).toEqual(new Set(figures.map((f) => f.id)));
      const apiCommitments = (await (await ctx.app.request(`/api/commitments?q=${encodeURIComponent(q)}`)).json()) as { total: number; commitments: { id: string }[] };
      expect(apiCommitments.total, q).toBe(commitments.length);
      expect(apiCommitments.commitments.map((m) => m.id)).toEqual(commitments.slice(0, 50).map((m) => m.id));
    }
  });

  it(`reads at most ${MAX_STAFF_SEARCH_WORDS} words of a search; the rest is ignored`, () => {
    const words = [...kb.vocabulary()].filter((w) => /^[\u4e00-\u9fff]{2}$/.test(w));
    const read = ctx.service.analyze(words.slice(0, 80).join(' '));
    const ideas = new Set(read.terms.filter((t) => t.origin === 'query').map((t) => t.group));
    expect(ideas.size).toBeGreaterThan(MAX_STAFF_SEARCH_WORDS);
    // Words past the cap change nothing: a text with all of them covers no more than one with the first ones.
    const firstIdeas = [...ideas].slice(0, MAX_STAFF_SEARCH_WORDS);
    const firstTerms = read.terms.filter((t) => t.origin === 'query' && firstIdeas.includes(t.group));
    const capped = { ...read, terms: firstTerms };
    for (const f of figuresFor(kb).slice(0, 300)) {
      const text = normalizeForMatch(`${f.subject} ${f.sentence}`);
      expect(staffSearch(kb, read).coverage(text)).toBe(staffSearch(kb, capped).coverage(text));
    }
  });

  it('answers a search of nothing searchable with full coverage, as before', () => {
    const query = ctx.service.analyze('？？');
    expect(staffSearch(kb, query).coverage('任何文字')).toBe(1);
  });
});
