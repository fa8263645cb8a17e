// Where a logged answer came from, for 问答统计 (/admin, issue #18): the log keeps
// the first citation's passage id (婚姻家庭编:101, yangjiang-…-report:31), which
// staff cannot read; this resolves it through the loaded knowledge base to the
// document's title, the article (第十条) or paragraph (第31段) and a link to it.
// A passage whose document or paragraph is no longer in the knowledge base (it
// was rebuilt without it) is reported as missing, plainly, with the stored id.
import type { KnowledgeBase } from '../search/knowledge-base.js';
import { passageUrl, type Paragraph } from '../model/document.js';

export type AnswerSource =
  | {
      status: 'found';
      passageId: string;
      docId: string;
      docTitle: string;
      /** 第十条 for a statute article, else null (then `paragraph` names the place). */
      article: string | null;
      paragraph: number;
      /** The heading path above the paragraph (一、… › （三）…), possibly empty. */
      heading: string[];
      /** The region its document speaks for (the document's frame), when known. */
      region: string | null;
      url: string;
    }
  | {
      /** The document or the paragraph is not in the loaded knowledge base (rebuilt since). */
      status: 'missing';
      passageId: string;
    };

/** The document id and paragraph number of a passage id ({docId}:{paragraph} or {docId}:{paragraph}.{part}); null if malformed. */
export function parsePassageId(id: string): { docId: string; paragraph: number } | null {
  const m = /^(.+):(\d+)(?:\.\d+)?$/.exec(id);
  return m ? { docId: m[1], paragraph: Number(m[2]) } : null;
}

/**
 * Resolves passage ids against one knowledge base; each document's paragraphs are read once per resolver
 * (make one per request: a statute has hundreds).
 */
export function answerSourceResolver(kb: KnowledgeBase): (passageId: string | null) => AnswerSource | null {
  const paragraphsOf = new Map<string, Paragraph[] | null>();
  const resolved = new Map<string, AnswerSource>();
  return (passageId) => {
    if (!passageId) return null;
    const known = resolved.get(passageId);
    if (known) return known;
    let source: AnswerSource = { status: 'missing', passageId };
    const parsed = parsePassageId(passageId);
    const doc = parsed ? kb.summary(parsed.docId) : undefined;
    if (parsed && doc) {
      let paragraphs = paragraphsOf.get(doc.id);
      if (paragraphs === undefined) {
        try {
          paragraphs = kb.store.paragraphs(doc.ord);
        } catch {
          paragraphs = null;
        }
        paragraphsOf.set(doc.id, paragraphs);
      }
      const at = paragraphs ? paragraphs.findIndex((p) => p.n === parsed.paragraph) : -1;
      if (paragraphs && at >= 0) {
        source = {
          status: 'found',
          passageId,
          docId: doc.id,
          docTitle: doc.title,
          article: paragraphs[at].article ?? null,
          paragraph: parsed.paragraph,
          heading: headingAbove(paragraphs, at),
          region: doc.frame?.region ?? null,
          url: passageUrl({ docId: doc.id, paragraph: parsed.paragraph }),
        };
      }
    }
    resolved.set(passageId, source);
    return source;
  };
}

/** The headings above paragraph `at`, from the top level down (nearest of each level). */
function headingAbove(paragraphs: Paragraph[], at: number): string[] {
  const out: string[] = [];
  let level = Infinity;
  for (let i = at - 1; i >= 0 && level > 1; i--) {
    const p = paragraphs[i];
    if (p.level > 0 && p.level < level) {
      out.unshift(p.text);
      level = p.level;
    }
  }
  return out;
}

/** The place of a found source in words: its article, else 第N段 (the staff language's wording via `paragraphLabel`). */
export function sourcePlace(source: Extract<AnswerSource, { status: 'found' }>, paragraphLabel: (n: number) => string): string {
  return source.article ?? paragraphLabel(source.paragraph);
}
