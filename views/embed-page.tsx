// The page inside the embed iframe (/embed, and /ask … &embed=1 without
// JavaScript): a compact ask box and answer card in the portal's own colours.
// The colour arrives as a query parameter, so it is accepted only as #rgb or
// #rrggbb, and the text on it is black or white, whichever contrasts more
// (one of the two always reaches 4.5:1).
import type { Child } from 'hono/jsx';
import { Announcer } from './announcer.js';
import { AskForm } from './ask-form.js';
import { HTMX_CONFIG, pageTitle } from './layout.js';
import type { Ui } from './ui.js';

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
  children?: Child;
}

export function EmbedLayout({ ui, title, panelTitle, showHeader, colors, styleNonce, query = '', children }: EmbedLayoutProps) {
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
          <AskForm ui={ui} query={query} />
          {children}
          <Announcer text="" />
        </main>
        <footer class="embed-footer">
          <a href={`/?lang=${ui.lang}`} target="_blank" rel="noopener">
            {ui.t('embedOpenFull')}
          </a>
        </footer>
      </body>
    </html>
  );
}

/** The empty #results of a fresh embed panel: a line of what it does. */
export function EmbedIntro({ ui }: { ui: Ui }) {
  return (
    <section id="results" class="embed-intro" aria-label={ui.t('homeTitle')}>
      <p>{ui.t('homeIntro')}</p>
    </section>
  );
}
