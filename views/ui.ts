// What every view needs to know about the request it renders for: the
// interface language and its messages, how to show content in that language's
// script, and whether the page is inside the embed iframe.
import type { Lang, Translate } from '../src/i18n/index.js';

export interface Ui {
  lang: Lang;
  t: Translate;
  /** Content (documents, answers) in the interface's script: Traditional for zh-TW, as stored otherwise. */
  text: (content: string) => string;
  /** lang attribute for Chinese content on an English page (screen readers switch voice); undefined otherwise. */
  contentLang: 'zh-CN' | undefined;
  /** Rendering for the /embed iframe: compact, links carry the language (third-party cookies may be blocked there). */
  embed: boolean;
  /** 适老化: larger text and spacing. */
  elder: boolean;
  /** 适老化: high contrast (white and yellow on black, 7:1 or more); off when unset (staff pages, the embed). */
  contrast?: boolean;
  /** 适老化: a reading guide, a band following the pointer or the focused line (drawn by public/portal.js). */
  guide?: boolean;
  /** This page's path and query without lang/elder/contrast/guide, for the preference links to come back to. */
  here: string;
  /** In the embed iframe: the query parameters every link keeps (lang, embed=1, title, color, header). */
  embedQuery: string;
}

/** A link within the site; in the embed iframe it keeps the language and embed mode. */
export function siteHref(ui: Pick<Ui, 'embed' | 'embedQuery'>, path: string): string {
  if (!ui.embed || !ui.embedQuery) return path;
  const [base, hash] = path.split('#');
  const joined = `${base}${base.includes('?') ? '&' : '?'}${ui.embedQuery}`;
  return hash === undefined ? joined : `${joined}#${hash}`;
}

export function askHref(ui: Pick<Ui, 'embed' | 'embedQuery'>, question: string): string {
  return siteHref(ui, `/ask?q=${encodeURIComponent(question)}`);
}
