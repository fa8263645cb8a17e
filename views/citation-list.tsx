// Numbered citations: document title, heading path, date and a link to the
// exact paragraph. Shared by the answer card and the search results. Content
// arrives already in the interface's script (see src/i18n/traditional.ts).
import { httpUrl } from '../src/text/urls.js';
import type { PassageResult } from '../src/search/search.js';
import { escapeHtml } from '../src/text/highlight.js';
import { siteHref, type Ui } from './ui.js';

/**
 * Runs that must not break across lines on a phone: dates (2026年, 2021年1月1日, 2021—2025年, 1月1日, 2022-01-26) and
 * figures with their unit (29.6%, 6万余名, 108件, 3.5个百分点). Digits only: 第三十条 and 一是 are left alone.
 */
const NOWRAP =
  /\d{4}\s*[—–~至-]\s*\d{4}年|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}|\d+(?:,\d{3}(?!\d))*(?:\.\d+)?(?:\s*(?:%|‰|个百分点|個百分點))?(?:[万萬亿億千百]?[余餘多]?)(?:万元|萬元|亿元|億元|平方公里|公里|[个個件名人次项項家所条條元吨噸亩畝户戶篇期场場批宗起份年月日天倍类類]次?)?/g;

/** [start, end) of every run of at least two characters in `text` that must stay on one line. */
export function nowrapRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(NOWRAP)) {
    const at = m.index ?? 0;
    if (m[0].length >= 2) ranges.push([at, at + m[0].length]);
  }
  return ranges;
}

const NOWRAP_OPEN = '<span class="nowrap">';

/** Plain text as HTML, its dates and figures each in a span that does not wrap. */
export function nowrapText(text: string): string {
  let html = '';
  let last = 0;
  for (const [from, to] of nowrapRanges(text)) {
    html += escapeHtml(text.slice(last, from)) + NOWRAP_OPEN + escapeHtml(text.slice(from, to)) + '</span>';
    last = to;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * The same for HTML that is already escaped (a snippet with its <mark> tags): only the text between tags and
 * entities is touched, so a figure split by a tag stays as it is rather than breaking the markup.
 */
export function nowrapHtml(html: string): string {
  return html
    .split(/(<[^>]*>|&#?\w+;)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let out = '';
      let last = 0;
      for (const [from, to] of nowrapRanges(part)) {
        out += part.slice(last, from) + NOWRAP_OPEN + part.slice(from, to) + '</span>';
        last = to;
      }
      return out + part.slice(last);
    })
    .join('');
}

/** Longest answer text carried to the document page to be marked there (`?mark=`); longer answers send their start. */
export const MARK_MAX = 200;

/** A passage link with `mark=` (the answer's words, marked on the document page when they stand in the paragraph). */
export function withMark(url: string, mark: string | undefined): string {
  if (!mark) return url;
  const [base, hash] = url.split('#');
  const joined = `${base}${base.includes('?') ? '&' : '?'}mark=${encodeURIComponent(mark.slice(0, MARK_MAX))}`;
  return hash === undefined ? joined : `${joined}#${hash}`;
}

/** The original page on the publisher's portal, when the document has one: by the rule ingest checked it with (http(s) only). */
export function originalPageUrl(url: string | null | undefined): string | null {
  return httpUrl(url);
}

export function HeadingPath({ heading }: { heading: string[] }) {
  if (heading.length === 0) return null;
  return (
    <p class="heading-path">
      {heading.map((h, i) => (
        <>
          {i > 0 && <span aria-hidden="true"> › </span>}
          <span dangerouslySetInnerHTML={{ __html: nowrapText(h) }} />
        </>
      ))}
    </p>
  );
}

/**
 * 历史版本 / 已废止 · 已被《…》取代, with a link to the text in force when the library has it: a reader must not
 * take a repealed law for the law (docs/statutes.md#status). Nothing for a current text.
 */
export function StatusMark({ ui, result, lead = ' · ' }: { ui: Ui; result: Pick<PassageResult, 'superseded' | 'status' | 'replacedBy'>; lead?: string }) {
  const status = result.status ?? (result.superseded ? 'superseded' : 'current');
  if (status === 'current') return null;
  const to = result.replacedBy;
  const link = to ? (
    <a href={siteHref(ui, to.url)} lang={ui.contentLang}>
      《{ui.text(to.title)}》
    </a>
  ) : null;
  if (status === 'superseded') {
    return (
      <span class="superseded law-status">
        {lead}
        {ui.t('supersededBadge')}
        {link && <> · {ui.t('statusInForce', { title: '' })}{link}</>}
      </span>
    );
  }
  const [before, after] = ui.t('statusReplacedBy', { title: '\u0000' }).split('\u0000');
  return (
    <span class="superseded law-status repealed">
      {lead}
      <strong>{ui.t('statusRepealed')}</strong>
      {link && (
        <>
          {' · '}
          {before}
          {link}
          {after}
        </>
      )}
    </span>
  );
}

/**
 * One numbered citation. The <ol> around it shows the number (no second "[1]" inside); `mark` is the answer's text,
 * carried on the links to the paragraph so the document page can mark it there. `sourceUrl`, when a document
 * has one, links to its page on the publisher's portal (查看原文网页).
 */
export function PassageItem({ ui, result, number, mark }: { ui: Ui; result: PassageResult & { sourceUrl?: string | null }; number?: number; mark?: string }) {
  const url = siteHref(ui, withMark(result.url, mark));
  const original = originalPageUrl(result.sourceUrl);
  // Inside the embed iframe a document opens as a page of its own.
  const target = ui.embed ? { target: '_blank', rel: 'noopener' } : {};
  return (
    <li class="passage" id={number ? `cite-${number}` : undefined}>
      <p class="passage-source">
        <a href={url} {...target} lang={ui.contentLang}>
          {result.title}
        </a>
        {result.article && (
          <span class="article" lang={ui.contentLang}>
            {' '}
            {result.article}
          </span>
        )}
        {result.date && (
          <span class="date">
            {' · '}
            <span class="nowrap">{result.date}</span>
          </span>
        )}
        <StatusMark ui={ui} result={result} />
      </p>
      <div lang={ui.contentLang}>
        <HeadingPath heading={result.heading} />
        <p class="snippet" dangerouslySetInnerHTML={{ __html: nowrapHtml(result.snippet) }} />
      </div>
      <p class="passage-link">
        {/* data-print: the address a printed page shows (style.css @media print), without the long ?mark=. */}
        <a href={url} {...target} data-print={siteHref(ui, result.url)}>
          {ui.t('viewOriginal', { n: result.paragraph })}
        </a>
        {original && (
          <>
            {' '}
            <a class="original-page" href={original} rel="noopener noreferrer external" {...(ui.embed ? { target: '_blank' } : {})}>
              {ui.t('viewOriginalPage')}
            </a>
          </>
        )}
      </p>
    </li>
  );
}
