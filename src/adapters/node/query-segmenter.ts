// The query segmenter on Node: jieba-wasm (the same jieba-rs build the Worker
// runs, see ../jieba-wasm.ts), so questions segment identically on both
// runtimes. The package's CommonJS build instantiates its WebAssembly when
// required; dropping it from the require cache gives a fresh instance, one per
// distinct user-word list (an instance's dictionary only ever grows).
import { createRequire } from 'node:module';
import type { Segmenter } from '../../text/tokenize.js';
import { createJiebaWasmSegmenter, userWordKey, type JiebaWasmBindings } from '../jieba-wasm.js';

const require = createRequire(import.meta.url);
const MODULE = require.resolve('jieba-wasm/node');

/** Recently used segmenters by user-word list; two, since each holds a dictionary of its own (~60 MB of WebAssembly memory). */
const segmenters = new Map<string, Segmenter>();
const KEEP = 2;

function freshInstance(): JiebaWasmBindings {
  delete require.cache[MODULE];
  try {
    return require(MODULE) as JiebaWasmBindings;
  } finally {
    delete require.cache[MODULE];
  }
}

/** A search-mode jieba-wasm segmenter that knows the given user words (the knowledge base's `userWords`). */
export function createQuerySegmenter(userWords: readonly string[] = []): Segmenter {
  const key = userWordKey(userWords);
  let segmenter = segmenters.get(key);
  if (segmenter) {
    segmenters.delete(key);
  } else {
    segmenter = createJiebaWasmSegmenter(freshInstance(), userWords);
  }
  segmenters.set(key, segmenter);
  if (segmenters.size > KEEP) segmenters.delete(segmenters.keys().next().value as string);
  return segmenter;
}
