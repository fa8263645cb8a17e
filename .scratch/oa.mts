import { OpenAPIHono } from '@hono/zod-openapi';
import { apiContract, OPENAPI_INFO } from '/work/main/src/app/api-contract.ts';
import { DEFAULT_SETTINGS } from '/work/main/src/settings.ts';
const app = new OpenAPIHono({ defaultHook: (r, c) => { if (!r.success) return c.json({ error: JSON.stringify(r.error.issues.map(i=>[i.path.join('.'), i.message])) }, 400); } });
const k = apiContract(DEFAULT_SETTINGS);
for (const r of Object.values(k)) app.openapi(r as any, (c: any) => c.json({ ok: c.req.valid('query') ?? null }));
const doc = app.getOpenAPI31Document(OPENAPI_INFO as any);
console.log(JSON.stringify(doc).length, Object.keys(doc.paths));
console.log(JSON.stringify(doc.paths['/api/search'].get.parameters.slice(0,3)));
for (const u of ['/api/search?q=a&limit=abc', '/api/search?q=a&limit=5&year=2021,2022&type=a&type=b', '/api/search', '/api/search?q=a&q=b', '/api/ask?q=x&lang=fr', '/api/search?q=a&limit=0', '/api/search?q=' + 'a'.repeat(600)]) {
  const r = await app.request(u); console.log(u.slice(0,60), r.status, (await r.text()).slice(0, 200));
}
