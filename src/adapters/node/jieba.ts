// nodejieba behind the core `Segmenter` interface. Native addon: Node only.
// Corpus terms (“两平台”, “六室合一”, 《titles》) go in through a user-dictionary
// file with an explicit frequency: nodejieba's insertWord gives new words so low
// a weight that jieba keeps cutting them apart (两会 → 两/会).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Segmenter } from '../../text/tokenize.js';

const require = createRequire(import.meta.url);

interface NodeJieba {
  DEFAULT_USER_DICT: string;
  load(options?: { userDict?: string }): void;
  cutForSearch(text: string, hmm?: boolean): string[];
  tag(text: string): { word: string; tag: string }[];
}

/** Frequency given to corpus terms: high enough to beat any split into common words. */
const USER_WORD_FREQUENCY = 3000;

let jieba: NodeJieba | undefined;
let loadedUserWords: string | undefined;

/** Loads jieba's dictionaries (about a second) once per distinct user-word list. */
function loadJieba(userWords: string[]): NodeJieba {
  jieba ??= require('nodejieba') as NodeJieba;
  const key = userWords.join('\n');
  if (loadedUserWords !== key) {
    const files = [jieba.DEFAULT_USER_DICT];
    if (userWords.length) {
      const file = join(tmpdir(), `policy-qa-userdict-${createHash('sha1').update(key).digest('hex').slice(0, 12)}.utf8`);
      writeFileSync(file, userWords.map((w) => `${w} ${USER_WORD_FREQUENCY} n`).join('\n') + '\n');
      files.push(file);
    }
    jieba.load({ userDict: files.join('|') });
    loadedUserWords = key;
  }
  return jieba;
}

/**
 * A search-mode jieba segmenter that knows the given user words (corpus terms).
 * nodejieba holds one dictionary per process: the latest call's user words win.
 */
export function createJiebaSegmenter(userWords: string[] = []): Segmenter {
  const words = userWords.filter((w) => /^[^\s]+$/.test(w));
  const j = loadJieba(words);
  return {
    cut: (text) => j.cutForSearch(text, true),
    tag: (text) => j.tag(text),
  };
}
