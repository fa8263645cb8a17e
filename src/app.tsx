// The Hono application, shared by every runtime: createApp(deps) gets the
// knowledge base service and settings from its entry (Node or Workers) and
// serves the portal pages (full pages, or fragments for htmx) and the JSON API.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { QaService, QueryError, intParam } from './core/service.js';
import type { Settings } from './core/settings.js';
import { AnswerCard } from '../views/answer-card.js';
import { DocumentView } from '../views/document-page.js';
import { ErrorMessage } from '../views/error-message.js';
import { Home } from '../views/home.js';
import { Layout } from '../views/layout.js';
import { SearchResults } from '../views/search-results.js';

export interface AppDeps {
  /** The current service, or undefined while the knowledge base is loading. Called per request so a reload can swap it. */
  service: () => QaService | undefined;
  settings: Settings;
  /** Serves /static/* (htmx, CSS) in a runtime-specific way. */
  staticAssets?: MiddlewareHandler;
}

const QUERY_MESSAGES: Record<QueryError['code'], string> = {
  missing: '请输入问题或关键词。',
  empty: '请输入问题或关键词。',
  too_long: '问题太长了，请精简后再问。',
};

/** htmx requests get the #results fragment; everything else a full page. */
function isFragmentRequest(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Boosted') !== 'true';
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const { settings } = deps;

  const page = (c: Context, title: string, body: Child, query = '', status: 200 | 400 | 404 | 500 | 503 = 200) => {
    c.header('Vary', 'HX-Request');
    if (isFragmentRequest(c)) return c.html(<>{body}</>, status);
    return c.html(
      '<!doctype html>' +
        (
          <Layout title={title} query={query}>
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

  if (deps.staticAssets) app.use('/static/*', deps.staticAssets);

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  });

  app.get('/healthz', (c) => {
    const service = deps.service();
    if (!service) return c.json({ status: 'loading' }, 503);
    return c.json({ status: 'ok', passages: service.kb.passageCount, builtAt: service.kb.builtAt });
  });

  app.get('/', (c) => {
    const service = requireService();
    return page(c, '', <Home documents={service.kb.documents()} />);
  });

  app.get('/api/search', (c) => {
    const limit = intParam(c.req.query('limit'), settings.PAGE_SIZE, 1, 100);
    const offset = intParam(c.req.query('offset'), 0, 0, 10_000);
    return c.json(requireService().search(c.req.query('q'), limit, offset));
  });

  app.get('/api/ask', (c) => c.json(requireService().ask(c.req.query('q'))));

  app.get('/search', (c) => {
    const q = c.req.query('q') ?? '';
    const offset = intParam(c.req.query('offset'), 0, 0, 10_000);
    const response = requireService().search(q, settings.PAGE_SIZE, offset);
    return page(c, `搜索：${response.query}`, <SearchResults response={response} />, response.query);
  });

  app.get('/ask', (c) => {
    const response = requireService().ask(c.req.query('q') ?? '');
    return page(c, response.question, <AnswerCard response={response} />, response.question);
  });

  app.get('/doc/:id', (c) => {
    const doc = requireService().kb.document(c.req.param('id'));
    if (!doc) {
      return page(c, '未找到文件', <ErrorMessage title="未找到文件" message="知识库中没有这个文件，它可能已被移除。" />, '', 404);
    }
    const hl = intParam(c.req.query('hl'), 0, 0, 1_000_000) || null;
    return page(c, doc.title, <DocumentView doc={doc} highlight={hl} />);
  });

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: `not found: ${c.req.path}` }, 404);
    return page(c, '页面不存在', <ErrorMessage title="页面不存在" message="您访问的页面不存在。" />, '', 404);
  });

  app.onError((err, c) => {
    const api = c.req.path.startsWith('/api/') || c.req.path === '/healthz';
    if (err instanceof QueryError) {
      if (api) return c.json({ error: err.message }, 400);
      return page(c, '请输入问题', <ErrorMessage title="请输入问题" message={QUERY_MESSAGES[err.code]} />, '', 400);
    }
    if (err instanceof ServiceUnavailable) {
      c.header('Retry-After', '5');
      if (api) return c.json({ error: err.message }, 503);
      return c.text('知识库正在加载，请稍后再试。', 503);
    }
    console.error(err);
    if (api) return c.json({ error: 'internal: the server could not answer this request' }, 500);
    return page(c, '出错了', <ErrorMessage title="出错了" message="服务器暂时无法处理这个请求，请稍后再试。" />, '', 500);
  });

  return app;
}

class ServiceUnavailable extends Error {
  constructor() {
    super('unavailable: the knowledge base is loading');
  }
}
