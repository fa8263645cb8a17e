// Staff teachings (issue #18, /admin/teach): what staff teach the portal from
// the admin pages, without re-running ingest.
//
// - A taught question: a question (unanswered, low-confidence or rated 没用)
//   with the passages staff picked as its answer. It joins the knowledge base's
//   own known questions (src/search/known-questions.ts), so similar questions
//   are voted towards those passages, and the question asked again is answered
//   from the first chosen passage (taughtAnswerLookup).
// - A curated answer (问答对): a question that must be answered in a set way
//   (办事 guidance), with its text, the source page and date, who reviewed it
//   and when it expires. Served as such, labelled 人工审核, never after expiry.
//
// Passages are kept by id (docId:n), which a re-ingest of the same documents
// keeps; they are resolved to ordinals of the knowledge base being served each
// time the teachings are applied, so a reload re-applies them (a passage the
// new knowledge base no longer has is skipped, and flagged on the page).
// Storage is the runtime's (TeachingsStore: the Node log database, migrations/0005_teachings.sql).
import { z } from 'zod';
import type { ExtractedAnswer } from '../search/answer.js';
import type { KnowledgeBase } from '../search/knowledge-base.js';
import type { KnownQuestion } from '../search/known-questions.js';
import type { AnalyzedQuery } from '../search/query.js';
import { DEFAULT_RANKING, rankPassages, type RankedPassage } from '../search/search.js';
import type { CuratedAnswerHit, QaService } from '../service.js';
import { cleanText, normalizeForMatch, toSimplified } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import { cjkBigrams } from '../text/tokenize.js';
import { questionKey } from './query-log.js';

/** Longest question taught or curated (characters). */
export const TEACH_QUESTION_MAX = 200;
/** Most passages one question is taught with. */
export const TEACH_PASSAGES_MAX = 5;
/** Longest staff note on a teaching. */
export const TEACH_NOTE_MAX = 300;
/** Longest curated answer text. */
export const CURATED_ANSWER_MAX = 1000;
/** Longest source URL. */
export const CURATED_URL_MAX = 500;
/** Citations a taught answer lists (the chosen passages first). */
const TAUGHT_CITATIONS = 5;

export interface TaughtQuestion {
  id: number;
  question: string;
  /** The chosen passages' ids (docId:n), in the order chosen: the first is the answer's source. */
  passageIds: string[];
  note: string;
  createdBy: string;
  /** ISO time. */
  createdAt: string;
}

export interface CuratedAnswer {
  id: number;
  question: string;
  answer: string;
  sourceUrl: string;
  /** YYYY-MM-DD. */
  sourceDate: string;
  reviewedBy: string;
  /** ISO time of the last review (save). */
  reviewedAt: string;
  /** ISO time after which it is no longer served. */
  expiresAt: string;
  createdBy: string;
  createdAt: string;
}

export interface TeachingsSnapshot {
  taught: TaughtQuestion[];
  curated: CuratedAnswer[];
}

export type NewTaught = Omit<TaughtQuestion, 'id'>;
export type NewCurated = Omit<CuratedAnswer, 'id'>;

/** Thrown by a store when a curated answer for the same question exists already (another id). */
export class TeachingConflict extends Error {}

/** Where teachings are kept (Node: the log database). Every call may throw when the storage fails. */
export interface TeachingsStore {
  snapshot(): Promise<TeachingsSnapshot>;
  /** Saves a taught question; one taught the same way before (same question key) is replaced. */
  addTaught(t: NewTaught): Promise<TaughtQuestion>;
  removeTaught(id: number): Promise<boolean>;
  /** Adds (id undefined) or replaces a curated answer; null when the id does not exist. Throws TeachingConflict for a duplicate question. */
  saveCurated(c: NewCurated, id?: number): Promise<CuratedAnswer | null>;
  removeCurated(id: number): Promise<boolean>;
  close?(): void;
}

/** The key a question is matched by (as the question log keys it: width, case, spaces, closing punctuation), in 简体. */
export function teachingKey(question: string): string {
  return questionKey(toSimplified(cleanText(question).trim()));
}

// ---- validation ------------------------------------------------------------------------------------------

/** A form field: its string, '' when absent, the first when repeated. */
function field(v: unknown): string {
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' ? v : '';
}

const questionField = z
  .string()
  .transform((s) => cleanText(s).trim())
  .pipe(z.string().min(1, 'question is empty').max(TEACH_QUESTION_MAX, `question is longer than ${TEACH_QUESTION_MAX} characters`));

const PASSAGE_ID = /^[^\s:]{1,200}:\d{1,7}$/;

