// Who did it (issue #18): the name staff type at login is signed into the session
// cookie with the rest (changing it invalidates the session), a program names
// itself with X-Staff-Name beside its Bearer token, and names are cleaned of
// markup and control characters and bounded.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, cleanStaffName, sessionParts, sessionStaff, sessionValue, STAFF_NAME_MAX, staffNameOf } from '../../src/app/admin-auth.js';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { setupCorpusApp } from '../helpers/corpus-app.js';

const TOKEN = 'k7Qm-2vX9-pL4w-Zr8e-Tn3y';

describe('staff names', () => {
  it('are cleaned and bounded', () => {
    expect(cleanStaffName('  王小明 ')).toBe('王小明');
    expect(cleanStaffName('<script>x</script>')).toBe('scriptx/script');
    expect(cleanStaffName('李\u0000四\n')).toBe('李四');
    expect([...cleanStaffName('长'.repeat(100))]).toHaveLength(STAFF_NAME_MAX);
    expect(cleanStaffName(42)).toBe('');
    expect(cleanStaffName('ＡＢＣ')).toBe('ABC');
  });

  it('are signed into the session: the cookie gives the name back, a changed name voids it', async () => {
    const now = Date.now();
    const value = await sessionValue(TOKEN, now, '王小明');
    expect(sessionParts(value)?.staff).toBe('王小明');
    expect(await sessionStaff(value, TOKEN, now)).toBe('王小明');
    const [issued, id, , mac] = value.split('.');
    const forged = [issued, id, btoa(String.fromCharCode(...new TextEncoder().encode('张三'))).replace(/=+$/, ''), mac].join('.');
    expect(sessionParts(forged)?.staff).toBe('张三');
    expect(await sessionStaff(forged, TOKEN, now)).toBeNull();
    expect(await sessionStaff(value, 'another-token-entirely-9x', now)).toBeNull();
  });

  it('come from the login form and from X-Staff-Name with a Bearer token, on the real app', async () => {
    const corpus = await setupCorpusApp();
    try {
      const app = createApp({ service: () => corpus.service, settings: { ...DEFAULT_SETTINGS, ADMIN_TOKEN: TOKEN } });
      const res = await app.request('/admin/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' },
        body: new URLSearchParams({ name: ' 王小明 ', token: TOKEN }).toString(),
      });
      expect(res.status).toBe(303);
      const cookie = /pqa_admin=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      expect(cookie).toBeTruthy();
      expect(await sessionStaff(decodeURIComponent(cookie!), TOKEN)).toBe('王小明');
      const page = await app.request('/admin', { headers: { Cookie: `${ADMIN_COOKIE}=${cookie}` } });
      expect(page.status).toBe(200);
      const login = await (await app.request('/admin')).text();
      expect(login).toContain('id="admin-name"');
    } finally {
      corpus.cleanup();
    }
  });

  it('are read by staffNameOf, with staff when none was given', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text(staffNameOf(c)));
    expect(await (await app.request('/')).text()).toBe('staff');
  });
});
