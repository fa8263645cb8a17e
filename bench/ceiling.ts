// The machine's HTTP ceiling for `npm run bench:load`: a trivial Hono handler on
// @hono/node-server, started the same way as the real server (node --import tsx)
// and loaded the same way in the same run, so ratios against it are fair.
// GET / answers a tiny JSON; GET /bytes/:n a JSON body of n ASCII bytes, prepared
// once (the same size as a real answer: how much of the cost is only moving bytes);
// GET /body the bytes of the file BODY_FILE (a real answer, byte for byte: what the
// load generator pays to take in that very response).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';

const app = new Hono();
const bodies = new Map<number, string>();
app.get('/', (c) => c.json({ status: 'ok' }));
app.get('/bytes/:n', (c) => {
  const n = Math.min(1_000_000, Math.max(16, Number(c.req.param('n')) || 16));
  let body = bodies.get(n);
  if (!body) bodies.set(n, (body = JSON.stringify({ text: 'x'.repeat(n - 12) })));
  return c.body(body, 200, { 'Content-Type': 'application/json' });
});
const bodyFile = process.env.BODY_FILE ? new Uint8Array(readFileSync(process.env.BODY_FILE)) : undefined;
if (bodyFile) app.get('/body', (c) => c.body(bodyFile, 200, { 'Content-Type': 'application/json' }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: process.env.HOST ?? '127.0.0.1' });
process.on('SIGTERM', () => process.exit(0));
