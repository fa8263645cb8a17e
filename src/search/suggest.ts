// 猜你想问: suggestions as the visitor types — questions only, and documents to
// open: the popular questions (answered with confidence, approved, not voted
// down: src/staff/popular.ts), questions made from the knowledge base's headings
// where one reads naturally (question-forms.ts; a heading is never offered as it
// stands, issue #17), and document titles, which open the document. A small
// MiniSearch index (prefix and fuzzy search) held in memory, built lazily and
// bounded — the statute-scale knowledge base has thousands of headings, most of
// them generic (总则, 附则), so only distinct, specific ones are kept.
import MiniSearch from 'minisearch';
import type { KnowledgeBase } from './knowledge-base.js';
import { normalizeForMatch } from '../text/normalize.js';
import { questionKey } from '../staff/query-log.js';
import { splitLead } from '../text/sentences.js';
import { headingPhrase, headingQuestion, isReportKind } from './question-forms.js';

export type SuggestionKind = 'popular' | 'heading' | 'title';

export interface Suggestion {
  /** A question (popular, or made from a heading), or a document title. */
  text: string;
  kind: SuggestionKind;
  /** The document a `title` suggestion opens. */
  docId?: string;
}

/** What an index is built from: questions made from headings, and titles with their documents. */
export interface SuggestionEntry {
  text: string;
  kind: Exclude<SuggestionKind, 'popular'>;
  docId?: string;
}

export interface SuggestionOptions {
  /** Most questions made from headings indexed (a statute's chapters each give one, so a large library has thousands). */
  maxHeadings: number;
  /** Most document titles indexed. */
  maxTitles: number;
  /** A heading used in more documents than this is generic (总则, 法律责任) and left out. */
  maxHeadingDocuments: number;
}

export const DEFAULT_SUGGESTION_OPTIONS: SuggestionOptions = { maxHeadings: 6000, maxTitles: 2000, maxHeadingDocuments: 10 };

const KIND_BOOST: Record<SuggestionKind, number> = { popular: 3, title: 1.2, heading: 1 };

// Numbering in front of a heading: 第三章 / 第二节 / 一、 / （一） / 1. / (1) / 三是
const HEADING_NUMBER =
  /^(?:第[一二三四五六七八九十百千零〇\d]+[编章节部分]+\s*|[一二三四五六七八九十百]+[、.．]\s*|[（(][一二三四五六七八九十百\d]+[)）]\s*|\d+[.．、]\s*|[一二三四五六七八九十]+是)+/u;

/**
 * A heading's own text, without its numbering and final punctuation; null when unfit (too short, too long, an
 * amendment instruction). Never offered as a suggestion itself (issue #17): suggestions are questions made from
 * headings by headingQuestion (question-forms.ts).
 */
