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
        {result.superseded && <span class="superseded"> · {ui.t('supersededBadge')}</span>}
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
