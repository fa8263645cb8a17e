// The #feedback target: 有用/没用 for one logged question. A plain POST form
// (works without JavaScript, answered by a thank-you page); with htmx the
// thanks replace the form in place and take the focus. One vote per answer: a
// second one, or one while the log cannot be written, is told so. After 没用 the
// configured next step (FALLBACK_URL) is offered with the thanks.
import type { FeedbackOutcome } from '../src/staff/query-log.js';
import { FallbackLink, type Fallback } from './no-answer.js';
import { siteHref, type Ui } from './ui.js';

/** What the visitor is told after voting. */
export function feedbackMessage(ui: Ui, outcome: FeedbackOutcome): string {
  return ui.t(
    outcome === 'saved' ? 'feedbackThanks' : outcome === 'already-rated' ? 'feedbackAlreadyRated' : outcome === 'unavailable' ? 'feedbackUnavailable' : 'feedbackUnknown',
  );
}

export function FeedbackForm({ ui, id, question }: { ui: Ui; id: string; question: string }) {
  return (
    <form id="feedback" class="feedback" method="post" action={siteHref(ui, '/feedback')} hx-post={siteHref(ui, '/feedback')} hx-target="#feedback" hx-swap="outerHTML">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="q" value={question} />
      <fieldset>
        <legend>{ui.t('feedbackQuestion')}</legend>
        <button type="submit" name="useful" value="1">
          {ui.t('feedbackUseful')}
        </button>
        <button type="submit" name="useful" value="0" class="secondary">
          {ui.t('feedbackNotUseful')}
        </button>
      </fieldset>
    </form>
  );
}

/** `fallback`: the next step to offer, given after a 没用 vote (whatever became of the vote) when FALLBACK_URL is set. */
export function FeedbackDone({ ui, outcome, fallback = null }: { ui: Ui; outcome: FeedbackOutcome; fallback?: Fallback | null }) {
  return (
    <p id="feedback" class={`feedback done${outcome === 'saved' ? '' : ' failed'}`} tabindex={-1} autofocus role="status">
      {feedbackMessage(ui, outcome)}
      {fallback && (
        <>
          {' '}
          {ui.t('fallbackAfterVote')} <FallbackLink ui={ui} fallback={fallback} />
        </>
      )}
    </p>
  );
}

/** The no-JavaScript answer to POST /feedback: thanks, and the way back to the question. */
export function FeedbackPage({ ui, outcome, question, fallback = null }: { ui: Ui; outcome: FeedbackOutcome; question: string; fallback?: Fallback | null }) {
  return (
    <section id="results" aria-labelledby="feedback-title">
      <h1 id="feedback-title">{ui.t('feedbackPageTitle')}</h1>
      <p role="status">{feedbackMessage(ui, outcome)}</p>
      {fallback && (
        <p class="feedback-next">
          {ui.t('fallbackAfterVote')} <FallbackLink ui={ui} fallback={fallback} />
        </p>
      )}
      {question && (
        <p>
          <a href={siteHref(ui, `/ask?q=${encodeURIComponent(question)}`)}>{ui.t('feedbackBack')}</a>
        </p>
      )}
    </section>
  );
}
