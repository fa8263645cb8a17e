// Building a knowledge base from parsed documents, once, at ingest: passages
// with their heading paths, the inverted index, the corpus's own words for the
// segmenter, versions of one law grouped so the newest is cited, documents that
// others cite by 《title》 marked as central, and known questions resolved.
import { inferFrame } from './frame.js';
import { citationKey } from '../text/citation.js';
import { IndexBuilder } from './index-builder.js';
import { knownQuestionFeatures } from '../search/known-questions.js';
import { resolveKnownQuestions, type ArticleLookup } from './known-questions.js';
import type { LawStatus, Paragraph, ParsedDocument } from '../model/document.js';
import { repealedTitles } from './statute.js';
import { normalizeForMatch } from '../text/normalize.js';
import { buildPassages, DEFAULT_PASSAGE_OPTIONS, type PassageOptions } from './passages.js';
import { KB_FORMAT_VERSION, type BuiltPassage, type DocumentSummary, type KnownQuestionInput, type KnowledgeBaseBuild, type SourceDocument } from '../model/store.js';
import { tokenize, type Segmenter } from '../text/tokenize.js';

export type { KnowledgeBaseBuild, SourceDocument };

/**
 * Corpus terms worth teaching the segmenter: quoted terms (“两平台”, “放管服”) and
 * short 《titles》 are the documents' own vocabulary; jieba would cut them apart.
 */
export function collectUserWords(texts: Iterable<string>): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/[“"「『]([^”"」』]{2,8})[”"」』]/g)) {
      const w = m[1].trim();
      if (/^[\u3400-\u9fff]+$/.test(w)) words.add(w);
    }
    for (const m of text.matchAll(/[《〈]([^》〉]{2,12})[》〉]/g)) {
      const w = m[1].trim();
      if (/^[\u3400-\u9fff]+$/.test(w)) words.add(w);
    }
  }
  return [...words].sort();
}

/** The key under which versions of one law are grouped: its normalised title and subtitle. */
export function versionKey(doc: Pick<ParsedDocument, 'title' | 'subtitle'>): string {
  return normalizeForMatch(`${doc.title} ${doc.subtitle ?? ''}`).replace(/\s+/g, '');
}

/** Marks every document that a newer version of the same law supersedes. */
export function supersededFlags(docs: Pick<ParsedDocument, 'title' | 'subtitle' | 'versionDate'>[]): boolean[] {
  const newest = new Map<string, number>();
  docs.forEach((d, i) => {
    const key = versionKey(d);
    const best = newest.get(key);
    if (best === undefined || (d.versionDate ?? '') > (docs[best].versionDate ?? '')) newest.set(key, i);
  });
  return docs.map((d, i) => newest.get(versionKey(d)) !== i);
}

/** Types of text that can be repealed and replaced (not reports, notices or replies). */
const LAW_TYPES = new Set(['宪法', '法律', '行政法规', '司法解释', '部门规章', '地方性法规', '条例', '规定', '办法', '决定']);

/** A title without the qualifiers a provisional text carries: 民事诉讼法（试行） and 民事诉讼法 are one law's stages. */
function finalTitleKey(title: string): string {
  return citationKey(title).replace(/[(（]试行[)）]|[(（]草案[)）]|暂行/g, '');
}

/**
 * Which documents are no longer the text in force, and what replaced them, decided across the library:
 * - an older file of the same title (and subtitle) is a superseded version of the newest (历史版本);
 * - a law named in another law's 同时废止 clause (本法自…起施行。《…》同时废止) is repealed and replaced by
 *   it — every version of it, as long as it is not newer than the repealing law;
 * - a provisional law (…（试行）, …暂行…) of the same type as a later law whose title is the same without the
 *   qualifier is replaced by it. Containment alone is not enough: 合同法 is inside 劳动合同法, yet the Labour
 *   Contract Law did not replace the Contract Law (the Civil Code did, and says so in its 同时废止 clause).
 * The replacement is always the newest version of the replacing law.
 */
