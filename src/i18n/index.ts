// Interface languages: the message catalogues (zh-CN, zh-TW, en), a t() for
// views, and how a request's language is chosen — ?lang=, then the visitor's
// remembered choice (a cookie the app reads), then Accept-Language.
import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

export type { MessageKey };

export const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

/** Looks a message up and fills its {placeholders}. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const messages = CATALOGUES[lang];
  return (key, vars) => {
    const message = messages[key];
    if (!vars) return message;
    return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
}

/**
 * A language tag as a supported interface language, or null. Accepts the
 * canonical tags in any case plus the common aliases (zh-Hant, zh-HK, en-GB …),
 * because links and browsers spell them in many ways.
 */
export function parseLang(raw: string | undefined | null): Lang | null {
  if (!raw) return null;
  const tag = raw.trim().toLowerCase().replace(/_/g, '-');
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  if (tag === 'zh' || tag.startsWith('zh-')) {
    return /^zh-(tw|hk|mo|hant)\b/.test(tag) ? 'zh-TW' : 'zh-CN';
  }
  return null;
}

/** The first supported language of an Accept-Language header, by q-value (ties keep header order). */
export function langFromAcceptLanguage(header: string | undefined | null): Lang | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, order) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, order };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  for (const r of ranked) {
    const lang = parseLang(r.tag);
    if (lang) return lang;
  }
  return null;
}

export interface LangSources {
  /** The `lang` query parameter. */
  query?: string | null;
  /** The remembered choice (cookie value). */
  remembered?: string | null;
  acceptLanguage?: string | null;
}

/** The request's interface language, and whether it came from an explicit ?lang= (which the app then remembers). */
export function resolveLang(sources: LangSources): { lang: Lang; explicit: boolean } {
  const fromQuery = parseLang(sources.query);
  if (fromQuery) return { lang: fromQuery, explicit: true };
  const lang = parseLang(sources.remembered) ?? langFromAcceptLanguage(sources.acceptLanguage) ?? DEFAULT_LANG;
  return { lang, explicit: false };
}

/** How each language names itself, for the language switch. */
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体', 'zh-TW': '繁體', en: 'English' };
