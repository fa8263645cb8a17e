// nodejieba behind the core `Segmenter` interface. Native addon: Node only.
import { createRequire } from 'node:module';
import type { Segmenter } from '../../core/tokenize.js';

const require = createRequire(import.meta.url);

interface NodeJieba {
  load(options?: Record<string, string>): void;
  cutForSearch(text: string, hmm?: boolean): string[];
  insertWord(word: string, tag?: string): boolean;
}

let jieba: NodeJieba | undefined;

function loadJieba(): NodeJieba {
  // Loading the dictionary takes about a second, so it happens once, on first use.
  jieba ??= require('nodejieba') as NodeJieba;
  return jieba;
}

/** A search-mode jieba segmenter that also knows the given user words (corpus terms). */
export function createJiebaSegmenter(userWords: Iterable<string> = []): Segmenter {
  const j = loadJieba();
  for (const word of userWords) j.insertWord(word);
  return { cut: (text) => j.cutForSearch(text, true) };
}