export function lawStatuses(
  docs: Pick<SourceDocument, 'id' | 'title' | 'subtitle' | 'versionDate' | 'type' | 'paragraphs'>[],
): (LawStatus | null)[] {
  const superseded = supersededFlags(docs);
  const newest = new Map<string, number>();
  docs.forEach((d, i) => {
    if (!superseded[i]) newest.set(versionKey(d), i);
  });
  const inForce = (i: number) => {
    const d = docs[newest.get(versionKey(docs[i])) ?? i];
    return { id: d.id, title: d.title };
  };
  const statuses: (LawStatus | null)[] = docs.map((d, i) =>
    superseded[i] ? { state: 'superseded', replacedBy: inForce(i), basis: 'version' } : null,
  );
  const isLaw = (d: (typeof docs)[number]) => d.paragraphs.some((p) => p.article);
  const byTitle = new Map<string, number[]>();
  docs.forEach((d, i) => {
    const key = citationKey(d.title);
    if (key.length >= 2) byTitle.set(key, [...(byTitle.get(key) ?? []), i]);
  });
  const newer = (a: number, b: number) => !docs[a].versionDate || !docs[b].versionDate || docs[a].versionDate! <= docs[b].versionDate!;
  docs.forEach((repealing, j) => {
    if (!isLaw(repealing)) return;
    for (const title of repealedTitles(repealing.paragraphs)) {
      for (const i of byTitle.get(citationKey(title)) ?? []) {
        if (versionKey(docs[i]) === versionKey(repealing) || !newer(i, j)) continue;
        statuses[i] = { state: 'repealed', replacedBy: inForce(j), basis: 'repeal-clause' };
      }
    }
  });
  const finals = new Map<string, number[]>();
  docs.forEach((d, i) => {
    if (!d.type || !LAW_TYPES.has(d.type) || !isLaw(d)) return;
    const key = `${d.type}|${finalTitleKey(d.title)}`;
    finals.set(key, [...(finals.get(key) ?? []), i]);
  });
  for (const group of finals.values()) {
    const final = group.filter((i) => finalTitleKey(docs[i].title) === citationKey(docs[i].title) && !superseded[i]);
    for (const i of group) {
      if (statuses[i]?.state === 'repealed' || finalTitleKey(docs[i].title) === citationKey(docs[i].title)) continue;
      const j = final.find((f) => newer(i, f) && docs[i].versionDate !== docs[f].versionDate);
      if (j !== undefined) statuses[i] = { state: 'repealed', replacedBy: inForce(j), basis: 'title' };
    }
  }
  return statuses;
}

