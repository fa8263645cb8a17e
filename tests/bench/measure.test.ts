// Benchmark helpers on real figures: the troughs of a server's memory sawtooth,
// from a bench:load soak (resident MB, one sample a second, 2026-11-28); the
// benchmark servers start with the flags npm start uses.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SERVER_ENTRY, SERVER_NODE_FLAGS } from '../../bench/harness.js';
import { collectionTroughs } from '../../bench/measure.js';

// The soak whose last 10-second window caught a long tooth: its mean was +26.8 % over the first window's.
const SOAK_RSS = [
  535, 544, 553, 490, 501, 512, 520, 530, 541, 553, 573, 591, 610, 628, 650, 671, 545, 555, 567, 576, 588, 599, 610, 620, 507, 517, 528, 537, 546, 556,
  565, 500, 510, 519, 529, 541, 550, 562, 571, 585, 603, 515, 526, 535, 545, 552, 562, 573, 580, 588, 596, 611, 628, 643, 660, 677, 694, 711, 728, 746,
];

describe('collectionTroughs', () => {
  it('finds what each major collection left, and so no trend where window means see one', () => {
    const troughs = collectionTroughs(SOAK_RSS);
    expect(troughs).toEqual([
      { at: 3, value: 490 },
      { at: 16, value: 545 },
      { at: 24, value: 507 },
      { at: 31, value: 500 },
      { at: 41, value: 515 },
    ]);
    const first = troughs[0].value;
    const last = troughs[troughs.length - 1].value;
    expect((last - first) / first).toBeLessThan(0.1);
  });

  it('ignores steady growth and small dips, and a rising floor shows as rising troughs', () => {
    expect(collectionTroughs([100, 110, 120, 118, 130])).toEqual([]);
    const leak = [100, 150, 110, 160, 120, 170, 130];
    expect(collectionTroughs(leak).map((t) => t.value)).toEqual([110, 120, 130]);
  });
});

/** The node flags and entry of the command in an npm script that runs the server (`[exec] node [flags…] entry`, after any `&&`). */
function serverCommand(script: string): { flags: string[]; entry: string } | undefined {
  const commands = script.split('&&').map((c) => c.trim().split(/\s+/));
  const server = commands.filter((words) => (words[0] === 'exec' ? words[1] : words[0]) === 'node' && words.at(-1)?.startsWith('dist/'));
  if (server.length !== 1) return undefined;
  const words = server[0].slice(server[0][0] === 'exec' ? 2 : 1);
  return { flags: words.slice(0, -1), entry: words[words.length - 1] };
}

describe('SERVER_NODE_FLAGS', () => {
  it('are the flags npm start gives the server, so benchmarks measure the server people run', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    expect(serverCommand(start), start).toEqual({ flags: SERVER_NODE_FLAGS, entry: SERVER_ENTRY });
  });

  it('are told apart from other flags by that comparison', () => {
    const script = 'node scripts/build.mjs --if-stale && exec node --max-semi-space-size=64 dist/node.js';
    expect(serverCommand(script)).toEqual({ flags: ['--max-semi-space-size=64'], entry: 'dist/node.js' });
    expect(serverCommand(script.replace('=64', '=32'))?.flags).not.toEqual(['--max-semi-space-size=64']);
    expect(serverCommand('node scripts/build.mjs --if-stale && exec node dist/node.js')).toEqual({ flags: [], entry: 'dist/node.js' });
    expect(serverCommand('node scripts/build.mjs --if-stale')).toBeUndefined();
  });
});
