// The segmenter on Workers: jieba-wasm's web build, instantiated from the
// .wasm that wrangler imports as a compiled WebAssembly module (no fetch, no
// file system). The same jieba-rs build and user-word handling as on Node
// (../jieba-wasm.ts), so questions become the same terms on both runtimes.
import { add_word, cut_for_search, initSync, tag } from 'jieba-wasm/web';
import type { Segmenter } from '../../text/tokenize.js';
import { createJiebaWasmSegmenter, userWordKey } from '../jieba-wasm.js';

let taught: { key: string; segmenter: Segmenter } | undefined;

/**
 * The isolate's segmenter, knowing the knowledge base's user words. An isolate
 * has one jieba-wasm instance, whose dictionary cannot forget words: asking for
 * another user-word list is an error, not a silently different segmentation.
 */
export function createWorkerSegmenter(wasm: WebAssembly.Module, userWords: readonly string[]): Segmenter {
  const key = userWordKey(userWords);
  if (taught) {
    if (taught.key !== key) throw new Error('segmenter: this isolate already serves a knowledge base with other user words');
    return taught.segmenter;
  }
  initSync({ module: wasm });
  taught = { key, segmenter: createJiebaWasmSegmenter({ add_word, cut_for_search, tag }, userWords) };
  return taught.segmenter;
}
