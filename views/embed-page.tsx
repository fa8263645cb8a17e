// The page inside the embed iframe (/embed, and /ask … &embed=1 without
// JavaScript): a compact ask box and answer card in the portal's own colours.
// The panel is a small assistant (issue #17): a greeting with suggested
// questions, the last few questions and answers of the conversation, and
// follow-ups (那去年呢？) resolved against the previous question. The
// conversation travels in the form itself — the previous question as `prev`
// and the ones before it as `h`, hidden inputs updated out of band after each
// answer — so it works without JavaScript, and only questions ever travel:
// every answer shown is the server's own, asked again (from its answer cache),
// never text a link could forge.
// The colour arrives as a query parameter, so it is accepted only as #rgb or
// #rrggbb, and the text on it is black or white, whichever contrasts more
// (one of the two always reaches 4.5:1).
import type { Child } from 'hono/jsx';
import { Announcer } from './announcer.js';
import { HTMX_CONFIG, pageTitle } from './layout.js';
import { FallbackLink, type Fallback } from './no-answer.js';
import { askHref, siteHref, type Ui } from './ui.js';

export interface AccentColors {
  accent: string;
  ink: string;
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A query-string colour as #rrggbb plus a readable text colour, or null when it is not a hex colour. */
export function parseAccentColor(raw: string | undefined): AccentColors | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((raw ?? '').trim());
  if (!m) return null;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const accent = `#${hex.toLowerCase()}`;
  const ink = contrastRatio(accent, '#ffffff') >= contrastRatio(accent, '#000000') ? '#ffffff' : '#000000';
  return { accent, ink };
}

/** Questions and answers kept in the panel: the current one and this many before it. */
export const EMBED_HISTORY_TURNS = 4;
/** Suggested questions under the greeting (at most). */
export const EMBED_SUGGESTIONS = 5;

/** One earlier question and its answer (null: none found), already in the interface's script. */
export interface EmbedTurn {
  question: string;
  answer: string | null;
}

/** The conversation around the current answer. */
export interface EmbedConversation {
  /** The follow-up as it was understood (理解为：…), in the interface's script; null when the question was asked in full. */
  understood: string | null;
  /** Earlier questions and answers, newest first (at most EMBED_HISTORY_TURNS). */
  turns: EmbedTurn[];
  /** What the next request carries: the question just answered (`prev`), then the earlier ones (`h`), as asked (not converted). */
  context: string[];
}

export const NO_CONVERSATION: EmbedConversation = { understood: null, turns: [], context: [] };

export interface EmbedLayoutProps {
  ui: Ui;
  /** Document title (question, page). */
  title: string;
  /** The panel's own title (data-title), shown unless the embedding script draws its own header. */
  panelTitle: string;
  showHeader: boolean;
  colors: AccentColors | null;
  /** CSP nonce for the one <style> element carrying the colours. */
  styleNonce?: string;
  query?: string;
  /** The conversation so far (none on a fresh panel). */
  conversation?: EmbedConversation;
  /** The configured next step (FALLBACK_URL), offered in the footer; null when none is set. */
  fallback?: Fallback | null;
  children?: Child;
}

/** Where a failed htmx request is explained (as in the portal's ask form: request-problems.js fills it). */
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

/** The hidden inputs carrying the conversation: `prev` (the last question) and `h` (those before it). */
export function EmbedContext({ context, oob = false }: { context: string[]; oob?: boolean }) {
  const [prev, ...earlier] = context;
  return (
    <div id="embed-context" hx-swap-oob={oob ? 'true' : undefined}>
      {prev !== undefined && <input type="hidden" name="prev" value={prev} />}
      {earlier.slice(0, EMBED_HISTORY_TURNS - 1).map((q) => (
        <input type="hidden" name="h" value={q} />
      ))}
    </div>
  );
}

