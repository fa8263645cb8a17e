// The JSON API's contract: every /api route's parameters and responses declared
// once with zod. The routes validate their input against it (a bad value is a
// 400 naming the parameter, never a silent fallback), their handlers get typed
// values, and /openapi.json is generated from it (docs/api.md is checked against
// that document by tests/app/openapi.test.ts). Limits that are settings
// (MAX_QUERY_CHARS, PAGE_SIZE) are part of the contract, so it is built per app.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { PolicyQaError } from '../errors.js';
import type { Settings } from '../settings.js';

/** A parameter or body that does not match the contract: 400, naming it. */
export class ParameterError extends PolicyQaError {
  constructor(prefix: string, detail: string) {
    super(400, prefix, detail);
    this.name = 'ParameterError';
  }
}

/** The first problem zod found, as one plain sentence naming the parameter (and the value given, shortened). */
function firstProblem(error: z.ZodError, input: Record<string, unknown>): string {
  const issue = error.issues[0];
  const name = issue.path.length ? String(issue.path[0]) : '';
  const given = name ? input[name] : undefined;
  const shown = typeof given === 'string' ? ` (got ${JSON.stringify(given.length > 40 ? `${given.slice(0, 40)}…` : given)})` : '';
  // Our schemas word their own messages with the name first; zod's generic ones get it put in front.
  const message = name && !issue.message.startsWith(name) ? `${name}: ${issue.message}` : issue.message;
  return `${message}${shown}`;
}

/**
 * The query string read against a route's declared parameters: typed values, or a ParameterError (400,
 * `query: …`). A parameter given once is a string, repeated an array (as hono's own validator reads them);
 * parameters the route does not declare are ignored (links may carry others, such as utm_ tags).
 */
export function validQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const input: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) input[name] = values.length === 1 ? values[0] : values;
  const result = schema.safeParse(input);
  if (!result.success) throw new ParameterError('query', firstProblem(result.error, input));
  return result.data;
}

/** A JSON body read against its declared schema: typed values, or a ParameterError (400, `<prefix>: …`). */
export function validBody<T extends z.ZodType>(body: unknown, schema: T, prefix: string): z.output<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new ParameterError(prefix, firstProblem(result.error, body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {}));
  }
  return result.data;
}

/** Highest offset a list accepts (deeper pages are not useful and would cost more to rank). */
export const MAX_OFFSET = 10_000;

