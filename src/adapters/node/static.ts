// /static/* on Node: the stylesheet and scripts from public/, htmx from its npm
// package; plus /embed.js, the one-line embed, at the site root where portals
// expect it (and loadable from any origin: Cross-Origin-Resource-Policy).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { projectRoot } from './project-root.js';

const require = createRequire(import.meta.url);
const publicDir = join(projectRoot(), 'public') + '/';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Files served, resolved once: a fixed list, so no request path ever reaches the file system. */
function assetFiles(): Map<string, string> {
  const files = new Map<string, string>([
    ['/static/htmx.min.js', require.resolve('htmx.org/dist/htmx.min.js')],
    ['/static/style.css', publicDir + 'style.css'],
    ['/static/portal.js', publicDir + 'portal.js'],
    ['/static/request-problems.js', publicDir + 'request-problems.js'],
    ['/static/embed-frame.js', publicDir + 'embed-frame.js'],
    ['/static/embed.js', publicDir + 'embed.js'],
    ['/static/embed-demo.html', publicDir + 'embed-demo.html'],
    ['/embed.js', publicDir + 'embed.js'],
  ]);
  return files;
}

export function nodeStaticAssets(): MiddlewareHandler {
  const files = assetFiles();
  const cache = new Map<string, Uint8Array>();
  return async (c, next) => {
    const file = files.get(c.req.path);
    if (!file) return next();
    let body = cache.get(file);
    if (!body) cache.set(file, (body = readFileSync(file)));
    const ext = file.slice(file.lastIndexOf('.'));
    const embedScript = file.endsWith('/embed.js');
    return c.body(body as unknown as ArrayBuffer, 200, {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      // Portals link /embed.js by a fixed URL: keep their copy fresh.
      'Cache-Control': embedScript ? 'public, max-age=300' : 'public, max-age=3600',
      ...(embedScript ? { 'Cross-Origin-Resource-Policy': 'cross-origin' } : {}),
    });
  };
}