/** The panel's ask box: the portal's, compact, carrying the embed's parameters and the conversation. */
function EmbedAskForm({ ui, query, context }: { ui: Ui; query: string; context: string[] }) {
  const { t } = ui;
  return (
    <>
      <form class="ask-form" action="/ask" method="get" role="search" aria-label={t('askLabel')}>
        <label for="q" class="visually-hidden">
          {t('askLabel')}
        </label>
        <input id="q" name="q" type="search" value={ui.text(query)} maxlength={500} placeholder={t('askPlaceholder')} autocomplete="off" required />
        {[...new URLSearchParams(ui.embedQuery)].map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <EmbedContext context={context} />
        <button type="submit" hx-get="/ask" hx-include="closest form" hx-target="#results" hx-swap="outerHTML" hx-sync="closest form:replace" hx-push-url="false">
          {t('askButton')}
        </button>
      </form>
      <RequestProblem ui={ui} />
    </>
  );
}

/** The full site's page for a question (its permalink), opened in a new tab so the panel keeps its conversation. */
function fullSiteAskHref(ui: Ui, question: string): string {
  return `/ask?q=${encodeURIComponent(question)}&lang=${ui.lang}`;
}

/** 理解为：广东今年新增就业目标是多少 — how a follow-up was read, linking the full question (its permalink). */
export function FollowUpNote({ ui, understood, oob = false }: { ui: Ui; understood: string | null; oob?: boolean }) {
  if (understood === null) return <p id="embed-understood" class="embed-understood" hidden hx-swap-oob={oob ? 'true' : undefined} />;
  return (
    <p id="embed-understood" class="embed-understood" hx-swap-oob={oob ? 'true' : undefined}>
      {ui.t('followUpUnderstood')}
      <a href={fullSiteAskHref(ui, understood)} target="_blank" rel="noopener" lang={ui.contentLang}>
        {understood}
      </a>
    </p>
  );
}

/** The earlier questions and answers of the conversation, newest first, with a way to start over. */
export function EmbedHistory({ ui, turns, oob = false }: { ui: Ui; turns: EmbedTurn[]; oob?: boolean }) {
  const { t } = ui;
  if (turns.length === 0) return <section id="embed-history" class="embed-history" hidden hx-swap-oob={oob ? 'true' : undefined} />;
  return (
    <section id="embed-history" class="embed-history" aria-labelledby="embed-history-title" hx-swap-oob={oob ? 'true' : undefined}>
      <h2 id="embed-history-title">{t('embedHistoryTitle')}</h2>
      <ol class="embed-turns">
        {turns.slice(0, EMBED_HISTORY_TURNS).map((turn) => (
          <li class="embed-turn">
            <p class="embed-turn-q">
              <span class="embed-turn-label">{t('embedHistoryQuestion')}</span>
              <a href={fullSiteAskHref(ui, turn.question)} target="_blank" rel="noopener" lang={ui.contentLang}>
                {turn.question}
              </a>
            </p>
            <p class="embed-turn-a">
              <span class="embed-turn-label">{t('embedHistoryAnswer')}</span>
              {turn.answer !== null ? <span lang={ui.contentLang}>{turn.answer}</span> : t('noAnswerTitle')}
            </p>
          </li>
        ))}
      </ol>
      <p class="embed-start-over">
        <a href={siteHref(ui, '/embed')}>{t('embedStartOver')}</a>
      </p>
    </section>
  );
}

/** For an htmx answer: the conversation's parts outside #results, swapped out of band. */
export function EmbedConversationUpdates({ ui, conversation }: { ui: Ui; conversation: EmbedConversation }) {
  return (
    <>
      <EmbedContext context={conversation.context} oob />
      <FollowUpNote ui={ui} understood={conversation.understood} oob />
      <EmbedHistory ui={ui} turns={conversation.turns} oob />
    </>
  );
}

export function EmbedLayout({
  ui,
  title,
  panelTitle,
  showHeader,
  colors,
  styleNonce,
  query = '',
  conversation = NO_CONVERSATION,
  fallback = null,
  children,
}: EmbedLayoutProps) {
  return (
    <html lang={ui.lang} class="embed">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{title ? `${title} · ${panelTitle}` : pageTitle(ui, '')}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/style.css" />
        {colors && styleNonce && <style nonce={styleNonce}>{`:root{--accent:${colors.accent};--accent-ink:${colors.ink}}`}</style>}
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/request-problems.js" defer></script>
        <script src="/static/embed-frame.js" defer></script>
      </head>
      <body>
        {showHeader ? (
          <header class="site-header embed-header">
            <h1 class="embed-title">{panelTitle}</h1>
          </header>
        ) : (
          <h1 class="visually-hidden">{panelTitle}</h1>
        )}
        <main id="main" tabindex={-1}>
          <EmbedAskForm ui={ui} query={query} context={conversation.context} />
          <FollowUpNote ui={ui} understood={conversation.understood} />
          {children}
          <EmbedHistory ui={ui} turns={conversation.turns} />
          <Announcer text="" />
        </main>
        <footer class="embed-footer">
          {fallback && (
            <p class="embed-fallback">
              {ui.t('embedFallbackIntro')} <FallbackLink ui={ui} fallback={fallback} />
            </p>
          )}
          <a href={`/?lang=${ui.lang}`} target="_blank" rel="noopener">
            {ui.t('embedOpenFull')}
          </a>
        </footer>
      </body>
    </html>
  );
}

export interface EmbedIntroProps {
  ui: Ui;
  /** EMBED_GREETING in the interface's script, or empty for the default greeting. */
  greeting?: string;
  /** Suggested questions (EXAMPLE_QUESTIONS, else the knowledge base's examples), as stored: shown in the interface's script. */
  suggestions?: readonly string[];
}

/** A fresh embed panel's #results: the greeting, 3–5 suggested questions that ask when chosen, and how to follow up. */
export function EmbedIntro({ ui, greeting = '', suggestions = [] }: EmbedIntroProps) {
  const { t } = ui;
  const shown = suggestions.slice(0, EMBED_SUGGESTIONS);
  return (
    <section id="results" class="embed-intro" aria-labelledby="embed-greeting">
      <p id="embed-greeting" class="embed-greeting">
        {greeting || t('embedGreeting')}
      </p>
      {shown.length > 0 && (
        <>
          <h2 id="embed-suggestions-title">{t('embedSuggestionsTitle')}</h2>
          <ul class="embed-suggestions" aria-labelledby="embed-suggestions-title">
            {shown.map((q) => {
              const href = askHref(ui, ui.text(q));
              return (
                <li>
                  <a href={href} hx-get={href} hx-target="#results" hx-swap="outerHTML" hx-push-url="false" lang={ui.contentLang}>
                    {ui.text(q)}
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <p class="embed-follow-up-hint">{t('embedFollowUpHint')}</p>
    </section>
  );
}