/** A query parameter holding a whole number from min to max. */
function wholeNumber(name: string, min: number, max: number, fallback: number, description: string) {
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: `${name} must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `${name} must be at least ${min}` }).max(max, { error: `${name} must be at most ${max}` }))
    .optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer', minimum: min, maximum: max, default: fallback, description });
}

/** The question or search text: at most MAX_QUERY_CHARS characters (blank is refused by the service, with its own words). */
function queryTextSchema(settings: Settings) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'missing q parameter' : 'q must be given once') })
    .refine((s) => [...s.trim()].length <= settings.MAX_QUERY_CHARS, { error: `q is too long: at most ${settings.MAX_QUERY_CHARS} characters` });
}

function queryText(settings: Settings, description: string) {
  return queryTextSchema(settings).openapi({ param: { name: 'q', in: 'query', required: true }, description, example: '行政复议案件办理情况' });
}

function optionalQueryText(settings: Settings, description: string) {
  return queryTextSchema(settings).optional().openapi({ param: { name: 'q', in: 'query', required: false }, description, example: '行政复议' });
}

const lang = z
  .string()
  .regex(/^(?:zh|en)(?:[-_][A-Za-z0-9]{1,8}){0,3}$/i, { error: 'lang must be zh-CN, zh-TW or en' })
  .optional()
  .openapi({
    param: { name: 'lang', in: 'query' },
    description: 'zh-TW returns the display text in Traditional characters; zh-CN or en (or none) leaves it as stored. Aliases such as zh-Hant and zh-HK are accepted.',
    example: 'zh-TW',
  });

/** A year like 2021 (documents and figures are dated 1900–2099). */
const YEAR = /^(?:19|20)\d{2}$/;

const oneYear = (description: string) =>
  z
    .string()
    .regex(YEAR, { error: 'year must be a year like 2021' })
    .optional()
    .openapi({ param: { name: 'year', in: 'query' }, description, example: '2021' });

/** Repeatable (type=a&type=b) or comma-separated: as the search page's filter links write them. */
const repeatable = (name: string, check: RegExp | null, error: string, description: string) => {
  const one = check ? z.string().regex(check, { error }) : z.string().max(100, { error });
  return z
    .union([one, z.array(one).max(20, { error: `${name} may be given at most 20 times` })])
    .optional()
    .openapi({ param: { name, in: 'query', style: 'form', explode: true }, description });
};

const docId = z
  .string()
  .max(200, { error: 'doc must be a document id (at most 200 characters)' })
  .optional()
  .openapi({ param: { name: 'doc', in: 'query' }, description: 'Only this document (its id, as in `docId`).' });

// ---- responses ----------------------------------------------------------------------------------------------------

export const ErrorBody = z.object({ error: z.string().openapi({ example: 'query: limit must be a whole number from 1 to 100' }) }).openapi('Error');

const Period = z
  .object({ from: z.number().int(), to: z.number().int(), stance: z.enum(['reviewed', 'planned']) })
  .openapi('Period', { description: 'The years a section speaks for and whether it reviews (results) or plans (targets) them.' });

export const PassageResultBody = z
  .strictObject({
    id: z.string().openapi({ example: 'yangjiang-2021-law-based-government-report:31' }),
    docId: z.string(),
    title: z.string(),
    heading: z.array(z.string()),
    text: z.string(),
    snippet: z.string().openapi({ description: 'HTML: the passage text escaped, matched terms in <mark>.' }),
    score: z.number(),
    url: z.string().openapi({ example: '/doc/yangjiang-2021-law-based-government-report?hl=31#p-31' }),
    article: z.string().nullable().openapi({ description: '第X条 for a statute article, else null.' }),
    paragraph: z.number().int(),
    date: z.string().nullable(),
    type: z.string().nullable(),
    citation: z.string().openapi({ example: '《阳江市人民政府2021年法治政府建设年度报告》' }),
    superseded: z.boolean().openapi({ description: 'A newer version of this law is in the knowledge base (历史版本).' }),
    status: z.enum(['current', 'superseded', 'repealed']).openapi({
      description:
        'current; superseded: an older version of a law whose newer version is here (历史版本); repealed: named in a later law\'s 同时废止 clause, or a 试行/暂行 text the final law of the same type replaced (docs/statutes.md#status).',
    }),
    replacedBy: z
      .strictObject({ docId: z.string(), title: z.string(), url: z.string() })
      .nullable()
      .openapi({ description: 'The text in force in its place (the newest version, or the replacing law), when the knowledge base has it.' }),
    region: z.string().nullable().openapi({ example: '阳江市' }),
    period: Period.nullable(),
    sourceUrl: z.string().nullable().openapi({
      description:
        "The document's page on its publisher's portal (an absolute http(s) address: the sidecar's `url`, the page's canonical link or its 原文链接 line), shown as 查看原文网页; null when the knowledge base knows none.",
      example: 'http://www.yangjiang.gov.cn/zwgk/fzzfjsbg/content/post_592896.html',
    }),
  })
  .openapi('PassageResult');

const FacetCount = z.strictObject({ value: z.string(), count: z.number().int() });

export const SearchResponseBody = z
  .strictObject({
    query: z.string(),
    total: z.number().int().openapi({ description: 'Every matching passage after the filters.' }),
    totalDocuments: z.number().int().openapi({ description: 'The documents the matching passages come from.' }),
    totalIsLowerBound: z.boolean().openapi({ description: 'true when `total` may be short (known questions added passages without a text match); otherwise `total` counts every match.' }),
    listed: z.number().int().openapi({ description: 'Results reachable by paging: the best-ranked passages, at most `perDocument` per document.' }),
    limit: z.number().int(),
    offset: z.number().int(),
    perDocument: z.number().int().openapi({ description: 'At most this many passages of one document in the list (RESULTS_PER_DOCUMENT; 0 = no limit, and with doc=).' }),
    filters: z.strictObject({ types: z.array(z.string()), years: z.array(z.number().int()), regions: z.array(z.string()), doc: z.string().nullable() }),
    facets: z.strictObject({
      type: z.array(FacetCount),
      year: z.array(FacetCount).openapi({ description: 'Newest year first.' }),
      region: z.array(FacetCount).openapi({ description: 'The regions the documents speak for (广东省, 阳江市, 全国), most matches first.' }),
    }),
    results: z.array(PassageResultBody),
    more: z
      .array(z.strictObject({ docId: z.string(), title: z.string(), count: z.number().int() }))
      .openapi({ description: 'Documents whose last listed passage is on this page and that match more often than listed: `count` more, found with doc=.' }),
  })
  .openapi('SearchResponse');

export const AskResponseBody = z
  .strictObject({
    question: z.string(),
    answer: z.string().nullable().openapi({ description: 'A verbatim span of the first citation, or null when the sources do not answer.' }),
    facts: z.array(z.string()),
    confidence: z.number().min(0).max(1),
    type: z.string().openapi({ description: 'number, date, list, fact, how, why, problem or commitment.' }),
    reason: z.string().nullable(),
    citations: z.array(PassageResultBody),
    figures: z.array(z.strictObject({ index: z.number().int(), id: z.string() })),
    understood: z.strictObject({
      regions: z.array(z.string()),
      years: z.array(z.number().int()),
      relativeYears: z.array(z.strictObject({ word: z.string(), year: z.number().int() })),
      intent: z.enum(['planned', 'reviewed']).nullable(),
    }),
    provisions: z
      .array(
        z.strictObject({
          id: z.string().openapi({ description: 'The passage id of the article (it is among `citations`).' }),
          citation: z.string().openapi({ example: '《中华人民共和国劳动合同法》第三十条（2012年12月28日修正）' }),
          article: z.string().openapi({ example: '第三十条' }),
          keySentence: z.string().openapi({ description: 'The sentence of the article that bears most on the question.' }),
          status: z.enum(['current', 'superseded', 'repealed']),
          url: z.string(),
        }),
      )
      .openapi({
        description:
          '相关法律规定 for a legal question (its first citation a statute article): the articles that most likely apply, one per article, best first; [] for other questions.',
      }),
    certainty: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .openapi({
        description:
          'For a legal question, the calibrated probability that the first article applies (STARD-calibrated, docs/statutes.md#answers); `answer` is given only when it is high enough, otherwise `answer` is null and `provisions` stand alone. null for other questions.',
      }),
    curated: z
      .strictObject({
        id: z.number().int(),
        sourceUrl: z.string().openapi({ description: 'The page the answer is taken from (http or https).' }),
        sourceDate: z.string().openapi({ example: '2026-03-01' }),
        reviewedBy: z.string(),
        reviewedAt: z.string().openapi({ description: 'ISO time of the last review.' }),
        expiresAt: z.string().openapi({ description: 'ISO time after which it is no longer served.' }),
      })
      .optional()
      .openapi({
        description:
          'Only on a curated answer (问答对) staff wrote and reviewed at /admin/teach: `answer` is its text, not a quote, and `citations` is empty; show it as 人工审核 with its source link and date. Absent otherwise; never present once expired.',
      }),
    next: z
      .strictObject({ label: z.string(), url: z.string() })
      .nullable()
      .openapi({
        description:
          'Where to go when there is no answer (FALLBACK_URL: an http(s) URL or tel: number, with FALLBACK_LABEL or a generic label in the language); null when there is an answer or no FALLBACK_URL is set.',
      }),
    hint: z.string().nullable().openapi({
      description: 'For a question typed mostly in Latin letters: ask in Chinese, with 2–3 Chinese example questions (EXAMPLE_QUESTIONS, else drawn from the documents), in the language asked for; null otherwise.',
      example: 'Please ask in Chinese — the documents in this library are in Chinese. For example: 2026年广东省的主要预期目标是什么？',
    }),
    id: z.string().nullable().openapi({ description: 'The logged question, for /api/feedback; null when the server keeps no log.' }),
  })
  .openapi('AskResponse');

export const SuggestResponseBody = z
  .strictObject({
    query: z.string(),
    suggestions: z.array(z.strictObject({ text: z.string(), kind: z.enum(['popular', 'title', 'heading']) })),
  })
  .openapi('SuggestResponse');

export const FeedbackRequestBody = z
  .strictObject({
    id: z.string().regex(/^[0-9a-f]{24}$/, { error: 'id must be the id from /api/ask' }),
    useful: z.boolean({ error: 'useful must be true or false' }),
  })
  .openapi('FeedbackRequest');

export const FeedbackResponseBody = z
  .strictObject({ id: z.string(), useful: z.boolean(), saved: z.literal(true) })
  .openapi('FeedbackResponse');

const FollowUpCandidate = z.strictObject({
  passageId: z.string(),
  docId: z.string(),
  title: z.string(),
  year: z.number().int().nullable(),
  heading: z.array(z.string()),
  paragraph: z.number().int(),
  text: z.string(),
  url: z.string(),
  score: z.number(),
});

const CommitmentBody = z
  .strictObject({
    id: z.string(),
    docId: z.string(),
    docTitle: z.string(),
    year: z.number().int().nullable(),
    region: z.string().nullable(),
    period: z
      .strictObject({ from: z.number().int(), to: z.number().int() })
      .nullable()
      .openapi({ description: 'The years its plan section is for: 2026–2026 for 2026年工作安排, 2026–2030 for “十五五” targets.' }),
    targetYear: z.number().int().nullable(),
    targetYearStated: z.boolean(),
    kind: z.enum(['plan', 'pledge']).openapi({ description: 'Always `plan` (commitments come from plan sections only); `pledge` is no longer given.' }),
    heading: z.array(z.string()),
    paragraph: z.number().int(),
    passageId: z.string(),
    url: z.string(),
    text: z.string(),
    followUp: z.strictObject({ laterDocuments: z.number().int(), candidates: z.array(FollowUpCandidate) }),
  })
  .openapi('Commitment');

export const CommitmentsResponseBody = z
  .strictObject({
    query: z.string(),
    filters: z.strictObject({ year: z.number().int().nullable(), region: z.string().nullable(), doc: z.string().nullable(), target: z.number().int().nullable() }),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    facets: z.strictObject({
      region: z.array(FacetCount).openapi({ description: 'Commitments per region under the other filters (and year=), most first.' }),
      year: z.array(FacetCount).openapi({ description: 'Commitments per planned year under the other filters (and region=), earliest first; one for 2026–2030 counts in each year.' }),
    }),
    commitments: z.array(CommitmentBody),
  })
  .openapi('CommitmentsResponse');

const FigureFields = {
  id: z.string(),
  docId: z.string(),
  docTitle: z.string(),
  year: z.number().int().nullable(),
  region: z.string().nullable(),
  stance: z.enum(['reported', 'target']).nullable(),
  span: z.strictObject({ from: z.number().int(), to: z.number().int() }).nullable(),
  heading: z.array(z.string()),
  paragraph: z.number().int(),
  passageId: z.string(),
  url: z.string(),
  expr: z.string().openapi({ example: '6万余名' }),
  value: z.string().openapi({ example: '6万' }),
  number: z.number().openapi({ example: 60000 }),
  qualifier: z.string(),
  unit: z.string(),
  subject: z.string(),
  measure: z.string(),
  sentence: z.string(),
  measureKey: z.string().openapi({ example: '地区生产总值', description: 'What it measures, normalised across reports (issue #18); empty when unknown.' }),
  kind: z.enum(['level', 'growth', 'share']),
  normValue: z.number().openapi({ example: 56700, description: 'The value in the base unit of its family (normUnit); negative for a fall.' }),
  normUnit: z.string().openapi({ example: '亿元' }),
  approx: z.boolean(),
  baseline: z.boolean(),
  recordUrl: z.string(),
};
const FigureBody = z.strictObject(FigureFields).openapi('Figure');

export const FiguresResponseBody = z
  .strictObject({
    query: z.string(),
    filters: z.strictObject({ year: z.number().int().nullable(), doc: z.string().nullable(), id: z.string().nullable() }),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    figures: z.array(FigureBody),
    figure: z.strictObject({ ...FigureFields, sameMeasure: z.array(FigureBody) }).nullable(),
    series: z.array(z.strictObject({ measure: z.string(), subject: z.string(), unit: z.string(), figures: z.array(FigureBody) })),
  })
  .openapi('FiguresResponse');

export const StatusResponseBody = z
  .strictObject({ status: z.literal('ok'), passages: z.number().int() })
  .openapi('StatusResponse');

// ---- routes -------------------------------------------------------------------------------------------------------

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** The errors every JSON route may answer besides its own. */
const commonErrors = {
  400: json(ErrorBody, 'A parameter is missing or has a bad value; `error` names it.'),
  429: json(ErrorBody, 'Over the per-client rate limit; see Retry-After.'),
  503: json(ErrorBody, 'The knowledge base is loading or no response came in time; see Retry-After.'),
};

/** The declared routes of the JSON API, for the limits in these settings. */
export function apiContract(settings: Settings) {
  const limit = (max: number, fallback: number) => wholeNumber('limit', 1, max, fallback, `Results per page, 1–${max}.`);
  const offset = wholeNumber('offset', 0, MAX_OFFSET, 0, 'Results to skip (paging).');
  return {
    search: createRoute({
      method: 'get',
      path: '/api/search',
      summary: 'Search passages',
      description:
        'Ranked passages with snippets, at most RESULTS_PER_DOCUMENT per document (the rest in `more`); `total` counts every match; facets count the matches per document type, region and year before filtering.',
      request: {
        query: z.object({
          q: queryText(settings, 'What to search for.'),
          limit: limit(100, settings.PAGE_SIZE),
          offset,
          type: repeatable('type', null, 'type must be at most 100 characters', 'Only documents of these types (法律, 行政法规, 报告 …); repeatable or comma-separated; unknown types match nothing.'),
          year: repeatable('year', /^(?:(?:19|20)\d{2})(?:,(?:19|20)\d{2})*$/, 'year must be years like 2021 (comma-separated or repeated)', 'Only documents of these years; repeatable or comma-separated.'),
          region: repeatable('region', null, 'region must be at most 100 characters', 'Only documents of these regions (广东省, 阳江市, 全国 …); repeatable or comma-separated.'),
          doc: docId,
          lang,
        }),
      },
      responses: { 200: json(SearchResponseBody, 'Ranked passages.'), ...commonErrors },
    }),
    ask: createRoute({
      method: 'get',
      path: '/api/ask',
      summary: 'Ask a question',
      description: 'An extractive answer quoted from the sources with the paragraphs it stands on, or `answer: null` and a `reason`.',
      request: {
        query: z.object({
          q: queryText(settings, 'The question, in everyday words.'),
          prev: z
            .string({ error: 'prev must be given once' })
            .refine((s) => [...s.trim()].length <= settings.MAX_QUERY_CHARS, { error: `prev is too long: at most ${settings.MAX_QUERY_CHARS} characters` })
            .optional()
            .openapi({
              param: { name: 'prev', in: 'query' },
              description:
                'The previous question of a conversation: a q that only names a new region or period (那广东呢？ 那去年呢？) is asked as this question with its region or period replaced, and `question` is the question asked; any other q is asked as it is.',
              example: '广西去年城镇新增就业多少人',
            }),
          lang,
        }),
      },
      responses: { 200: json(AskResponseBody, 'The answer and its citations.'), ...commonErrors },
    }),
    suggest: createRoute({
      method: 'get',
      path: '/api/suggest',
      summary: 'Suggest questions (猜你想问)',
      request: {
        query: z.object({
          q: z
            .string({ error: (issue) => (issue.input === undefined ? 'missing q parameter' : 'q must be given once') })
            .openapi({ param: { name: 'q', in: 'query', required: true }, description: 'What has been typed so far; empty gives no suggestions.' }),
          lang,
        }),
      },
      responses: { 200: json(SuggestResponseBody, 'Up to 8 suggestions.'), ...commonErrors },
    }),
    feedback: createRoute({
      method: 'post',
      path: '/api/feedback',
      summary: 'Rate an answer (有用/没用)',
      request: { body: { content: { 'application/json': { schema: FeedbackRequestBody } }, required: true } },
      responses: {
        200: json(FeedbackResponseBody, 'Stored.'),
        400: json(ErrorBody, 'Not JSON, or a bad id or useful.'),
        403: json(ErrorBody, 'Sent from a page of another site.'),
        404: json(ErrorBody, 'No logged question has this id.'),
        409: json(ErrorBody, 'This answer has already been rated.'),
        413: json(ErrorBody, 'The body is larger than MAX_BODY_BYTES.'),
        415: json(ErrorBody, 'Not sent as application/json.'),
        429: commonErrors[429],
        503: json(ErrorBody, 'No question log on this server, or it cannot be written now.'),
      },
    }),
    commitments: createRoute({
      method: 'get',
      path: '/api/commitments',
      summary: '承诺与部署: commitments with their 后续进展',
      request: {
        query: z.object({
          q: optionalQueryText(settings, 'Words the commitment must be about.'),
          year: oneYear('Only commitments planned for this year (their section’s period includes it: 2028 lists “十五五” commitments for 2026–2030).'),
          region: z
            .string()
            .max(100, { error: 'region must be at most 100 characters' })
            .optional()
            .openapi({ param: { name: 'region', in: 'query' }, description: 'Only commitments of this region (its report’s frame region: 广东省, 阳江市).', example: '广东省' }),
          doc: docId,
          target: z
            .string()
            .regex(YEAR, { error: 'target must be a year like 2026' })
            .optional()
            .openapi({ param: { name: 'target', in: 'query' }, description: 'Only commitments for this year.' }),
          limit: limit(50, 50),
          offset: wholeNumber('offset', 0, 1_000_000, 0, 'Commitments to skip (paging).'),
          lang,
        }),
      },
      responses: { 200: json(CommitmentsResponseBody, 'Commitments, each with follow-up candidates.'), ...commonErrors },
    }),
    figures: createRoute({
      method: 'get',
      path: '/api/figures',
      summary: 'Reported figures (数据) and their series across years',
      request: {
        query: z.object({
          q: optionalQueryText(settings, 'Words the figure must count (its subject).'),
          year: oneYear('Only figures speaking for this year.'),
          doc: docId,
          id: z
            .string()
            .max(300, { error: 'id must be a figure id (at most 300 characters)' })
            .optional()
            .openapi({ param: { name: 'id', in: 'query' }, description: 'One figure, returned as `figure` with the same measure in other years.' }),
          limit: limit(1000, 100),
          offset: wholeNumber('offset', 0, 1_000_000, 0, 'Figures to skip (paging).'),
          lang,
        }),
      },
      responses: {
        200: json(FiguresResponseBody, 'Figures, the selected one and the series.'),
        404: json(ErrorBody, 'No figure has this id.'),
        ...commonErrors,
      },
    }),
    status: createRoute({
      method: 'get',
      path: '/api/status',
      summary: 'Whether this site answers (the embed script’s first call)',
      responses: { 200: json(StatusResponseBody, 'Loaded.'), 503: commonErrors[503] },
    }),
  };
}

export type ApiContract = ReturnType<typeof apiContract>;

/** The OpenAPI document's header. */
export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'policy-qa JSON API',
    version: '1',
    description:
      'Search and cited answers over government reports and regulations. Every error is `{ "error": "<prefix>: <message>" }`. ' +
      'Responses that carry a question are sent with Cache-Control: private, no-store.',
  },
} as const;

/** The OpenAPI 3.1 document of these routes (what /openapi.json serves). */
export function openApiDocument(contract: ApiContract) {
  // OpenAPIHono here only collects the routes and writes the document; the app serves them itself.
  const registry = new OpenAPIHono();
  for (const route of Object.values(contract)) registry.openAPIRegistry.registerPath(route);
  return registry.getOpenAPI31Document(OPENAPI_INFO);
}
