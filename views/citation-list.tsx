// Numbered citations: document title, heading path, date and a link to the
// exact paragraph. Shared by the answer card and the search results. Content
// arrives already in the interface's script (see src/i18n/traditional.ts).
import type { PassageResult } from '../src/search/search.js';
import { siteHref, type Ui } from './ui.js';

export function HeadingPath({ heading }: { heading: string[] }) {
  if (heading.length === 0) return null;
  return (
    <p class="heading-path">
      {heading.map((h, i) => (
        <>
          {i > 0 && <span aria-hidden="true"> › </span>}
          <span>{h}</span>
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

export function PassageItem({ ui, result, number }: { ui: Ui; result: PassageResult; number?: number }) {
  const url = siteHref(ui, result.url);
  // Inside the embed iframe a document opens as a page of its own.
  const target = ui.embed ? { target: '_blank', rel: 'noopener' } : {};
  return (
    <li class="passage" id={number ? `cite-${number}` : undefined}>
      <p class="passage-source">
        {number !== undefined && <span class="cite-number">[{number}]</span>}
        <a href={url} {...target} lang={ui.contentLang}>
          {result.title}
        </a>
        {result.article && (
          <span class="article" lang={ui.contentLang}>
            {' '}
            {result.article}
          </span>
        )}
        {result.date && <span class="date"> · {result.date}</span>}
        <StatusMark ui={ui} result={result} />
      </p>
      <div lang={ui.contentLang}>
        <HeadingPath heading={result.heading} />
        <p class="snippet" dangerouslySetInnerHTML={{ __html: result.snippet }} />
      </div>
      <p class="passage-link">
        <a href={url} {...target}>
          {ui.t('viewOriginal', { n: result.paragraph })}
        </a>
      </p>
    </li>
  );
}
