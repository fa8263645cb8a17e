// Rendering content in Traditional Chinese (繁體版): answers, citations,
// snippets and documents are converted for display only — answering runs on
// the Simplified text as always (questions are normalised, see normalize.ts).
//
// The converter is OpenCC's character-level cn → tw (Taiwan standard glyphs),
// not the 'twp' phrase variant: 'twp' swaps vocabulary (软件 → 軟體, 信息 → 資訊),
// and an answer is a verbatim quote of a document, so only the script may change.
import * as OpenCC from 'opencc-js/cn2t';
import type { PassageResult } from '../search/search.js';
import type { AskResponse, SearchResponse } from '../service.js';
import { toSimplified } from '../text/normalize.js';
import type { Lang } from './index.js';

let converter: ((text: string) => string) | undefined;

/** Simplified → Traditional (Taiwan glyphs). The dictionaries load on first use (~0.3 s). */
export function toTraditional(text: string): string {
  if (!text) return text;
  const convert = (converter ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
  return convert(text);
}

/**
 * Converts the text of an HTML fragment (escaped text with tags such as
 * <mark>) and leaves tags and character references untouched, so markup can
 * never be altered by a dictionary entry.
 */
export function toTraditionalMarkup(html: string): string {
  return html
    .split(/(<[^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);)/i)
    .map((part, i) => (i % 2 === 1 ? part : toTraditional(part)))
    .join('');
}

/** The content converter for an interface language: Traditional for zh-TW, unchanged otherwise. */
export function contentConverter(lang: Lang): (text: string) => string {
  return lang === 'zh-TW' ? toTraditional : (text) => text;
}

export function passageInLang(p: PassageResult, lang: Lang): PassageResult {
  if (lang !== 'zh-TW') return p;
  return {
    ...p,
    title: toTraditional(p.title),
    heading: p.heading.map(toTraditional),
    text: toTraditional(p.text),
    snippet: toTraditionalMarkup(p.snippet),
    article: p.article && toTraditional(p.article),
    citation: toTraditional(p.citation),
    type: p.type && toTraditional(p.type),
    replacedBy: p.replacedBy && { ...p.replacedBy, title: toTraditional(p.replacedBy.title) },
  };
}

/** An answer with its answer text, facts and citations in the language's script. `question` stays as asked. */
export function askResponseInLang(r: AskResponse, lang: Lang): AskResponse {
  if (lang !== 'zh-TW') return r;
  return {
    ...r,
    answer: r.answer && toTraditional(r.answer),
    facts: r.facts.map(toTraditional),
    citations: r.citations.map((c) => passageInLang(c, lang)),
    provisions: r.provisions.map((p) => ({ ...p, citation: toTraditional(p.citation), article: toTraditional(p.article), keySentence: toTraditional(p.keySentence) })),
  };
}

/** Search results in the language's script. `query` stays as typed. */
export function searchResponseInLang(r: SearchResponse, lang: Lang): SearchResponse {
  if (lang !== 'zh-TW') return r;
  return { ...r, results: r.results.map((p) => passageInLang(p, lang)), more: r.more.map((m) => ({ ...m, title: toTraditional(m.title) })) };
}

/** A visitor's question (typed in either script) shown in the interface's script. */
export function questionInLang(question: string, lang: Lang): string {
  return lang === 'zh-TW' ? toTraditional(question) : toSimplified(question);
}
