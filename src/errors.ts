// The one error hierarchy: everything policy-qa refuses or cannot do on purpose
// is a PolicyQaError, with the HTTP status it becomes and a message that says
// plainly what went wrong, after a short prefix naming the part that refused
// ("query: …", "knowledge base: …", "ingest: …", "rate limit: …", "timeout: …").
// The app's one error handler (src/app/create-app.tsx) turns it into
// `{ "error": message }` on the JSON API or a friendly page elsewhere; anything
// that is not a PolicyQaError (nor hono's HTTPException) is a bug and becomes a
// generic 500. The subclasses live beside the code that throws them (QueryError
// in service.ts, DocumentReadError in ingest/read-document.ts, …); the ones the
// data model names live here, since src/model holds types only.
// No runtime dependency: the same classes serve Node, Workers and ingest.

/** The statuses these errors become (all with a body). */
export type ErrorStatus = 400 | 403 | 404 | 413 | 422 | 429 | 500 | 503;

export interface PolicyQaErrorOptions {
  /** Seconds the client should wait before trying again (Retry-After), when waiting helps. */
  retryAfter?: number;
  /** The underlying error, if any. */
  cause?: unknown;
}

export class PolicyQaError extends Error {
  /** What the message says after its prefix. */
  readonly detail: string;
  readonly retryAfter?: number;

  constructor(
    readonly status: ErrorStatus,
    /** Which part refused: the message's first words ("query", "knowledge base", …). */
    readonly prefix: string,
    detail: string,
    options: PolicyQaErrorOptions = {},
  ) {
    super(`${prefix}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PolicyQaError';
    this.detail = detail;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }
}

/** The knowledge-base file was written by another version of policy-qa (here, not beside KB_FORMAT_VERSION in src/model/store.ts: the model imports nothing). */
export class KnowledgeBaseFormatError extends PolicyQaError {
  constructor(message: string) {
    super(500, 'knowledge base', `${message}; re-run ingest`);
    this.name = 'KnowledgeBaseFormatError';
  }
}
