// The Hono application, shared by every runtime: createApp(deps) gets the
// knowledge base service, settings and (optionally) the question log from its
// entry (Node or Workers) and serves the portal pages (full pages, or
// fragments for htmx), the embed panel and the JSON API — in 简体, 繁體 or
// English, with safe headers on every response.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { timeout } from 'hono/timeout';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PolicyQaError } from '../errors.js';
import { resolveLang, translator, type Lang, type MessageKey } from '../i18n/index.js';
import { askResponseInLang, contentConverter, questionInLang, searchResponseInLang } from '../i18n/traditional.js';
import { toSimplified } from '../text/normalize.js';
import {
  isQuestionId,
  newQuestionId,
  questionKey,
  safePopular,
  safeRecord,
  logRegion,
  type FeedbackOutcome,
  type QueryLog,
  type QuestionChannel,
} from '../staff/query-log.js';
import { DailyClientHasher } from '../staff/client-hash.js';
import { popularRules } from '../staff/popular.js';
import { relatedQuestions } from '../search/related.js';
import type { SearchFilters } from '../search/search.js';
import { QaService, QueryError, filtersFromParams, intParam, listParam, type AskResponse } from '../service.js';
import type { Settings } from '../settings.js';
import { suggestionIndexFor, type Suggestion } from '../search/suggest.js';
import { apiContract, openApiDocument, validBody, validQuery } from './api-contract.js';
import { apiCors, apiJsonResponder, newNonce, questionResponsesNotStored, securityHeaders } from './security-headers.js';
import { publicIsHttps, publicOriginCsrf } from './public-origin.js';
import { bodySizeLimit } from './middleware/body-limit.js';
import { jsonPostFromAllowedOrigins } from './middleware/json-post.js';
import { ServiceUnavailable } from './middleware/errors.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestLog } from './middleware/request-log.js';
import { registerReloadRoute, type ReloadResult } from './routes/reload.js';
import { registerStaffRoutes } from './routes/staff.js';
import { registerTeachRoutes } from './routes/teach.js';
import { isLibraryUpload, registerLibraryRoutes } from './routes/library.js';
import { Announcer } from '../../views/announcer.js';
import { AnswerCard } from '../../views/answer-card.js';
import { DocumentView } from '../../views/document-page.js';
import { MARK_MAX } from '../../views/citation-list.js';
import { EMBED_HISTORY_TURNS, EMBED_SUGGESTIONS, EmbedConversationUpdates, EmbedIntro, EmbedLayout, parseAccentColor, type EmbedConversation } from '../../views/embed-page.js';
import { resolveFollowUp } from '../search/follow-up.js';
import { ErrorMessage } from '../../views/error-message.js';
import { FeedbackDone, FeedbackPage, feedbackMessage } from '../../views/feedback-form.js';
import { libraryCoverage, type Fallback } from '../../views/no-answer.js';
import { Home } from '../../views/home.js';
import { DocumentsPage } from '../../views/documents-page.js';
import { exampleQuestions } from '../search/examples.js';
import type { DocumentSummary } from '../model/store.js';
import { askInChineseHint, HINT_EXAMPLES, isMostlyLatin } from '../i18n/english.js';
import { browseDocuments } from '../search/library.js';
import { Layout, pageTitle } from '../../views/layout.js';
import { SearchResults } from '../../views/search-results.js';
import { Suggestions, SuggestionsPage } from '../../views/suggestions.js';
import type { Ui } from '../../views/ui.js';
import type { AppDeps } from './deps.js';

export type { AppDeps };


const QUERY_MESSAGES: Record<QueryError['code'], MessageKey> = {
  missing: 'queryMissing',
  empty: 'queryMissing',
  too_long: 'queryTooLong',
};

const LANG_COOKIE = 'pqa_lang';
const ELDER_COOKIE = 'pqa_elder';
/** 适老化 beyond text size: high contrast and the reading guide, remembered like the text size. */
const CONTRAST_COOKIE = 'pqa_contrast';
const GUIDE_COOKIE = 'pqa_guide';
const ONE_YEAR = 365 * 24 * 3600;
/** How often the suggestion index picks up the current popular questions. */
const POPULAR_REFRESH_MS = 60_000;
const POPULAR_LIMIT = 10;

/** What the app keeps beside a cached answer (the frozen response the service shares), so a repeat costs neither again. */
interface CachedAnswerExtras {
  /** questionKey(question) for the log (it runs the text through NFKC and OpenCC). */
  key?: string;
  /**
   * The /api/ask body without its closing `}`, UTF-8, per script (only zh-TW converts content): a repeat does no
   * JSON.stringify or encoding. A no-answer's `next` label is per language, so with a fallback set en has its own.
   */
  bodies?: Partial<Record<Lang, Uint8Array>>;
}

