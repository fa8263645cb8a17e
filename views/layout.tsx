// The page frame shared by every full page: landmarks, the language switch and
// 适老化 switches (text size, high contrast, reading guide), the ask/search form with its 猜你想问 list, a polite live region
// that announces answers, htmx and the stylesheet. htmx only enhances; every
// link and form works as plain HTML. No inline script or style (the CSP forbids them).
import type { Child } from 'hono/jsx';
import { LANGS, LANG_NAMES } from '../src/i18n/index.js';
import { Announcer } from './announcer.js';
import { AskForm } from './ask-form.js';
import { Suggestions } from './suggestions.js';
import type { Ui } from './ui.js';

export interface LayoutProps {
  ui: Ui;
  title: string;
  query?: string;
  children?: Child;
}

/** htmx settings: no eval (CSP), no injected indicator <style> (CSP), results replace their target. */
export const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  includeIndicatorStyles: false,
  defaultSwapStyle: 'outerHTML',
  // A request still unanswered after 15 s is given up (htmx:timeout), so the visitor is told instead of left waiting.
  timeout: 15_000,
});

/** The <html> classes of the 适老化 switches that are on (undefined when none, so the plain page has no class). */
export function displayClasses(ui: Ui): string | undefined {
  const on = [ui.elder && 'elder', ui.contrast && 'contrast', ui.guide && 'guide'].filter(Boolean);
  return on.length ? on.join(' ') : undefined;
}

export function pageTitle(ui: Ui, title: string): string {
  const site = ui.t('siteName');
  return title ? `${title} · ${site}` : `${site} · ${ui.t('siteTagline')}`;
}

function prefsHref(ui: Ui, change: string): string {
  return `/prefs?${change}&back=${encodeURIComponent(ui.here)}`;
}

function Preferences({ ui }: { ui: Ui }) {
  return (
    <nav class="preferences" aria-label={ui.t('settingsNav')}>
      <ul>
        {LANGS.map((lang) => (
          <li>
            <a href={prefsHref(ui, `lang=${lang}`)} lang={lang} hreflang={lang} aria-current={lang === ui.lang ? 'true' : undefined}>
              {LANG_NAMES[lang]}
            </a>
          </li>
        ))}
        <li>
          <a class="elder-toggle" href={prefsHref(ui, `elder=${ui.elder ? 0 : 1}`)}>
            {ui.elder ? ui.t('elderOff') : ui.t('elderOn')}
          </a>
        </li>
        <li>
          <a class="contrast-toggle" href={prefsHref(ui, `contrast=${ui.contrast ? 0 : 1}`)}>
            {ui.contrast ? ui.t('contrastOff') : ui.t('contrastOn')}
          </a>
        </li>
        {/* The guide is drawn by script: without JavaScript the switch would do nothing, so portal.js shows it. */}
        <li class="needs-script" hidden>
          <a class="guide-toggle" href={prefsHref(ui, `guide=${ui.guide ? 0 : 1}`)}>
            {ui.guide ? ui.t('guideOff') : ui.t('guideOn')}
          </a>
        </li>
      </ul>
    </nav>
  );
}

export function Layout({ ui, title, query = '', children }: LayoutProps) {
  return (
    <html lang={ui.lang} class={displayClasses(ui)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{pageTitle(ui, title)}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/style.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/request-problems.js" defer></script>
        <script src="/static/portal.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          {ui.t('skipToContent')}
        </a>
        <header class="site-header">
          <div class="header-bar">
            <a class="site-name" href="/">
              {ui.t('siteName')} <span>{ui.t('siteTagline')}</span>
            </a>
            <Preferences ui={ui} />
          </div>
          <AskForm ui={ui} query={query} />
          <Suggestions ui={ui} items={[]} />
        </header>
        <main id="main" tabindex={-1}>
          {children}
          <Announcer text="" />
        </main>
        <footer class="site-footer">
          <p>{ui.t('footerNote')}</p>
        </footer>
      </body>
    </html>
  );
}
