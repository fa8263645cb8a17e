// The #suggestions target: 猜你想问 under the ask box, a list of plain links —
// questions to /ask (so a chosen suggestion loads as a full page and fills the
// box), and documents, shown as 《title》 and opening the document page, so a
// title never passes for a question. Empty and hidden until the visitor types;
// public/portal.js adds arrow keys and Escape.
import type { Suggestion } from '../src/search/suggest.js';
import { askHref, siteHref, type Ui } from './ui.js';

/** A document title as a document: in 《》, with any 《》 inside it turned into 〈〉. */
export function bookTitle(title: string): string {
  return `《${title.replace(/《/g, '〈').replace(/》/g, '〉')}》`;
}

/** Where a suggestion leads, its text, and attributes: a question asks it; a title opens its document (a new page from the embed). */
function suggestionLink(ui: Ui, s: Suggestion): { href: string; text: string; extra: Record<string, string> } {
  if (s.kind === 'title' && s.docId) {
    return {
      href: siteHref(ui, `/doc/${encodeURIComponent(s.docId)}`),
      text: bookTitle(ui.text(s.text)),
      extra: ui.embed ? { target: '_blank', rel: 'noopener' } : {},
    };
  }
  return { href: askHref(ui, ui.text(s.text)), text: ui.text(s.text), extra: {} };
}

export function Suggestions({ ui, items, oob = false }: { ui: Ui; items: Suggestion[]; oob?: boolean }) {
  return (
    <div id="suggestions" class="suggestions" hidden={items.length === 0} hx-swap-oob={oob ? 'true' : undefined}>
      {items.length > 0 && (
        <>
          <p id="suggestions-title" class="suggestions-title">
            {ui.t('suggestionsTitle')}
          </p>
          <ul aria-labelledby="suggestions-title">
            {items.map((s) => {
              const link = suggestionLink(ui, s);
              return (
                <li class={`suggestion ${s.kind}`}>
                  <a href={link.href} lang={ui.contentLang} {...link.extra}>
                    {link.text}
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}

/** The no-JavaScript page for GET /suggest: the same suggestions as a list to follow. */
export function SuggestionsPage({ ui, query, items }: { ui: Ui; query: string; items: Suggestion[] }) {
  return (
    <section id="results" aria-labelledby="suggest-title">
      <h1 id="suggest-title">{ui.t('suggestionsPageTitle', { query: ui.text(query) })}</h1>
      {items.length === 0 ? (
        <p>{ui.t('suggestionsEmpty')}</p>
      ) : (
        <ul class="question-list">
          {items.map((s) => {
            const link = suggestionLink(ui, s);
            return (
              <li class={`suggestion ${s.kind}`}>
                <a href={link.href} lang={ui.contentLang} {...link.extra}>
                  {link.text}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
