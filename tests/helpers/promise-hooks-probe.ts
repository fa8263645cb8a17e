// Run as a child process by tests/jsx-async-context.test.ts (vitest's own workers
// may have promise hooks on): renders real pages of the knowledge base at `--kb`
// through createApp — with
// `--without-async-context` after renderJsxWithoutAsyncContext(), as src/node.ts
// does — then prints whether promise hooks are on: inside a promise reaction
// executionAsyncId() is 0 only when they are off.
import { executionAsyncId } from 'node:async_hooks';
import { renderJsxWithoutAsyncContext } from '../../src/adapters/node/jsx-async-context.js';
import { loadService } from '../../src/adapters/node/load.js';
import { createApp } from '../../src/app/create-app.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';

if (process.argv.includes('--without-async-context')) renderJsxWithoutAsyncContext();
const kbPath = process.argv[process.argv.indexOf('--kb') + 1];
const service = loadService(kbPath, DEFAULT_SETTINGS);
const app = createApp({ service: () => service, settings: DEFAULT_SETTINGS });
const pages = await Promise.all(['/', `/ask?q=${encodeURIComponent('2021年市政府办结了多少件行政复议申请？')}`, '/no-such-page'].map(async (path) => {
  const res = await app.request(path);
  return { path, status: res.status, html: (await res.text()).includes('<html') };
}));
const asyncId = await Promise.resolve().then(() => executionAsyncId());
console.log(JSON.stringify({ pages, promiseHooks: asyncId !== 0 }));
