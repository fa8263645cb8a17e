// Sentences and leads: splitting passage text into sentences (answers quote
// sentences, staff pages list them) and a marked paragraph into its lead heading
// and body. Plain text functions, shared by ingest and serving.

/** Sentence ends: Chinese and Western full stops, question and exclamation marks, semicolons. */
export const SENTENCE_END = /[^。！？!?；;]*(?:[。！？!?；;]+[”’」』）)]*|$)/g;

/** Splits text into sentences, keeping each sentence's closing punctuation. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SENTENCE_END)) {
    const s = m[0].trim();
    if (s) out.push(s);
  }
  return out;
}

/**
 * Splits a marked paragraph into its lead (the heading) and the rest (body).
 * "1. 大力推进简政放权。完成新一轮…" → lead "1. 大力推进简政放权", rest "完成新一轮…".
 */
export function splitLead(paragraph: string): { lead: string; rest: string } {
  const t = paragraph.trim();
  const end = t.search(/[。！？!?；;：:]/);
  if (end === -1) {
    // A marked line without a sentence end: a heading if short, else a numbered body paragraph.
    return t.length <= 60 ? { lead: t, rest: '' } : { lead: leadClause(t), rest: t };
  }
  const lead = t.slice(0, end).trim();
  const rest = t.slice(end + 1).trim();
  if (lead.length > 60) return { lead: leadClause(t), rest: t };
  return { lead, rest };
}

function leadClause(t: string): string {
  const comma = t.search(/[，,]/);
  const clause = comma > 0 && comma <= 40 ? t.slice(0, comma) : t.slice(0, 30) + '…';
  return clause.trim();
}