const utf8 = new TextEncoder();

/** `prefix` (a JSON object without its closing brace) + `,"id":<id>}`: the cached body with this request's id appended. */
function withId(prefix: Uint8Array, id: string | null): Uint8Array<ArrayBuffer> {
  const tail = utf8.encode(`,"id":${JSON.stringify(id)}}`);
  const out = new Uint8Array(prefix.length + tail.length);
  out.set(prefix);
  out.set(tail, prefix.length);
  return out;
}

/** The context variable holding a request's RequestState. */
const STATE_KEY = 'policyQaState';

/** What a request decided that the outer middleware needs: framing and the style nonce. */
interface RequestState {
  ui?: Ui;
  frameable: boolean;
  styleNonce?: string;
  /** For the request log: whether a question got an answer. */
  answered?: boolean;
}

/** htmx requests get the #results fragment; everything else a full page. */
function isFragmentRequest(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Boosted') !== 'true';
}

function isEmbedRequest(c: Context): boolean {
  return c.req.path === '/embed' || c.req.query('embed') === '1';
}

/** A same-site path to return to: never another host (no //host, no scheme). */
function safeBackPath(raw: string | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return '/';
  return raw;
}

/** Documents per page of /docs. */
const DOCS_PAGE_SIZE = 50;

/** ?type=, ?year=, ?region= (repeatable or comma-separated) and ?doc= as search filters; nonsense values are dropped, not errors. */
function searchFilters(c: Context): SearchFilters {
  return filtersFromParams(c.req.queries('type'), c.req.queries('year'), c.req.queries('region'), c.req.query('doc'));
}

/** ?lang= for the JSON API: only an explicit parameter changes the script of the content. */
function apiLang(c: Context): Lang {
  return resolveLang({ query: c.req.query('lang') }).lang;
}

/**
 * The configured next step after a no-answer (FALLBACK_URL), its label in the language: FALLBACK_LABEL (in the
 * language's script), else 拨打 N for a tel: number, else a generic 其他咨询渠道. Null when FALLBACK_URL is unset.
 */
