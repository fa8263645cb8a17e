// The query-side segmenter of every runtime: jieba-rs compiled to WebAssembly
// (jieba-wasm) behind the core `Segmenter` interface. Node and Workers load
// the same build of jieba-rs (the code and data sections of the package's
// nodejs and web .wasm files are byte-identical; tests/workers/segmenter.test.ts
// checks it) and teach it the knowledge base's user words in the same way here,
// so a question becomes the same terms and tags on both runtimes by construction.
// No I/O and no runtime-specific imports: each entry passes in an instance.
import type { Segmenter } from '../text/tokenize.js';

/** What this module needs from one jieba-wasm instance (the package's exports). */
export interface JiebaWasmBindings {
  cut_for_search(text: string, hmm?: boolean | null): string[];
  tag(sentence: string, hmm?: boolean | null): { word: string; tag: string }[];
  add_word(word: string, freq?: number | null, tag?: string | null): number;
}

/**
 * Frequency given to the corpus's user words (“两平台”, 《short titles》): the
 * same as the ingest segmenter (src/adapters/node/jieba.ts), high enough to beat
 * any split into common words.
 */
export const USER_WORD_FREQUENCY = 3000;

/** The user words a segmenter is taught: whitespace-free, in a fixed order. */
export function userWordKey(userWords: readonly string[]): string {
  return [...new Set(userWords.filter((w) => /^\S+$/.test(w)))].sort().join('\n');
}

/**
 * Teaches a fresh jieba-wasm instance the user words and wraps it as a Segmenter.
 * jieba-wasm keeps one dictionary per instance and cannot forget words, so every
 * distinct user-word list needs an instance of its own (the callers see to it).
 */
export function createJiebaWasmSegmenter(jieba: JiebaWasmBindings, userWords: readonly string[]): Segmenter {
  const key = userWordKey(userWords);
  for (const word of key ? key.split('\n') : []) jieba.add_word(word, USER_WORD_FREQUENCY, 'n');
  return {
    cut: (text) => jieba.cut_for_search(text, true),
    tag: (text) => jieba.tag(text, true),
  };
}
