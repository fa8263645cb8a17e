// The one settings table: every setting has a name, a default and a line of
// help. Entry files parse their environment into it; core code receives the
// parsed values and never reads the environment itself.

export interface SettingSpec<T> {
  name: string;
  default: T;
  help: string;
  parse: (raw: string) => T;
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
      throw new Error(`settings: ${spec.name} ${(err as Error).message} (got "${raw}")`);
    }
  }
  return out as Settings;
}

export const DEFAULT_SETTINGS: Settings = parseSettings({});
