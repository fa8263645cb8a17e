// The machine's HTTP ceiling for `npm run bench:load`: a trivial Hono handler on
// @hono/node-server, started the same way as the real server (node --import tsx)
// and loaded the same way in the same run, so ratios against it are fair.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.json({ status: 'ok' }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: process.env.HOST ?? '127.0.0.1' });
process.on('SIGTERM', () => process.exit(0));