export function headingSuggestion(heading: string): string | null {
  const text = splitLead(heading)
    .lead.replace(HEADING_NUMBER, '')
    .replace(/[：:。；;，,]+$/u, '')
    .trim();
  const length = [...text].length;
  if (length < 4 || length > 30) return null;
  if (/修改为|修订为|删去|[“”"]/.test(text)) return null;
  return text;
}

/**
 * Index terms: character bigrams of Chinese runs (a single character when the
 * run is one long) and whole words of Latin letters or digits, all in match form
 * — Traditional input meets Simplified headings.
 */
export function suggestionTerms(text: string): string[] {
  const terms: string[] = [];
  for (const run of normalizeForMatch(text).match(/[\u3400-\u9fff]+|[a-z0-9]+/g) ?? []) {
    if (!/[\u3400-\u9fff]/.test(run) || run.length === 1) {
      terms.push(run);
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
  }
  return terms;
}

interface SuggestionDoc {
  id: string;
  text: string;
  kind: SuggestionKind;
  docId?: string;
}

export class SuggestionIndex {
  private readonly index = new MiniSearch<SuggestionDoc>({
    fields: ['text'],
    storeFields: ['text', 'kind', 'docId'],
    tokenize: suggestionTerms,
    processTerm: (term) => term,
  });
  private popularIds: string[] = [];

  constructor(entries: SuggestionEntry[]) {
    const seen = new Set<string>();
    const docs: SuggestionDoc[] = [];
    for (const e of entries) {
      const key = questionKey(e.text);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      docs.push({ id: `${e.kind}:${key}`, text: e.text, kind: e.kind, ...(e.docId ? { docId: e.docId } : {}) });
    }
    this.index.addAll(docs);
  }

  /**
   * Questions made from the headings of a knowledge base (headingQuestion: only those that read naturally, never
   * a heading as it stands) and its document titles (kind `title`: shown as documents to open), bounded by the options.
   */
  static fromKnowledgeBase(kb: KnowledgeBase, options: SuggestionOptions = DEFAULT_SUGGESTION_OPTIONS): SuggestionIndex {
    const entries: SuggestionEntry[] = [];
    const documents = kb.documents().filter((d) => !d.superseded);
    for (const d of documents.slice(0, options.maxTitles)) entries.push({ text: d.title, kind: 'title', docId: d.id });
    const byOrd = new Map(documents.map((d) => [d.ord, d]));
    // A library of several regions' reports: questions from a report name its region.
    const regions = documents.filter((d) => isReportKind(d.frame.kind ?? d.type) && d.frame.region).map((d) => d.frame.region);
    const qualify = new Set(regions).size > 1;
    // How many documents use each heading, to leave out the generic ones; each counts once per document.
    const headingDocs = new Map<string, { count: number; questions: string[] }>();
    let doc = -1;
    let seen = new Set<string>();
    for (const p of kb.store.headingParagraphs()) {
      const d = byOrd.get(p.docOrd);
      if (!d) continue;
      if (p.docOrd !== doc) [doc, seen] = [p.docOrd, new Set()];
      const phrase = headingPhrase(p.text);
      if (!phrase || seen.has(phrase)) continue;
      seen.add(phrase);
      let entry = headingDocs.get(phrase);
      if (!entry) headingDocs.set(phrase, (entry = { count: 0, questions: [] }));
      entry.count++;
      if (entry.count > options.maxHeadingDocuments) continue;
      const question = headingQuestion(p.text, { title: d.title, kind: d.frame.kind ?? d.type ?? null, region: d.frame.region, qualify });
      if (question && !entry.questions.includes(question)) entry.questions.push(question);
    }
    let headings = 0;
    for (const { count, questions } of headingDocs.values()) {
      if (count > options.maxHeadingDocuments) continue;
      for (const text of questions) {
        if (++headings > options.maxHeadings) break;
        entries.push({ text, kind: 'heading' });
      }
    }
    return new SuggestionIndex(entries);
  }

  /** Replaces the popular questions (most asked first). */
  setPopular(questions: string[]): void {
    for (const id of this.popularIds) this.index.discard(id);
    const seen = new Set<string>();
    const docs: SuggestionDoc[] = [];
    for (const text of questions) {
      const key = questionKey(text);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      docs.push({ id: `popular:${key}`, text, kind: 'popular' });
    }
    this.index.addAll(docs);
    this.popularIds = docs.map((d) => d.id);
  }

  get size(): number {
    return this.index.documentCount;
  }

  /**
   * Suggestions for what has been typed so far: every term must match (the
   * last one as a prefix, Latin words of four letters or more fuzzily); when
   * nothing matches them all, entries matching most of them.
   */
  suggest(typed: string, limit = 8): Suggestion[] {
    const terms = suggestionTerms(typed);
    if (terms.length === 0) return [];
    const options = {
      prefix: (_term: string, i: number, all: string[]) => i === all.length - 1,
      fuzzy: (term: string) => (/^[a-z]{4,}$/.test(term) ? 0.2 : false),
      boostDocument: (_id: unknown, _term: string, stored?: Record<string, unknown>) => KIND_BOOST[stored?.kind as SuggestionKind] ?? 1,
    };
    let results = this.index.search(typed, { ...options, combineWith: 'AND' });
    if (results.length === 0 && terms.length > 2) {
      const needed = Math.ceil(terms.length * 0.6);
      results = this.index.search(typed, { ...options, combineWith: 'OR' }).filter((r) => r.queryTerms.length >= needed);
    }
    const typedKey = questionKey(typed);
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    for (const r of results) {
      const text = r.text as string;
      const key = questionKey(text);
      if (key === typedKey || seen.has(key)) continue;
      seen.add(key);
      const docId = r.docId as string | undefined;
      out.push(docId ? { text, kind: r.kind as SuggestionKind, docId } : { text, kind: r.kind as SuggestionKind });
      if (out.length >= limit) break;
    }
    return out;
  }
}

const indexes = new WeakMap<KnowledgeBase, SuggestionIndex>();

/** The knowledge base's suggestion index, built on first use and kept as long as the knowledge base. */
export function suggestionIndexFor(kb: KnowledgeBase): SuggestionIndex {
  let index = indexes.get(kb);
  if (!index) indexes.set(kb, (index = SuggestionIndex.fromKnowledgeBase(kb)));
  return index;
}
