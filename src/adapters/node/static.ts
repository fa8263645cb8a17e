// /static/* on Node: the stylesheet from public/, htmx from its npm package.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MiddlewareHandler } from 'hono';

const require = createRequire(import.meta.url);
const publicDir = fileURLToPath(new URL('../../../public/', import.meta.url));

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
    return c.body(body as unknown as ArrayBuffer, 200, {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=3600',
    });
  };
}
