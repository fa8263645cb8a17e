import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
describe('smoke', () => {
  it('renders', async () => {
    const app = createApp({ service: () => undefined, settings: DEFAULT_SETTINGS });
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    const r2 = await app.request('/nope');
    expect(r2.status).toBe(404);
    expect(await r2.text()).toContain('页面不存在');
  });
});