function fallbackIn(settings: Pick<Settings, 'FALLBACK_URL' | 'FALLBACK_LABEL'>, lang: Lang): Fallback | null {
  const url = settings.FALLBACK_URL;
  if (!url) return null;
  const t = translator(lang);
  const label = settings.FALLBACK_LABEL
    ? contentConverter(lang)(settings.FALLBACK_LABEL)
    : url.startsWith('tel:')
      ? t('fallbackCall', { number: url.slice(4) })
      : t('fallbackLabel');
  return { label, url };
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const { settings, queryLog } = deps;
  // The JSON API's parameters and responses are declared in ./api-contract.ts: validated against it, /openapi.json made from it.
  const api = apiContract(settings);
  // Only depends on the settings and the language: made once, the same object for every no-answer.
  const fallbacks: Record<Lang, Fallback | null> = { 'zh-CN': fallbackIn(settings, 'zh-CN'), 'zh-TW': fallbackIn(settings, 'zh-TW'), en: fallbackIn(settings, 'en') };
  // Keyed by the cached response object itself: an entry lives exactly as long as the answer stays in the service's
  // LRU (and a reload's new service starts with none). Only frozen responses are shared, so only they are keyed.
  const answerExtras = new WeakMap<AskResponse, CachedAnswerExtras>();
  const apiJson = apiJsonResponder(settings.ALLOWED_ORIGINS);
  const extrasOf = (response: AskResponse): CachedAnswerExtras | undefined => {
    if (!Object.isFrozen(response)) return undefined;
    let extras = answerExtras.get(response);
    if (!extras) answerExtras.set(response, (extras = {}));
    return extras;
  };
  // Kept in the context's own variables (a WeakMap entry per request cost more, and more collection work).
  const peekState = (c: Context): RequestState | undefined => c.get(STATE_KEY) as RequestState | undefined;
  const stateOf = (c: Context): RequestState => {
    let s = peekState(c);
    if (!s) c.set(STATE_KEY, (s = { frameable: false }));
    return s;
  };

  /** The interface for this request: language (?lang=, cookie, Accept-Language), 适老化, embed mode. */
  const uiOf = (c: Context): Ui => {
    const state = stateOf(c);
    if (state.ui) return state.ui;
    const embed = isEmbedRequest(c);
    const { lang } = resolveLang({
      query: c.req.query('lang'),
      // Inside the embed the host page chooses the language, not the visitor's cookie.
      remembered: embed ? null : getCookie(c, LANG_COOKIE),
      acceptLanguage: c.req.header('Accept-Language'),
    });
    const url = new URL(c.req.url);
    url.searchParams.delete('lang');
    url.searchParams.delete('elder');
    url.searchParams.delete('contrast');
    url.searchParams.delete('guide');
    const embedParams = new URLSearchParams({ lang, embed: '1' });
    for (const name of ['title', 'color', 'header']) {
      const v = c.req.query(name);
      if (v) embedParams.set(name, v.slice(0, 60));
    }
    state.ui = {
      lang,
      t: translator(lang),
      text: contentConverter(lang),
      contentLang: lang === 'en' ? 'zh-CN' : undefined,
      embed,
      elder: !embed && getCookie(c, ELDER_COOKIE) === '1',
      // Inside the embed the host page's own look applies (its colours, its toolbar), as for the text size.
      contrast: !embed && getCookie(c, CONTRAST_COOKIE) === '1',
      guide: !embed && getCookie(c, GUIDE_COOKIE) === '1',
      here: url.pathname + url.search,
      embedQuery: embed ? embedParams.toString() : '',
    };
    return state.ui;
  };

  const remember = (c: Context, name: string, value: string) =>
    setCookie(c, name, value, {
      path: '/',
      maxAge: ONE_YEAR,
      sameSite: 'Lax',
      httpOnly: true,
      secure: new URL(c.req.url).protocol === 'https:',
    });

  /** A full page (portal or embed frame) or, for htmx, the fragment plus out-of-band updates. */
  const page = (
    c: Context,
    title: string,
    body: Child,
    options: { query?: string; status?: ContentfulStatusCode; announce?: string; oob?: Child; embed?: EmbedConversation } = {},
  ) => {
    const { query = '', status = 200, announce, oob } = options;
    const ui = uiOf(c);
    c.header('Vary', 'HX-Request, Cookie, Accept-Language');
    if (isFragmentRequest(c)) {
      return c.html(
        <>
          {body}
          {announce !== undefined && <Announcer text={announce} oob />}
          {oob}
          <title>{pageTitle(ui, title)}</title>
        </>,
        status,
      );
    }
    if (ui.embed) {
      const state = stateOf(c);
      state.frameable = true;
      const colors = parseAccentColor(c.req.query('color'));
      if (colors) state.styleNonce = newNonce();
      const panelTitle = (c.req.query('title') ?? '').trim().slice(0, 40) || ui.t('embedDefaultTitle');
      return c.html(
        '<!doctype html>' +
          (
            <EmbedLayout
              ui={ui}
              title={title}
              panelTitle={panelTitle}
              showHeader={c.req.query('header') !== '0'}
              colors={colors}
              styleNonce={state.styleNonce}
              query={query}
              conversation={options.embed}
              fallback={fallbacks[ui.lang]}
            >
              {body}
            </EmbedLayout>
          ).toString(),
        status,
      );
    }
    return c.html(
      '<!doctype html>' +
        (
          <Layout ui={ui} title={title} query={query}>
            {body}
          </Layout>
        ).toString(),
      status,
    );
  };

  const requireService = (): QaService => {
    const service = deps.service();
    if (!service) throw new ServiceUnavailable();
    return service;
  };

  /** Tells clients apart for 热门问题 by a salted hash that changes daily: the client key itself is never logged. */
  const clientHasher = new DailyClientHasher();
  /** What makes a question a 热门问题 (POPULAR_MIN_COUNT, POPULAR_MIN_DAYS, POPULAR_NEEDS_APPROVAL, LOW_CONFIDENCE). */
  const popularBy = popularRules(settings);
  /** The example questions of a knowledge base's documents, written once per loaded knowledge base (a reload brings new ones). */
  const examplesByLibrary = new WeakMap<readonly DocumentSummary[], string[]>();
  const examplesFor = (documents: readonly DocumentSummary[]): string[] => {
    let list = examplesByLibrary.get(documents);
    if (!list) examplesByLibrary.set(documents, (list = exampleQuestions(documents, settings.EXAMPLE_QUESTIONS)));
    return list;
  };

  /** Asks, times and logs one question, with the asking client's daily hash; the log never delays or fails the answer. */
  const askAndLog = async (c: Context, q: unknown, lang: Lang, channel: QuestionChannel): Promise<{ response: AskResponse; id: string | null }> => {
    const started = performance.now();
    // Through load(): over a fetching store (D1 on Workers) what the question reads is fetched first; on Node, at once.
    const response = await requireService().load((s) => s.ask(q));
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const now = Date.now();
    const id = queryLog ? newQuestionId(now) : null;
    if (id) {
      const extras = extrasOf(response);
      const key = extras ? (extras.key ??= questionKey(response.question)) : questionKey(response.question);
      safeRecord(queryLog, {
        id,
        question: response.question,
        key,
        answered: response.answer !== null,
        firstCitation: response.citations[0]?.id ?? null,
        latencyMs,
        confidence: response.confidence,
        lang,
        channel,
        askedAt: new Date(now).toISOString(),
        clientHash: clientHasher.hash(deps.clientKey?.(c)),
        // What /admin shows (issue #18): the answer given (the log masks and bounds it) and the region asked about.
        answer: response.answer,
        region: logRegion(response.understood.regions, response.citations[0]?.region),
      });
    }
    return { response, id };
  };

  const popularRefreshed = new WeakMap<object, number>();
  const suggestionsFor = async (raw: string): Promise<Suggestion[]> => {
    const typed = raw.trim();
    if (!typed || [...typed].length > settings.MAX_QUERY_CHARS) return [];
    const index = await requireService().load((s) => suggestionIndexFor(s.kb));
    const now = Date.now();
    if (queryLog && now - (popularRefreshed.get(index) ?? 0) > POPULAR_REFRESH_MS) {
      popularRefreshed.set(index, now);
      index.setPopular((await safePopular(queryLog, 50, popularBy)).map((p) => toSimplified(p.question)));
    }
    return index.suggest(typed, 8);
  };

  if (deps.logger) app.use('*', requestLog(deps.logger, (c) => peekState(c)?.answered));
  app.use(
    '*',
    securityHeaders(
      settings.ALLOWED_ORIGINS,
      (c) => {
        const state = stateOf(c);
        return { frameable: state.frameable, styleNonce: state.styleNonce };
      },
      // HSTS when citizens reach the site over https (PUBLIC_URL, or the trusted proxy's X-Forwarded-Proto).
      (c) => publicIsHttps(c, settings),
    ),
  );
  if (deps.staticAssets) {
    app.use('/static/*', deps.staticAssets);
    app.use('/embed.js', deps.staticAssets);
  }
  app.use('/api/*', apiCors(settings.ALLOWED_ORIGINS));
  // Questions may be personal (issue #16): what echoes one is stored by no browser or proxy cache.
  for (const path of ['/ask', '/search', '/suggest', '/embed', '/api/ask', '/api/search', '/api/suggest']) app.use(path, questionResponsesNotStored);
  // Form posts only from this site's own pages (Sec-Fetch-Site, or Origin = the public origin); the JSON API relies on CORS.
  app.use('/feedback', publicOriginCsrf(settings));
  // Reliability limits (src/app/middleware): per-client rate, body size, time per request.
  if (deps.clientKey && settings.RATE_LIMIT > 0) {
    const limit = rateLimit({ perMinute: settings.RATE_LIMIT, burst: settings.RATE_LIMIT_BURST, key: deps.clientKey });
    // Every public route that does work, one bucket per client across all of them (issue #16: the staff pages
    // were unlimited); static files and /healthz are not counted.
    for (const path of ['/api/*', '/', '/ask', '/search', '/suggest', '/embed', '/doc/*', '/docs', '/figures', '/commitments']) app.use(path, limit);
    // The form's 有用/没用 votes too (/api/feedback is under /api/*): each one is a write to the log.
    app.use('/feedback', limit);
  }
  // The time limit first: it must also cover reading a body sent a byte at a time (and the question log, the
  // knowledge base loading). A response not ready within REQUEST_TIMEOUT_MS becomes 503 with Retry-After: 1, through
  // the one error handler ({ "error": "timeout: …" } on the API, a page elsewhere). It cannot cut short synchronous
  // work (ranking runs to completion on the event loop): that is kept short by MAX_QUERY_CHARS and the bounded
  // candidate lists, and the fuzz test holds every request to a time bound.
  const timeoutMessage = `timeout: no response within ${settings.REQUEST_TIMEOUT_MS} ms; try again`;
  app.use(
    '*',
    timeout(
      settings.REQUEST_TIMEOUT_MS,
      () => new HTTPException(503, { message: timeoutMessage, res: new Response(null, { status: 503, headers: { 'Retry-After': '1' } }) }),
    ),
  );
  // Only methods that carry a body: a GET never enters this layer at all.
  const bodyLimit = bodySizeLimit(settings.MAX_BODY_BYTES);
  // A library upload has its own limit, UPLOAD_MAX_BYTES (src/app/routes/library.tsx), behind the admin gate.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', (c, next) => (isLibraryUpload(c, deps) ? next() : bodyLimit(c, next)));
  if (deps.reload) registerReloadRoute(app, settings, deps.reload, deps.clientKey);
  // ?lang= is remembered for later visits (but not from inside the embed, where the host page chose it).
  app.use('*', (c, next) => {
    const path = c.req.path;
    if (c.req.method === 'GET' && !path.startsWith('/api/') && path !== '/prefs') {
      const explicit = resolveLang({ query: c.req.query('lang') });
      if (explicit.explicit && !isEmbedRequest(c)) remember(c, LANG_COOKIE, explicit.lang);
    }
    return next();
  });

  app.get('/healthz', (c) => {
    const service = deps.service();
    if (!service) return c.json({ status: 'loading' }, 503);
    // A real read of the knowledge base, so a file damaged while served is reported, not what was loaded at start.
    try {
      service.kb.check();
    } catch (err) {
      const error = err instanceof PolicyQaError ? err.message : `knowledge base: cannot be read (${(err as Error).message})`;
      return c.json({ status: 'unavailable', error }, 503);
    }
    return c.json({ status: 'ok', passages: service.kb.passageCount, builtAt: service.kb.builtAt });
  });

  // The embed script's first call: succeeds only for origins CORS lets in.
  app.get('/api/status', (c) => {
    const service = deps.service();
    if (!service) return c.json({ status: 'loading' }, 503);
    return c.json({ status: 'ok', passages: service.kb.passageCount });
  });

  // Runtimes whose static files live under /static only (Workers assets) still answer /embed.js.
  app.get('/embed.js', (c) => c.redirect('/static/embed.js', 302));

  app.get('/prefs', (c) => {
    const lang = resolveLang({ query: c.req.query('lang') });
    if (lang.explicit) remember(c, LANG_COOKIE, lang.lang);
    const elder = c.req.query('elder');
    if (elder === '1' || elder === '0') remember(c, ELDER_COOKIE, elder);
    for (const [param, cookie] of [['contrast', CONTRAST_COOKIE], ['guide', GUIDE_COOKIE]] as const) {
      const value = c.req.query(param);
      if (value === '1' || value === '0') remember(c, cookie, value);
    }
    return c.redirect(safeBackPath(c.req.query('back')), 303);
  });

  app.get('/', async (c) => {
    const service = requireService();
    const ui = uiOf(c);
    const popular = (await safePopular(queryLog, POPULAR_LIMIT, popularBy)).map((p) => ({ text: questionInLang(p.question, ui.lang), count: p.count }));
    const documents = service.kb.documents();
    const examples = examplesFor(documents);
    return page(c, '', <Home ui={ui} documents={documents} popular={popular} examples={examples} />);
  });

  // Every document, newest first, filtered by type, region and year, DOCS_PAGE_SIZE to a page.
  app.get('/docs', (c) => {
    const ui = uiOf(c);
    const years = listParam(c.req.queries('year')).filter((y) => /^(?:19|20)\d{2}$/.test(y)).map(Number);
    const filters = { types: listParam(c.req.queries('type')), regions: listParam(c.req.queries('region')), years };
    const offset = intParam(c.req.query('offset'), 0, 0, 100_000);
    const library = browseDocuments(requireService().kb.documents(), filters, offset, DOCS_PAGE_SIZE);
    return page(c, ui.t('docsPageTitle'), <DocumentsPage ui={ui} library={library} />, {
      announce: ui.t('docsCount', { count: library.total }),
    });
  });

  // The embed panel's greeting (EMBED_GREETING in the visitor's script) and suggested questions (EXAMPLE_QUESTIONS or the library's examples).
  app.get('/embed', (c) => {
    const ui = uiOf(c);
    const suggestions = examplesFor(requireService().kb.documents()).slice(0, EMBED_SUGGESTIONS);
    const greeting = settings.EMBED_GREETING ? ui.text(settings.EMBED_GREETING) : '';
    return page(c, '', <EmbedIntro ui={ui} greeting={greeting} suggestions={suggestions} />);
  });

  app.get('/api/search', async (c) => {
    const { q, limit = settings.PAGE_SIZE, offset = 0, type, year, region, doc, lang } = validQuery(c, api.search.request.query);
    const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
    const filters = filtersFromParams(list(type), list(year), list(region), doc);
    const response = await requireService().load((s) => s.search(q, limit, offset, filters, settings.RESULTS_PER_DOCUMENT));
    return c.json(searchResponseInLang(response, resolveLang({ query: lang }).lang));
  });

  // The contract, for the portal team's tools (generated from ./api-contract.ts; docs/api.md is checked against it).
  const contract = openApiDocument(api);
  app.get('/openapi.json', (c) => c.json(contract));

  /** /api/ask's parameters, checked against the contract (a bad one throws: 400). */
  const askParamsOf = (c: Context): { q: string; lang: Lang } => {
    const valid = validQuery(c, api.ask.request.query);
    // A follow-up (那广东呢？) after `prev` is asked as the previous question with the new region or period.
    const followUp = valid.prev ? resolveFollowUp(valid.q, valid.prev, { maxChars: settings.MAX_QUERY_CHARS }) : null;
    return { q: followUp ? followUp.question : valid.q, lang: resolveLang({ query: valid.lang }).lang };
  };

  /** Chinese questions to offer an English question (EXAMPLE_QUESTIONS, else from the library's documents). */
  const chineseExamples = () => examplesFor(requireService().kb.documents()).slice(0, HINT_EXAMPLES);

  app.get('/api/ask', async (c) => {
    const { q, lang } = askParamsOf(c);
    const { response, id } = await askAndLog(c, q, lang, 'api');
    stateOf(c).answered = response.answer !== null;
    // `next`: where to go when there is no answer (FALLBACK_URL), always just before `id`.
    const next = response.answer === null ? fallbacks[lang] : null;
    const extras = extrasOf(response);
    // `hint`: an English question is asked to ask in Chinese, with Chinese examples (null otherwise).
    const hint = isMostlyLatin(response.question) ? askInChineseHint(lang, chineseExamples()) : null;
    if (!extras) return c.json({ ...askResponseInLang(response, lang), next, hint, id });
    // The same bytes c.json would send ({ ...answer, next, id }: id last), from the serialisation cached with the answer.
    const bodies = (extras.bodies ??= {});
    // en shares zh-CN's bytes unless its `next` label differs (a no-answer with a fallback set).
    const key: Lang = lang === 'zh-TW' || ((next || hint) && lang === 'en') ? lang : 'zh-CN';
    const prefix = (bodies[key] ??= utf8.encode(JSON.stringify({ ...askResponseInLang(response, key), next, hint }).slice(0, -1)));
    return apiJson(withId(prefix, id), c.req.header('Origin'));
  });

  app.get('/api/suggest', async (c) => {
    const { q, lang: langParam } = validQuery(c, api.suggest.request.query);
    const lang = resolveLang({ query: langParam }).lang;
    const convert = contentConverter(lang);
    const suggestions = (await suggestionsFor(q)).map((s) => ({ text: convert(s.text), kind: s.kind }));
    return c.json({ query: q, suggestions });
  });

  // JSON from this site or a listed origin only (a foreign page's text/plain POST needs no preflight), one vote per answer.
  app.post('/api/feedback', jsonPostFromAllowedOrigins(settings, 'feedback'), async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'feedback: send JSON like {"id": "…", "useful": true}' }, 400);
    }
    const { id, useful } = validBody(body, api.feedback.request.body.content['application/json'].schema, 'feedback');
    if (!queryLog) return c.json({ error: 'feedback: the question log is not enabled on this server' }, 503);
    const outcome = await queryLog.feedback(id, useful);
    if (outcome === 'unknown') return c.json({ error: 'feedback: no logged question has this id' }, 404);
    if (outcome === 'already-rated') return c.json({ error: 'feedback: this answer has already been rated' }, 409);
    if (outcome === 'unavailable') return c.json({ error: 'feedback: the question log cannot be written now' }, 503);
    return c.json({ id, useful, saved: true });
  });

  app.get('/suggest', async (c) => {
    const ui = uiOf(c);
    const q = c.req.query('q') ?? '';
    const items = await suggestionsFor(q);
    if (isFragmentRequest(c)) {
      c.header('Vary', 'HX-Request, Cookie, Accept-Language');
      // Announce only when there is something to choose; silence keeps the last answer's announcement.
      return c.html(
        <>
          <Suggestions ui={ui} items={items} />
          {items.length > 0 && <Announcer text={ui.t('suggestionsAnnounce', { count: items.length })} oob />}
        </>,
      );
    }
    return page(c, ui.t('suggestionsPageTitle', { query: ui.text(q) }), <SuggestionsPage ui={ui} query={q} items={items} />, { query: q });
  });

  app.get('/search', async (c) => {
    const ui = uiOf(c);
    const q = c.req.query('q') ?? '';
    const offset = intParam(c.req.query('offset'), 0, 0, 10_000);
    const filters = searchFilters(c);
    const found = await requireService().load((s) => s.search(q, settings.PAGE_SIZE, offset, filters, settings.RESULTS_PER_DOCUMENT));
    const response = searchResponseInLang(found, ui.lang);
    return page(c, ui.t('searchResultsTitle', { query: ui.text(response.query) }), <SearchResults ui={ui} response={response} />, {
      query: response.query,
      announce: ui.t('announceResults', { total: response.total }),
      oob: ui.embed ? undefined : <Suggestions ui={ui} items={[]} oob />,
    });
  });

  /** The question a follow-up means (那广东呢？ after the previous question `prev`: src/search/follow-up.ts), or the question itself. */
  const followUpOf = (c: Context, q: string) => {
    const prev = (c.req.query('prev') ?? '').slice(0, settings.MAX_QUERY_CHARS);
    return resolveFollowUp(q, prev, { maxChars: settings.MAX_QUERY_CHARS });
  };

  /** The embed's conversation around an answer: the earlier questions (`prev`, then `h`) answered again, and what the next request carries. */
  const embedConversation = async (c: Context, ui: Ui, asked: string, understood: string | null): Promise<EmbedConversation> => {
    const earlier = [c.req.query('prev') ?? '', ...(c.req.queries('h') ?? []).slice(0, EMBED_HISTORY_TURNS - 1)]
      .map((q) => q.slice(0, settings.MAX_QUERY_CHARS).trim())
      .filter(Boolean)
      .slice(0, EMBED_HISTORY_TURNS);
    const turns: EmbedConversation['turns'] = [];
    for (const q of earlier) {
      try {
        // Not logged: these were logged when they were asked. Cached answers make this cheap.
        const shown = askResponseInLang(await requireService().load((s) => s.ask(q)), ui.lang);
        turns.push({ question: shown.question, answer: shown.answer });
      } catch {
        // a question that cannot be asked again is left out
      }
    }
    return { understood: understood === null ? null : ui.text(understood), turns, context: [asked, ...earlier].slice(0, EMBED_HISTORY_TURNS) };
  };

  app.get('/ask', async (c) => {
    const ui = uiOf(c);
    const typed = c.req.query('q') ?? '';
    const followUp = followUpOf(c, typed);
    const { response, id } = await askAndLog(c, followUp ? followUp.question : typed, ui.lang, ui.embed ? 'embed' : 'page');
    stateOf(c).answered = response.answer !== null;
    const popular = (await safePopular(queryLog, 50, popularBy)).map((p) => p.question);
    const related = relatedQuestions(response.question, response.citations, popular).map((q) => questionInLang(q, ui.lang));
    const shown = askResponseInLang(response, ui.lang);
    const announce =
      shown.answer !== null
        ? ui.t('announceAnswer', { answer: shown.answer })
        : shown.citations.length
          ? ui.t('announceNoAnswer', { count: shown.citations.length })
          : ui.t('announceNoAnswerNone');
    // A no-answer says what the library holds and offers the configured next step.
    const noAnswer = shown.answer === null;
    const card = (
      <AnswerCard
        ui={ui}
        response={shown}
        feedbackId={id}
        related={related}
        library={noAnswer ? libraryCoverage(requireService().kb.documents()) : undefined}
        fallback={noAnswer ? fallbacks[ui.lang] : null}
        examples={isMostlyLatin(response.question) ? chineseExamples() : undefined}
      />
    );
    const understood = followUp ? response.question : null;
    const heard = understood === null ? announce : `${ui.t('followUpAnnounce', { question: ui.text(understood) })} ${announce}`;
    if (ui.embed) {
      // The box is emptied for the next question (a follow-up, say): the question stands above the answer.
      const conversation = await embedConversation(c, ui, response.question, understood);
      return page(c, ui.text(response.question), card, { announce: heard, oob: <EmbedConversationUpdates ui={ui} conversation={conversation} />, embed: conversation });
    }
    return page(c, ui.text(response.question), card, {
      query: response.question,
      announce: heard,
      oob: <Suggestions ui={ui} items={[]} oob />,
    });
  });

  app.post('/feedback', async (c) => {
    const ui = uiOf(c);
    // A malformed body (a broken multipart, say) is a bad request like a missing field, not a server error.
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const id = form.id;
    const useful = form.useful;
    const question = typeof form.q === 'string' ? form.q.slice(0, settings.MAX_QUERY_CHARS) : '';
    if (!isQuestionId(id) || (useful !== '1' && useful !== '0')) {
      return page(c, ui.t('feedbackPageTitle'), <ErrorMessage ui={ui} title={ui.t('feedbackPageTitle')} message={ui.t('feedbackUnknown')} />, {
        status: 400,
      });
    }
    let outcome: FeedbackOutcome;
    try {
      outcome = queryLog ? await queryLog.feedback(id, useful === '1') : 'unavailable';
    } catch {
      outcome = 'unavailable';
    }
    // htmx swaps in only a 2xx answer: the fragment says what happened in its text; the full page by its status too.
    // After 没用 the visitor is offered the configured next step (FALLBACK_URL), whatever became of the vote.
    const fallback = useful === '0' ? fallbacks[ui.lang] : null;
    if (isFragmentRequest(c)) {
      return page(c, ui.t('feedbackPageTitle'), <FeedbackDone ui={ui} outcome={outcome} fallback={fallback} />, { announce: feedbackMessage(ui, outcome) });
    }
    const status = outcome === 'already-rated' ? 409 : outcome === 'unavailable' ? 503 : 200;
    return page(c, ui.t('feedbackPageTitle'), <FeedbackPage ui={ui} outcome={outcome} question={question} fallback={fallback} />, { status });
  });

  app.get('/doc/:id', async (c) => {
    const ui = uiOf(c);
    const id = c.req.param('id');
    const doc = await requireService().load((s) => s.kb.document(id));
    if (!doc) {
      return page(c, ui.t('docNotFoundTitle'), <ErrorMessage ui={ui} title={ui.t('docNotFoundTitle')} message={ui.t('docNotFoundText')} />, {
        status: 404,
      });
    }
    const hl = intParam(c.req.query('hl'), 0, 0, 1_000_000) || null;
    // ?mark= the answer's words, marked in the highlighted paragraph when they stand there (bounded: MARK_MAX characters).
    const mark = hl ? (c.req.query('mark') ?? '').slice(0, MARK_MAX) || null : null;
    return page(c, ui.text(doc.title), <DocumentView ui={ui} doc={doc} highlight={hl} mark={mark} />);
  });

  registerStaffRoutes(app, deps);
  // After the staff routes: their admin gate and same-origin check cover /admin/teach.
  registerTeachRoutes(app, deps);
  // After the staff routes: their admin gate (token or session) and CSRF check cover /admin/library too.
  registerLibraryRoutes(app, deps);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: `not found: ${c.req.path}` }, 404);
    const ui = uiOf(c);
    return page(c, ui.t('pageNotFoundTitle'), <ErrorMessage ui={ui} title={ui.t('pageNotFoundTitle')} message={ui.t('pageNotFoundText')} />, {
      status: 404,
    });
  });

  /** The friendly page an error becomes outside the JSON API (plain text while the knowledge base loads). */
  const errorPage = (c: Context, err: PolicyQaError | HTTPException, status: ContentfulStatusCode, retryAfter: number | undefined) => {
    const ui = uiOf(c);
    if (err instanceof ServiceUnavailable) return c.text(ui.t('loadingText'), status);
    const [title, message] =
      err instanceof QueryError
        ? [ui.t('queryErrorTitle'), ui.t(QUERY_MESSAGES[err.code])]
        : status === 429
          ? [ui.t('tooManyRequestsTitle'), ui.t('tooManyRequestsText', { seconds: retryAfter ?? 1 })]
          : status === 413
            ? [ui.t('forbiddenTitle'), ui.t('requestTooLargeText')]
            : status === 403
              ? [ui.t('forbiddenTitle'), ui.t('forbiddenText')]
              : status === 404
                ? [ui.t('pageNotFoundTitle'), ui.t('pageNotFoundText')]
                : [ui.t('serverErrorTitle'), ui.t('serverErrorText')];
    return page(c, title, <ErrorMessage ui={ui} title={title} message={message} />, { status });
  };

  // The one error handler: a PolicyQaError (src/errors.ts) or hono's HTTPException becomes its status, with
  // { "error": message } on the JSON API and /healthz, a friendly page elsewhere; anything else is a bug: a generic
  // 500 (the message, never a stack trace, in the response), logged here.
  app.onError((err, c) => {
    const api = c.req.path.startsWith('/api/') || c.req.path === '/healthz';
    if (err instanceof PolicyQaError || err instanceof HTTPException) {
      const status: ContentfulStatusCode = err.status;
      let message = err.message;
      let retryAfter = err instanceof PolicyQaError ? err.retryAfter : undefined;
      if (err instanceof HTTPException) {
        // hono/csrf refuses with a bare 403 (its text in err.res); others may carry Retry-After there.
        if (status === 403) message = 'forbidden: this request did not come from an allowed page';
        else if (!message) message = `http: status ${status}`;
        const wait = Number(err.res?.headers.get('Retry-After'));
        if (wait > 0) retryAfter = wait;
      }
      if (retryAfter) c.header('Retry-After', String(retryAfter));
      if (api) return c.json({ error: message }, status);
      return errorPage(c, err, status, retryAfter);
    }
    if (deps.logger) deps.logger.error({ method: c.req.method, error: err.message, stack: err.stack }, 'internal error');
    else console.error(err);
    if (api) return c.json({ error: 'internal: the server could not answer this request' }, 500);
    const ui = uiOf(c);
    return page(c, ui.t('serverErrorTitle'), <ErrorMessage ui={ui} title={ui.t('serverErrorTitle')} message={ui.t('serverErrorText')} />, {
      status: 500,
    });
  });

  return app;
}
