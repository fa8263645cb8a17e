// The one settings table: every setting has a name, a default and a line of
// help. Entry files parse their environment into it; core code receives the
// parsed values and never reads the environment itself.

export interface SettingSpec<T> {
  name: string;
  default: T;
  help: string;
  parse: (raw: string) => T;
  /** A secret (ADMIN_TOKEN): its value never appears in error messages. */
  secret?: boolean;
}

function integer(min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

function fraction(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error('must be a number from 0 to 1');
  return n;
}

function text(raw: string): string {
  return raw.trim();
}

/** Comma-separated origins (scheme://host[:port]), each checked and put in canonical form. */
function origins(raw: string): string[] {
  return raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      let url: URL;
      try {
        url = new URL(o);
      } catch {
        throw new Error(`has "${o}", which is not an origin like https://www.example.gov.cn`);
      }
      if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
        throw new Error(`has "${o}"; give only scheme://host[:port], no path`);
      }
      return url.origin;
    });
}

/**
 * A bearer secret: empty (off) or too strong to be guessed — at least 16 characters, 8 different ones, and
 * about 64 bits by a simple estimate: log2 of the alphabet its character classes span (digits 10, lower or
 * upper case letters 26 each, other ASCII 33, anything else 1000) for each character, except those that carry
 * on a run of repeats or steps of one (aaaa, 1234, abcd, 9876 count as two). Generous to a chosen phrase, but
 * it refuses what a person types for a test: 16 × "a", "1234567890123456", "abcdefghijklmnop".
 */
function secret(raw: string): string {
  const value = raw.trim();
  const chars = [...value];
  if (chars.length < 16) throw new Error('must be at least 16 characters (use a random string)');
  const advice = 'use a random string, e.g. openssl rand -hex 24';
  const distinct = new Set(chars).size;
  if (distinct < 8) throw new Error(`is too easy to guess: only ${distinct} different character${distinct === 1 ? '' : 's'}; ${advice}`);
  const classes: [RegExp, number][] = [[/[0-9]/, 10], [/[a-z]/, 26], [/[A-Z]/, 26], [/[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/, 33], [/[^\x00-\x7f]/u, 1000]];
  const alphabet = classes.reduce((sum, [re, size]) => sum + (re.test(value) ? size : 0), 0);
  const code = (ch: string) => ch.codePointAt(0)!;
  const step = (i: number) => code(chars[i]) - code(chars[i - 1]);
  const fresh = chars.filter((_, i) => i < 2 || Math.abs(step(i)) > 1 || step(i) !== step(i - 1)).length;
  const bits = Math.floor(fresh * Math.log2(alphabet));
  if (bits < 64) throw new Error(`is too easy to guess: about ${bits} bits, at least 64 needed (longer, less regular, more kinds of characters); ${advice}`);
  return value;
}

/** An absolute http(s) URL with no query or fragment, kept as its origin plus path without a trailing slash. */
function publicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error('must be an absolute URL like https://qa.example.gov.cn');
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new Error('must be an http or https URL with no query, fragment or user name');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** An http(s) URL or a tel: number (tel:12345). */
function fallbackUrl(raw: string): string {
  const value = raw.trim();
  if (/^tel:\+?[0-9-]{3,20}$/.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('must be an http(s) URL or a tel: number like tel:12345');
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password) throw new Error('must be an http(s) URL or a tel: number like tel:12345');
  return url.href;
}

/** Questions separated by |, each trimmed, empty ones dropped, at most 10 of at most 100 characters. */
function questionList(raw: string): string[] {
  const list = raw.split('|').map((q) => q.trim()).filter(Boolean);
  if (list.length > 10) throw new Error('may hold at most 10 questions');
  if (list.some((q) => [...q].length > 100)) throw new Error('has a question over 100 characters');
  return list;
}

/** A switch: on/off, true/false, 1/0, yes/no. */
/** Empty, or a PostgreSQL connection URL (postgres:// or postgresql://) with a host, or a socket folder as ?host=. */
function postgresUrl(raw: string): string {
  const value = raw.trim();
  if (!value) return '';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('must be a URL like postgres://user:password@host:5432/db');
  }
  if (!/^postgres(ql)?:$/.test(url.protocol) || !(url.hostname || url.searchParams.get('host'))) throw new Error('must be a URL like postgres://user:password@host:5432/db');
  return value;
}