const TaughtForm = z.object({
  question: questionField,
  passages: z
    .array(z.string().regex(PASSAGE_ID, 'a passage id is malformed'))
    .min(1, 'pick at least one passage')
    .max(TEACH_PASSAGES_MAX, `pick at most ${TEACH_PASSAGES_MAX} passages`),
  note: z.string().transform((s) => cleanText(s).trim()).pipe(z.string().max(TEACH_NOTE_MAX, `note is longer than ${TEACH_NOTE_MAX} characters`)),
});

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string) => ISO_DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

const CuratedForm = z.object({
  question: questionField,
  answer: z
    .string()
    .transform((s) => cleanText(s).trim())
    .pipe(z.string().min(1, 'answer is empty').max(CURATED_ANSWER_MAX, `answer is longer than ${CURATED_ANSWER_MAX} characters`)),
  sourceUrl: z
    .string()
    .trim()
    .max(CURATED_URL_MAX, `source URL is longer than ${CURATED_URL_MAX} characters`)
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
      } catch {
        return false;
      }
    }, 'source URL must be an http:// or https:// address'),
  sourceDate: z.string().trim().refine(validDay, 'source date must be a date like 2026-03-01'),
  reviewedBy: z.string().transform((s) => cleanText(s).replace(/[<>\p{Cc}]/gu, '').trim().slice(0, 40)),
  expires: z.string().trim().refine((s) => s === '' || validDay(s), 'expiry must be a date like 2026-12-31'),
});

export type TaughtInput = z.infer<typeof TaughtForm>;
export type CuratedInput = z.infer<typeof CuratedForm>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parsed<T>(result: { success: true; data: T } | { success: false; error: z.ZodError }): Parsed<T> {
  return result.success ? { ok: true, value: result.data } : { ok: false, error: result.error.issues.map((i) => i.message).join('; ') };
}

/** A taught question from a form (fields question, passage (repeated), note). */
export function parseTaughtForm(form: Record<string, unknown>): Parsed<TaughtInput> {
  const raw = form.passage ?? form['passage[]'];
  const passages = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((p): p is string => typeof p === 'string');
  return parsed(TaughtForm.safeParse({ question: field(form.question), passages: [...new Set(passages.map((p) => p.trim()))], note: field(form.note) }));
}

/** A curated answer from a form (question, answer, sourceUrl, sourceDate, reviewedBy, expires). */
export function parseCuratedForm(form: Record<string, unknown>): Parsed<CuratedInput> {
  return parsed(
    CuratedForm.safeParse({
      question: field(form.question),
      answer: field(form.answer),
      sourceUrl: field(form.sourceUrl),
      sourceDate: field(form.sourceDate),
      reviewedBy: field(form.reviewedBy),
      expires: field(form.expires),
    }),
  );
}

/** A record id from a form: a positive integer, else null. */
export function parseId(v: unknown): number | null {
  const s = field(v).trim();
  return /^[1-9]\d{0,9}$/.test(s) ? Number(s) : null;
}

/** When a curated answer saved now expires: the end (China time, UTC+8) of the day given, else `days` from now. */
export function expiryOf(expires: string, now: number, days: number): string {
  if (expires) return new Date(Date.parse(`${expires}T23:59:59.999+08:00`)).toISOString();
  return new Date(now + days * 86_400_000).toISOString();
}

export function isExpired(c: Pick<CuratedAnswer, 'expiresAt'>, now: number): boolean {
  return Date.parse(c.expiresAt) <= now;
}

// ---- passages ---------------------------------------------------------------------------------------------

/** A passage's ordinal in this knowledge base by its id (docId:n), or undefined when it has none such. */
export function passageOrdinal(kb: KnowledgeBase, id: string): number | undefined {
  const at = id.lastIndexOf(':');
  if (at <= 0) return undefined;
  const doc = kb.documents().find((d) => d.id === id.slice(0, at));
  if (!doc) return undefined;
  const docOf = kb.store.passageDoc;
  for (let ord = 0; ord < docOf.length; ord++) if (docOf[ord] === doc.ord && kb.passage(ord).id === id) return ord;
  return undefined;
}

/** The taught questions as known questions of this knowledge base (passages it lacks skipped; none left: left out). */
export function taughtKnownQuestions(kb: KnowledgeBase, taught: TaughtQuestion[]): KnownQuestion[] {
  const out: KnownQuestion[] = [];
  for (const t of taught) {
    const passages = t.passageIds.map((id) => passageOrdinal(kb, id)).filter((o): o is number => o !== undefined);
    if (passages.length) out.push({ question: t.question, passages });
  }
  return out;
}

/**
 * The sentence of a passage that best fits the question, verbatim: the weight of the query's terms it holds (its
 * own words and their expansions: 吵架 → 纠纷), then the character bigrams it shares; the first at a tie.
 */
