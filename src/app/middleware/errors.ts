// Refusals the reliability middleware raises (rate limit, body too large,
// timeout). They are thrown, not rendered here, so the app's one error handler
// answers each the house way: `{ "error": "prefix: …" }` on /api/*, a friendly
// page elsewhere, with Retry-After where waiting helps.

export class RequestRefused extends Error {
  constructor(
    readonly status: 413 | 429 | 503,
    message: string,
    /** Seconds the client should wait before trying again (Retry-After), if waiting helps. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'RequestRefused';
  }
}
