// Shared set-up of the tests of the PostgreSQL question log (LOG_URL): a real
// server at TEST_POSTGRES_URL (.ci/run starts a throwaway one with .ci/postgres;
// locally: eval "$(.ci/postgres start)"). Outside CI the tests skip without it;
// in CI they run and fail, as the browser tests do without Chromium. Each test
// gets a schema of its own (freshSchema), named in the URL's search_path, so
// tests and runs never see each other's rows.
import pg from 'pg';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? '';

export const skipPostgresTests = !POSTGRES_URL && !process.env.CI;
if (skipPostgresTests) {
  console.warn('PostgreSQL tests skipped: TEST_POSTGRES_URL is unset (eval "$(.ci/postgres start)"; in CI they always run)');
}

/** Fails the test in CI when the database is missing (rather than skipping it). */
export function requirePostgres(): string {
  if (!POSTGRES_URL) throw new Error('TEST_POSTGRES_URL is unset: CI must start PostgreSQL (.ci/postgres start)');
  return POSTGRES_URL;
}

/** A new empty schema; `url` connects with it as the search_path (pg's `options` parameter). */
export async function freshSchema(prefix: string): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const base = requirePostgres();
  const schema = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Runs one statement on the schema (a second connection, as an operator or another replica would). */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}
