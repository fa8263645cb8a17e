// Known questions as staff or a benchmark write them (JSON Lines of a question
// and the law articles that answer it), parsed and resolved to passage
// ordinals at ingest. Lines that cannot be used are reported, not fatal.
import { citationKey } from '../text/citation.js';
import type { ArticleReference, KnownQuestion, KnownQuestionInput } from '../model/store.js';

/**
 * Parses known questions (JSON Lines: `{ "question": "…", "gold": [{ "law": "…", "article": "第X条" }] }`).
 * A bad line is reported and skipped; the rest are kept.
 */
export function parseKnownQuestions(text: string, source = 'questions'): { questions: KnownQuestionInput[]; problems: string[] } {
  const questions: KnownQuestionInput[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const where = `known questions: ${source} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`${where} is not JSON`);
      return;
    }
    const q = (value ?? {}) as Partial<KnownQuestionInput>;
    const refs = Array.isArray(q.gold) ? q.gold : [];
    if (typeof q.question !== 'string' || !q.question.trim() || refs.length === 0) {
      problems.push(`${where} needs "question" and a non-empty "gold" list`);
      return;
    }
    if (refs.some((r) => !r || typeof r.law !== 'string' || typeof r.article !== 'string')) {
      problems.push(`${where} has a gold item without "law" and "article"`);
      return;
    }
    questions.push({ question: q.question, gold: refs.map((r) => ({ law: r.law, article: r.article, file: typeof r.file === 'string' ? r.file : undefined })) });
  });
  return { questions, problems };
}

/** What resolution needs to know of the knowledge base. */
export interface ArticleLookup {
  documents: { ord: number; title: string; path: string; superseded: boolean }[];
  /** The first passage ordinal of an article in a document, if any. */
  articlePassage(docOrd: number, article: string): number | undefined;
}

/**
 * Resolves references to passage ordinals, the law named as citations name it
 * (with or without 中华人民共和国). A title shared by several files (the
 * Civil Code's books, old versions) is searched in all of them: a given file
 * first, then current versions. Unresolved references are returned for the report.
 */
export function resolveKnownQuestions(
  inputs: KnownQuestionInput[],
  lookup: ArticleLookup,
): { questions: KnownQuestion[]; unresolved: { question: string; reference: ArticleReference }[] } {
  const byTitle = new Map<string, ArticleLookup['documents']>();
  for (const d of lookup.documents) {
    const key = citationKey(d.title);
    const docs = byTitle.get(key);
    if (docs) docs.push(d);
    else byTitle.set(key, [d]);
  }
  const questions: KnownQuestion[] = [];
  const unresolved: { question: string; reference: ArticleReference }[] = [];
  for (const input of inputs) {
    const passages: number[] = [];
    for (const ref of input.gold) {
      const docs = [...(byTitle.get(citationKey(ref.law)) ?? [])].sort((a, b) => rank(a, ref) - rank(b, ref));
      let found: number | undefined;
      for (const d of docs) if ((found = lookup.articlePassage(d.ord, ref.article)) !== undefined) break;
      if (found === undefined) unresolved.push({ question: input.question, reference: ref });
      else if (!passages.includes(found)) passages.push(found);
    }
    if (passages.length) questions.push({ question: input.question, passages });
  }
  return { questions, unresolved };
}

function rank(d: ArticleLookup['documents'][number], ref: ArticleReference): number {
  const path = d.path.replace(/\\/g, '/');
  const fileMatch = ref.file && (path === ref.file || path.endsWith(`/${ref.file}`));
  return (fileMatch ? 0 : 2) + (d.superseded ? 1 : 0);
}