function onOff(raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  throw new Error('must be on or off');
}

function oneOf<T extends string>(...values: T[]) {
  return (raw: string): T => {
    const v = raw.trim().toLowerCase() as T;
    if (!values.includes(v)) throw new Error(`must be one of ${values.join(', ')}`);
    return v;
  };
}

export const SETTINGS = {
  PORT: { name: 'PORT', default: 8787, help: 'HTTP port the Node server listens on.', parse: integer(0, 65535) },
  HOST: { name: 'HOST', default: '0.0.0.0', help: 'Interface the Node server binds to.', parse: text },
  KB_PATH: {
    name: 'KB_PATH',
    default: 'data/kb.sqlite',
    help: 'Knowledge-base file the server reads and ingest writes.',
    parse: text,
  },
  CORPUS_DIR: {
    name: 'CORPUS_DIR',
    default: 'corpus',
    help: 'Documents `npm start` ingests when the knowledge-base file is missing (and `npm run ingest` by default).',
    parse: text,
  },
  MIN_CONFIDENCE: {
    name: 'MIN_CONFIDENCE',
    default: 0.3,
    help: 'Answers below this confidence (0–1) are withheld; related passages are shown instead.',
    parse: fraction,
  },
  MAX_QUERY_CHARS: {
    name: 'MAX_QUERY_CHARS',
    default: 500,
    help: 'Longest accepted question or search query, in characters (longer ones get 400).',
    parse: integer(1, 10_000),
  },
  PAGE_SIZE: { name: 'PAGE_SIZE', default: 10, help: 'Search results per page (and the API default limit).', parse: integer(1, 100) },
  LOG_LEVEL: {
    name: 'LOG_LEVEL',
    default: 'info' as 'debug' | 'info' | 'warn' | 'error' | 'silent',
    help: 'Server log level: debug, info, warn, error or silent.',
    parse: oneOf('debug', 'info', 'warn', 'error', 'silent'),
  },
  ALLOWED_ORIGINS: {
    name: 'ALLOWED_ORIGINS',
    default: [] as string[],
    help: 'Comma-separated origins (https://www.example.gov.cn) whose pages may call /api/* (CORS) and frame /embed; empty = same origin only.',
    parse: origins,
  },
  LOG_PATH: {
    name: 'LOG_PATH',
    default: 'data/log.sqlite',
    help: 'Question log and feedback file (SQLite, Node); `off` disables logging. Never the knowledge-base file. The server does not start when it cannot write it.',
    parse: text,
  },
  LOG_URL: {
    name: 'LOG_URL',
    default: '',
    help: 'postgres://user:password@host:5432/db: keep the question log, feedback, 热门问题 decisions and teachings in PostgreSQL, shared by every Node replica (takes precedence over LOG_PATH); empty = the SQLite file at LOG_PATH.',
    parse: postgresUrl,
    secret: true,
  },
  POPULAR_MIN_COUNT: {
    name: 'POPULAR_MIN_COUNT',
    default: 3,
    help: 'Distinct clients (told apart by a salted hash that changes daily; no addresses stored) that must have asked a question, answered with confidence, before it may be a 热门问题.',
    parse: integer(1, 1_000_000),
  },
  POPULAR_MIN_DAYS: {
    name: 'POPULAR_MIN_DAYS',
    default: 2,
    help: 'Distinct days on which a question must have been asked before it may be a 热门问题.',
    parse: integer(1, 365),
  },
  POPULAR_NEEDS_APPROVAL: {
    name: 'POPULAR_NEEDS_APPROVAL',
    default: true,
    help: 'on = a question is shown as a 热门问题 or suggestion only after staff approve (or pin) it on /admin; off = once it meets the counts above.',
    parse: onOff,
  },
  LOG_RETENTION_DAYS: {
    name: 'LOG_RETENTION_DAYS',
    default: 180,
    help: 'Logged questions older than this many days are deleted (at startup and as the log is written).',
    parse: integer(1, 3650),
  },
  ADMIN_TOKEN: {
    name: 'ADMIN_TOKEN',
    default: '',
    help: 'Token for the staff pages at /admin (Bearer header or login form): random, at least 16 characters and 64 bits (e.g. openssl rand -hex 24), else start-up stops; empty = /admin is off (404).',
    parse: secret,
    secret: true,
  },
  LOW_CONFIDENCE: {
    name: 'LOW_CONFIDENCE',
    default: 0.5,
    help: 'Answered questions below this confidence (0–1) are listed on /admin as low-confidence.',
    parse: fraction,
  },
  CURATED_ANSWER_DAYS: {
    name: 'CURATED_ANSWER_DAYS',
    default: 180,
    help: 'Days a curated answer (问答对, /admin/teach) is served after staff review it, unless they set its expiry; after that it is no longer served until reviewed again.',
    parse: integer(1, 3650),
  },
  FOLLOW_UP_MIN_SCORE: {
    name: 'FOLLOW_UP_MIN_SCORE',
    default: 0.4,
    help: "Share (0–1) of a commitment's ideas a later report's passage must cover to be shown as its 后续进展.",
    parse: fraction,
  },
  RATE_LIMIT: {
    name: 'RATE_LIMIT',
    default: 120,
    help: 'Requests per minute one client may make to the public pages and API (/, /ask, /search, /suggest, /embed, /doc/…, /figures, /commitments, /feedback, /api/*): one token bucket per client shared by all of them (over it → 429 with Retry-After; static files and /healthz are not counted); 0 = no limit.',
    parse: integer(0, 1_000_000),
  },
  RATE_LIMIT_BURST: {
    name: 'RATE_LIMIT_BURST',
    default: 30,
    help: 'Requests one client may make at once before RATE_LIMIT applies (the token bucket’s size).',
    parse: integer(1, 1_000_000),
  },
  TRUSTED_PROXY: {
    name: 'TRUSTED_PROXY',
    default: false,
    help: 'on = behind one reverse proxy: clients are told apart by the last X-Forwarded-For address, and X-Forwarded-Proto/-Host give the public scheme and host; off = by the connection’s address and the request URL.',
    parse: onOff,
  },
  PUBLIC_URL: {
    name: 'PUBLIC_URL',
    default: '',
    help: 'The address citizens use (https://qa.example.gov.cn): decides the origin POSTs must come from, Secure cookies and HSTS (sent when https); empty = taken from the request.',
    parse: publicUrl,
  },
  MAX_BODY_BYTES: {
    name: 'MAX_BODY_BYTES',
    default: 16_384,
    help: 'Largest request body a POST endpoint accepts, in bytes (larger → 413).',
    parse: integer(256, 10_485_760),
  },
  REQUEST_TIMEOUT_MS: {
    name: 'REQUEST_TIMEOUT_MS',
    default: 10_000,
    help: 'A request not answered within this many milliseconds gets 503 (timeout); also the Node server’s limit for receiving one.',
    parse: integer(100, 600_000),
  },
  SHUTDOWN_GRACE_MS: {
    name: 'SHUTDOWN_GRACE_MS',
    default: 10_000,
    help: 'On SIGTERM, how long requests in flight may take to finish before the server exits anyway (milliseconds).',
    parse: integer(0, 600_000),
  },
  CURRENT_YEAR: {
    name: 'CURRENT_YEAR',
    default: 0,
    help: 'The year 今年 means in questions (去年, 明年 relative to it), named in the answer; 0 = the server clock\'s year when the question is asked.',
    parse: integer(0, 2100),
  },
  FALLBACK_URL: {
    name: 'FALLBACK_URL',
    default: '',
    help: 'Where a citizen goes when the knowledge base has no answer (12345 热线, 领导留言板, 办事指南): an http(s) URL or tel: number, shown on no-answer pages, in the embed and as `next` in /api/ask; empty = no such link.',
    parse: fallbackUrl,
  },
  FALLBACK_LABEL: {
    name: 'FALLBACK_LABEL',
    default: '',
    help: 'The text of the FALLBACK_URL link (e.g. 拨打12345政务服务便民热线); empty = a generic 其他咨询渠道 in the visitor’s language.',
    parse: text,
  },
  EXAMPLE_QUESTIONS: {
    name: 'EXAMPLE_QUESTIONS',
    default: [] as string[],
    help: 'Example questions on the home page and in the embed, separated by |; empty = drawn from the knowledge base’s own documents.',
    parse: questionList,
  },
  EMBED_GREETING: {
    name: 'EMBED_GREETING',
    default: '',
    help: 'The embed panel’s greeting above its suggested questions (up to 5 of EXAMPLE_QUESTIONS or the knowledge base’s examples); empty = a generic 您好 in the visitor’s language.',
    parse: text,
  },
  RESULTS_PER_DOCUMENT: {
    name: 'RESULTS_PER_DOCUMENT',
    default: 3,
    help: 'At most this many passages of one document on a page of search results (the rest behind 更多来自此文档); 0 = no limit.',
    parse: integer(0, 100),
  },
  MAX_DOCUMENT_CHARS: {
    name: 'MAX_DOCUMENT_CHARS',
    default: 2_000_000,
    help: 'Ingest: a document whose extracted text is longer than this many characters is reported and skipped.',
    parse: integer(1_000, 100_000_000),
  },
  MAX_DOCUMENT_PASSAGES: {
    name: 'MAX_DOCUMENT_PASSAGES',
    default: 20_000,
    help: 'Ingest: a document that splits into more passages than this is reported and skipped.',
    parse: integer(10, 10_000_000),
  },
  PARSE_TIMEOUT_MS: {
    name: 'PARSE_TIMEOUT_MS',
    default: 60_000,
    help: 'Ingest: a DOCX or PDF whose parsing (in its own worker thread) takes longer than this many milliseconds is reported and skipped.',
    parse: integer(1_000, 3_600_000),
  },
  PARSE_MEMORY_MB: {
    name: 'PARSE_MEMORY_MB',
    default: 512,
    help: 'Ingest: heap limit of the worker thread that parses one DOCX or PDF, in MB; a file needing more is reported and skipped.',
    parse: integer(32, 16_384),
  },
  LIBRARY_DIR: {
    name: 'LIBRARY_DIR',
    default: 'data/library',
    help: 'Node: where documents uploaded on /admin/library are kept (staged, published, withdrawn) with the library’s audit list (library.sqlite); a rebuild ingests CORPUS_DIR plus the published uploads.',
    parse: text,
  },
  UPLOAD_MAX_BYTES: {
    name: 'UPLOAD_MAX_BYTES',
    default: 10_485_760,
    help: 'Largest document staff may upload on /admin/library, in bytes (larger → refused, nothing kept).',
    parse: integer(1_024, 20_971_520),
  },
  ANSWER_CACHE_SIZE: {
    name: 'ANSWER_CACHE_SIZE',
    default: 500,
    help: 'Answers kept for repeated identical questions (least recently used dropped first; emptied on reload); 0 = no cache.',
    parse: integer(0, 100_000),
  },
} satisfies Record<string, SettingSpec<unknown>>;

export type Settings = { [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['default'] };

/** Parses settings from an environment-like record; unset or empty values take the default. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as [string, SettingSpec<unknown>][]) {
    const raw = env[spec.name];
    if (raw === undefined || raw.trim() === '') {
      out[key] = spec.default;
      continue;
    }
    try {
      out[key] = spec.parse(raw);
    } catch (err) {
      const got = spec.secret ? `a value of ${[...raw.trim()].length} characters` : `"${raw}"`;
      throw new Error(`settings: ${spec.name} ${(err as Error).message} (got ${got})`);
    }
  }
  return out as Settings;
}

export const DEFAULT_SETTINGS: Settings = parseSettings({});