/** How many other documents cite each document by 《title》. */
function citationCounts(sources: SourceDocument[]): number[] {
  const byKey = new Map<string, number[]>();
  sources.forEach((s, i) => {
    const key = citationKey(s.title);
    if (key.length >= 2) byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  const counts = sources.map(() => 0);
  sources.forEach((s, i) => {
    const cited = new Set<number>();
    for (const p of s.paragraphs) {
      for (const m of p.text.matchAll(/《([^》]{2,60})》/g)) {
        for (const j of byKey.get(citationKey(m[1])) ?? []) if (j !== i) cited.add(j);
      }
    }
    for (const j of cited) counts[j]++;
  });
  return counts;
}

/** Builds a knowledge base from parsed documents. The segmenter must already know `userWords`. */
export function buildKnowledgeBase(
  sources: SourceDocument[],
  segmenter: Segmenter,
  userWords: string[],
  options: PassageOptions = DEFAULT_PASSAGE_OPTIONS,
  onProgress?: (done: number, total: number) => void,
): KnowledgeBaseBuild {
  const superseded = supersededFlags(sources);
  // Marked, not demoted: a repealed law ranks as before (the STARD figures depend on it), and says what replaced it.
  const statuses = lawStatuses(sources);
  const citedBy = citationCounts(sources);
  const builder = new IndexBuilder();
  const passages: BuiltPassage[] = [];
  const passageDoc: number[] = [];
  const headingTerms = new Map<string, string[]>();
  const termsOf = (text: string) => {
    let terms = headingTerms.get(text);
    if (!terms) headingTerms.set(text, (terms = tokenize(text, segmenter)));
    return terms;
  };
  const documents: DocumentSummary[] = [];
  const paragraphs: Paragraph[][] = [];
  let bodyTotal = 0;
  let headingTotal = 0;

  sources.forEach((src, docOrd) => {
    // sourceUrl goes into the frame (inferFrame), not beside it.
    const { paragraphs: paras, frameOverride, sourceUrl: _sourceUrl, ...fields } = src;
    const docPassages = buildPassages(src.id, paras, options);
    const inferred = inferFrame(src, frameOverride);
    const status = statuses[docOrd];
    // In the frame's JSON: a knowledge base built before reads as "current", with no format change.
    const frame = status ? { ...inferred, status } : inferred;
    // Staff's corrected title (sidecar `title`) is the document's title everywhere: pages, citations, the index.
    const title = frameOverride?.title ?? src.title;
    documents.push({ ...fields, title, ord: docOrd, superseded: superseded[docOrd], citedBy: citedBy[docOrd], frame });
    paragraphs.push(paras);
    builder.addTitle(docOrd, tokenize(`${title} ${src.subtitle ?? ''}`, segmenter));
    for (const passage of docPassages) {
      const ord = passages.length;
      const body = tokenize(passage.text, segmenter);
      const heading = passage.heading.flatMap(termsOf);
      builder.addPassage(ord, body, heading, docOrd);
      bodyTotal += body.length;
      headingTotal += heading.length;
      // The match form is made once here, so serving never runs OpenCC over candidate text (issue #19).
      passages.push({ ...passage, match: normalizeForMatch(passage.heading.join(' ') + ' ' + passage.text) });
      passageDoc.push(docOrd);
    }
    onProgress?.(docOrd + 1, sources.length);
  });

  return {
    meta: {
      version: KB_FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      userWords,
      passageCount: passages.length,
      documentCount: documents.length,
      avgBodyLength: passages.length ? bodyTotal / passages.length : 0,
      avgHeadingLength: passages.length ? headingTotal / passages.length : 0,
    },
    documents,
    paragraphs,
    passages,
    passageDoc: Uint32Array.from(passageDoc),
    index: builder.build(),
    knownQuestions: [],
  };
}

/** Where each article's first passage is, for resolving references to 第X条 of a law. */
export function articleLookup(
  documents: ArticleLookup['documents'],
  passageCount: number,
  passageAt: (ord: number) => { docOrd: number; article: string | null },
): ArticleLookup {
  const first = new Map<string, number>();
  for (let ord = 0; ord < passageCount; ord++) {
    const p = passageAt(ord);
    if (!p.article) continue;
    const key = `${p.docOrd}|${p.article}`;
    if (!first.has(key)) first.set(key, ord);
  }
  return { documents, articlePassage: (docOrd, article) => first.get(`${docOrd}|${article}`) };
}

/**
 * Resolves known questions against a build and keeps them in it, with their
 * features (segmented now, so a server start does not); returns the references
 * no passage matched.
 */
export function attachKnownQuestions(build: KnowledgeBaseBuild, inputs: KnownQuestionInput[], segmenter: Segmenter) {
  const lookup = articleLookup(build.documents, build.passages.length, (ord) => ({ docOrd: build.passageDoc[ord], article: build.passages[ord].article }));
  const { questions, unresolved } = resolveKnownQuestions(inputs, lookup);
  build.knownQuestions = questions.map((q) => ({ ...q, features: knownQuestionFeatures(q.question, segmenter) }));
  return unresolved;
}

