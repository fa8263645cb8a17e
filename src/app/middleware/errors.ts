// What the app itself refuses: the reliability limits (rate limit, body too
// large, timeout) and a knowledge base still loading. Both are PolicyQaErrors
// (src/errors.ts), thrown, not rendered here, so the app's one error handler
// answers each the house way: `{ "error": "prefix: …" }` on /api/*, a friendly
// page elsewhere, with Retry-After where waiting helps.
import { PolicyQaError } from '../../errors.js';

export class RequestRefused extends PolicyQaError {
  declare readonly status: 413 | 429 | 503;

  /** `message` as the client reads it, prefix first: "rate limit: …", "body: …", "timeout: …". */
  constructor(status: 413 | 429 | 503, message: string, retryAfter?: number) {
    const colon = message.indexOf(': ');
    super(status, colon > 0 ? message.slice(0, colon) : 'refused', colon > 0 ? message.slice(colon + 2) : message, { retryAfter });
    this.name = 'RequestRefused';
  }
}

/** No knowledge base yet (it is loading): 503 with Retry-After, a short plain text outside the API. */
export class ServiceUnavailable extends PolicyQaError {
  declare readonly status: 503;

  constructor() {
    super(503, 'unavailable', 'the knowledge base is loading', { retryAfter: 5 });
    this.name = 'ServiceUnavailable';
  }
}
