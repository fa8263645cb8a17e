// The #suggestions target: 猜你想问 under the ask box, a list of plain links to
// /ask (so a chosen suggestion loads as a full page and fills the box). Empty
// and hidden until the visitor types; public/portal.js adds arrow keys and Escape.
import type { Suggestion } from '../src/search/suggest.js';
import { askHref, type Ui } from './ui.js';

export function Suggestions({ ui, items, oob = false }: { ui: Ui; items: Suggestion[]; oob?: boolean }) {
  return (
    <div id="suggestions" class="suggestions" hidden={items.length === 0} hx-swap-oob={oob ? 'true' : undefined}>
      {items.length > 0 && (
        <>
          <p id="suggestions-title" class="suggestions-title">
            {ui.t('suggestionsTitle')}
          </p>
          <ul aria-labelledby="suggestions-title">
            {items.map((s) => (
              <li class={`suggestion ${s.kind}`}>
                <a href={askHref(ui, ui.text(s.text))} lang={ui.contentLang}>
                  {ui.text(s.text)}
                </a>
              </li>
            ))}
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
          {items.map((s) => (
            <li>
              <a href={askHref(ui, ui.text(s.text))} lang={ui.contentLang}>
                {ui.text(s.text)}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
