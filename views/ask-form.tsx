// The one box to ask or search. Without JavaScript it submits to /ask or
// /search (full pages); with htmx the same buttons swap the result into
// #results, and typing fetches 猜你想问 into #suggestions. In the embed iframe
// the form is compact and carries the language and embed mode itself.
// Below it, an empty notice that public/portal.js (and embed-frame.js) fill
// when a request fails — 429, timeout, offline — in the visitor's language,
// from the messages the server puts in its data- attributes.
import type { Ui } from './ui.js';

/** Where a failed htmx request is explained; hidden until one fails. {seconds} is filled from Retry-After. */
function RequestProblem({ ui }: { ui: Ui }) {
  const { t } = ui;
  return (
    <p
      id="request-problem"
      class="request-problem"
      hidden
      data-too-many={t('requestTooMany')}
      data-offline={t('requestOffline')}
      data-timeout={t('requestTimeout')}
      data-failed={t('requestFailed')}
    />
  );
}

export function AskForm({ ui, query = '' }: { ui: Ui; query?: string }) {
  const { t } = ui;
  return (
    <>
      <form class="ask-form" action="/ask" method="get" role="search" aria-label={t('askLabel')}>
        <label for="q" class="visually-hidden">
          {t('askLabel')}
        </label>
        <input
          id="q"
          name="q"
          type="search"
          value={ui.text(query)}
          maxlength={500}
          placeholder={t('askPlaceholder')}
          autocomplete="off"
          required
          {...(ui.embed
            ? {}
            : {
                'hx-get': '/suggest',
                'hx-trigger': 'input changed delay:300ms, search',
                'hx-target': '#suggestions',
                'hx-swap': 'outerHTML',
                // A suggestion request never overtakes a submitted question (its late answer would reopen the list).
                'hx-sync': 'closest form:abort',
                'aria-controls': 'suggestions',
              })}
        />
        {ui.embed && [...new URLSearchParams(ui.embedQuery)].map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        <button
          type="submit"
          hx-get="/ask"
          hx-include="closest form"
          hx-target="#results"
          hx-swap="outerHTML"
          hx-sync="closest form:replace"
          hx-push-url={ui.embed ? 'false' : 'true'}
        >
          {t('askButton')}
        </button>
        {!ui.embed && (
          <button
            type="submit"
            formaction="/search"
            class="secondary"
            hx-get="/search"
            hx-include="closest form"
            hx-target="#results"
            hx-swap="outerHTML"
            hx-sync="closest form:replace"
            hx-push-url="true"
          >
            {t('searchButton')}
          </button>
        )}
      </form>
      <RequestProblem ui={ui} />
    </>
  );
}
