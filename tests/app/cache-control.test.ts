// Responses that echo a visitor's question are stored by no cache (issue #16, finding 16):
// questions may be personal. Static files and documents stay cacheable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;
beforeAll(async () => {
  ctx = await setupCorpusApp();
});
afterAll(() => ctx.cleanup());

const question = encodeURIComponent('我家邻居的违建找谁反映？');

describe('Cache-Control on what carries a question', () => {
  it.each([
    `/api/ask?q=${question}`,
    `/ask?q=${question}`,
    `/search?q=${question}`,
    `/api/search?q=${question}`,
    `/api/suggest?q=${question}`,
    `/suggest?q=${question}`,
  ])('%s is private, no-store', async (path) => {
    const res = await ctx.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });

  it('the cached answer of a repeated question too', async () => {
    await ctx.app.request(`/api/ask?q=${question}`);
    const again = await ctx.app.request(`/api/ask?q=${question}`);
    expect(again.headers.get('cache-control')).toBe('private, no-store');
  });

  it('an htmx fragment and a refused question too', async () => {
    const fragment = await ctx.app.request(`/ask?q=${question}`, { headers: { 'HX-Request': 'true' } });
    expect(fragment.headers.get('cache-control')).toBe('private, no-store');
    const empty = await ctx.app.request('/api/ask?q=');
    expect(empty.status).toBe(400);
    expect(empty.headers.get('cache-control')).toBe('private, no-store');
  });
});
