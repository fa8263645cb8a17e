// The query segmenter both runtimes share: jieba-wasm. Node loads the package's
// CommonJS build, the Worker its web build; this checks they are the same
// jieba-rs (identical WebAssembly code and data) and segment identically, and
// that user words stay whole and stay with their own knowledge base.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { initSync, add_word, cut_for_search, tag } from 'jieba-wasm/web';
import { createJiebaWasmSegmenter } from '../../src/adapters/jieba-wasm.js';
import { createQuerySegmenter } from '../../src/adapters/node/query-segmenter.js';
import { tokenize } from '../../src/text/tokenize.js';

const require = createRequire(import.meta.url);
const webWasm = require.resolve('jieba-wasm/web').replace(/\.js$/, '_bg.wasm');
const nodeWasm = require.resolve('jieba-wasm/node').replace(/\.js$/, '_bg.wasm');

/** The sections of a WebAssembly binary by id (custom sections, id 0, by name). */
function sections(bytes: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let i = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[i++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return value;
  };
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const body = bytes.subarray(i, i + size);
    out.set(id === 0 ? `custom:${new TextDecoder().decode(body.subarray(1, 1 + body[0]))}` : String(id), body);
    i += size;
  }
  return out;
}

const questions = ['../../../shared/eval/seed-dev.jsonl', '../../eval/fixtures/eval-holdout.jsonl', '../../eval/fixtures/eval-blind.jsonl'].flatMap((f) =>
  readFileSync(new URL(f, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { question: string }).question),
);
const report = readFileSync(new URL('../../corpus/yangjiang-2021-law-based-government-report.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim());

describe('jieba-wasm on both runtimes', () => {
  it('the nodejs and web builds hold the same jieba-rs: code (10) and data (11) sections are byte-identical', () => {
    const web = sections(readFileSync(webWasm));
    const node = sections(readFileSync(nodeWasm));
    for (const id of ['10', '11']) {
      expect(web.get(id), id).toBeDefined();
      expect(Buffer.from(web.get(id)!).equals(Buffer.from(node.get(id)!)), `section ${id}`).toBe(true);
    }
  });

  it('the web build (what the Worker runs) segments and tags every question and report line as Node does', () => {
    initSync({ module: readFileSync(webWasm) });
    const userWords = ['两平台', '六室合一', '放管服'];
    const worker = createJiebaWasmSegmenter({ add_word, cut_for_search, tag }, userWords);
    const node = createQuerySegmenter(userWords);
    expect(questions.length).toBeGreaterThan(100);
    for (const text of [...questions, ...report]) {
      expect(tokenize(text, worker), text).toEqual(tokenize(text, node));
      expect(worker.tag!(text), text).toEqual(node.tag!(text));
    }
  });

  it('keeps the knowledge base’s user words whole', () => {
    const segmenter = createQuerySegmenter(['六室合一', '两平台']);
    expect(segmenter.cut('推进六室合一和两平台建设')).toEqual(expect.arrayContaining(['六室合一', '两平台']));
    expect(segmenter.tag!('推进六室合一')).toContainEqual({ word: '六室合一', tag: 'n' });
  });

  it('gives each user-word list its own dictionary: words do not leak between knowledge bases', () => {
    const taught = createQuerySegmenter(['六室合一']);
    const plain = createQuerySegmenter([]);
    expect(taught.cut('六室合一')).toContain('六室合一');
    expect(plain.cut('六室合一')).not.toContain('六室合一');
    // The same list, in another order, is the same segmenter.
    expect(createQuerySegmenter(['b词', '六室合一', 'a词'])).toBe(createQuerySegmenter(['a词', 'b词', '六室合一']));
  });

  it('keeps numbers whole around the segmenter, as the index does', () => {
    const segmenter = createQuerySegmenter([]);
    expect(tokenize('办结行政复议申请108件，纠错率达29.6%', segmenter)).toEqual(expect.arrayContaining(['108件', '108', '29.6%']));
  });
});