function bestSentence(text: string, query: AnalyzedQuery): string {
  const all = splitSentences(text);
  if (all.length === 0) return text.trim();
  // A paragraph's numbered lead (1. 加强人民调解工作。) names its topic; the sentences after it say what was done.
  const said = all.filter((s) => !LEAD.test(s) && [...s].length >= 12);
  const sentences = said.length ? said : all;
  const bigrams = new Set(cjkBigrams(normalizeForMatch(query.normalized)));
  let best = sentences[0];
  let bestScore = -1;
  for (const s of sentences) {
    const norm = normalizeForMatch(s);
    let score = 0;
    for (const t of query.terms) if (norm.includes(normalizeForMatch(t.term))) score += t.weight;
    for (const b of bigrams) if (norm.includes(b)) score += 0.1;
    if (score > bestScore) (best = s), (bestScore = score);
  }
  return best.replace(/[；;，,、]$/, '');
}

/** A numbered heading sentence: 1. … / 一、… / （一）… / 一是… */
const LEAD = /^\s*(?:\d{1,2}\s*[.．、]|[一二三四五六七八九十]{1,3}\s*[、是]|[（(][一二三四五六七八九十\d]{1,3}[)）])/u;

/**
 * The answer for a question staff taught: the sentence of the first chosen passage that best fits the question,
 * with the chosen passages as the first citations and the ranking's others after them.
 */
export function taughtAnswerLookup(kb: KnowledgeBase, taught: TaughtQuestion[]) {
  const byKey = new Map<string, number[]>();
  for (const t of taught) {
    const ords = t.passageIds.map((id) => passageOrdinal(kb, id)).filter((o): o is number => o !== undefined);
    if (ords.length) byKey.set(teachingKey(t.question), ords);
  }
  return (base: KnowledgeBase, query: AnalyzedQuery, evidence: Parameters<typeof rankPassages>[4]): ExtractedAnswer | undefined => {
    if (base !== kb) return undefined;
    const ords = byKey.get(teachingKey(query.raw));
    if (!ords) return undefined;
    const ranked = rankPassages(kb, query, {}, DEFAULT_RANKING, evidence);
    const top = ranked[0]?.score ?? 1;
    const chosen: RankedPassage[] = ords.map(
      (ord) => ranked.find((r) => r.ord === ord) ?? { ord, passage: kb.passage(ord), score: top, matched: [], coverage: 0 },
    );
    const citations = [...chosen, ...ranked.filter((r) => !ords.includes(r.ord))].slice(0, Math.max(TAUGHT_CITATIONS, chosen.length));
    return { text: bestSentence(chosen[0].passage.text, query), facts: [], confidence: 1, type: query.type, citations, reason: null, sourceRank: 0 };
  };
}

/** The curated answers in force, by question key, checked against the clock at each question. */
export function curatedAnswerLookup(curated: CuratedAnswer[]): (question: string, now: number) => CuratedAnswerHit | undefined {
  const byKey = new Map(curated.map((c) => [teachingKey(c.question), c]));
  return (question, now) => {
    const c = byKey.get(teachingKey(question));
    if (!c || isExpired(c, now)) return undefined;
    return { id: c.id, answer: c.answer, sourceUrl: c.sourceUrl, sourceDate: c.sourceDate, reviewedBy: c.reviewedBy, reviewedAt: c.reviewedAt, expiresAt: c.expiresAt };
  };
}

/** A service answering from the knowledge base's own known questions plus the taught ones, with taught and curated answers. */
export function withTeachings(base: QaService, snapshot: TeachingsSnapshot): QaService {
  if (snapshot.taught.length === 0 && snapshot.curated.length === 0) return base;
  const kb = base.kb;
  const taught = taughtKnownQuestions(kb, snapshot.taught);
  return base.withTeachings({
    knownQuestions: [...kb.store.knownQuestions(), ...taught],
    taughtAnswer: taught.length ? taughtAnswerLookup(kb, snapshot.taught) : undefined,
    curatedAnswer: snapshot.curated.length ? curatedAnswerLookup(snapshot.curated) : undefined,
  });
}

/**
 * The teachings applied to whichever service is current: apply() gives the base service with them on top (the
 * same object for the same base until they change), refresh() re-reads them after staff save or remove one.
 */
export class Teachings {
  private snapshot: TeachingsSnapshot = { taught: [], curated: [] };
  private applied = new WeakMap<QaService, QaService>();

  constructor(readonly store: TeachingsStore) {}

  /** Re-reads the store; services applied from now on include what it holds. */
  async refresh(): Promise<void> {
    this.snapshot = await this.store.snapshot();
    this.applied = new WeakMap();
  }

  current(): TeachingsSnapshot {
    return this.snapshot;
  }

  apply(base: QaService): QaService {
    let s = this.applied.get(base);
    if (!s) this.applied.set(base, (s = withTeachings(base, this.snapshot)));
    return s;
  }
}
