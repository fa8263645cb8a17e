// The knowledge-base bundle the Worker loads (kb.bin): a whole KnowledgeBaseBuild
// read back exactly, whatever fields it grows, and searched through memoryStore
// with the same results as the SQLite file on Node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKnowledgeBaseBuild } from '../../src/adapters/node/kb-file.js';
import { createQuerySegmenter } from '../../src/adapters/node/query-segmenter.js';
import { deserializeBundle, serializeBundle } from '../../src/adapters/workers/kb-bundle.js';
import { KnowledgeBase } from '../../src/search/knowledge-base.js';
import { memoryStore } from '../../src/search/memory-store.js';
import type { KnowledgeBaseBuild } from '../../src/model/store.js';
import { QaService } from '../../src/service.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { setupCorpusApp, type CorpusApp } from '../helpers/corpus-app.js';

let ctx: CorpusApp;
let build: KnowledgeBaseBuild;

beforeAll(async () => {
  ctx = await setupCorpusApp();
  build = readKnowledgeBaseBuild(ctx.kbPath);
});

afterAll(() => ctx?.cleanup());

describe('kb bundle', () => {
  it('reads back the whole build: every field, Maps of posting lists and typed arrays included', () => {
    const bytes = serializeBundle(build);
    const back = deserializeBundle<KnowledgeBaseBuild>(bytes);
    expect(back).toEqual(build);
    expect(back.index.postings).toBeInstanceOf(Map);
    expect(back.index.postings.size).toBe(build.index.postings.size);
    for (const [term, list] of build.index.postings) expect(back.index.postings.get(term), term).toEqual(list);
    expect(back.passageDoc).toBeInstanceOf(Uint32Array);
    expect(back.index.bodyLengths).toBeInstanceOf(Uint16Array);
    expect(back.index.headingLengths).toBeInstanceOf(Uint8Array);
    expect(Object.keys(back).sort()).toEqual(Object.keys(build).sort());
    expect(Object.keys(back.index).sort()).toEqual(Object.keys(build.index).sort());
  });

  it('is compact: smaller than the SQLite file it comes from', () => {
    const bytes = serializeBundle(build);
    expect(bytes.byteLength).toBeLessThan(200_000);
  });

  it('carries fields it has never heard of, at any depth', () => {
    const value = {
      n: 1,
      s: '两平台',
      nested: { docPostings: new Map([['法治', new Uint8Array([1, 2, 3])], ['空', new Uint8Array(0)]]), weights: new Float64Array([0.5, -1.25]) },
      mixed: new Map<unknown, unknown>([[1, { a: [1, 2] }], ['k', null]]),
      set: new Set(['a', 'b']),
      big: new BigUint64Array([1n, 2n ** 63n]),
      i32: new Int32Array([-1, 7]),
      odd: new Uint16Array(new Uint8Array([0, 1, 2, 3, 4]).buffer, 2, 1), // a view at an offset
      $dollar: { $ta: 'not a tag' },
      missing: undefined,
      nan: Number.NaN,
      inf: -Infinity,
      when: new Date('2022-01-26T00:00:00Z'),
      list: [undefined, null, new Uint8Array([9])],
    };
    const back = deserializeBundle<typeof value>(serializeBundle(value));
    expect(back).toEqual(value);
    expect('missing' in back).toBe(true);
    expect(back.nested.docPostings.get('法治')).toBeInstanceOf(Uint8Array);
    expect(back.big[1]).toBe(2n ** 63n);
  });

  it('refuses what it cannot represent, naming where', () => {
    class Thing {}
    expect(() => serializeBundle({ index: { weird: new Thing() } })).toThrow(/Thing at build\.index\.weird/);
    expect(() => serializeBundle({ f: () => 1 })).toThrow(/function at build\.f/);
  });

  it('refuses bytes that are not a bundle', () => {
    expect(() => deserializeBundle(new Uint8Array(16))).toThrow(/not a policy-qa knowledge-base bundle/);
  });

  it('reads from an unaligned copy as well', () => {
    const bytes = serializeBundle(build);
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expect(deserializeBundle<KnowledgeBaseBuild>(shifted.subarray(3))).toEqual(build);
  });

  it('answers as the SQLite knowledge base does, through memoryStore (the Worker path)', () => {
    const kb = new KnowledgeBase(memoryStore(deserializeBundle<KnowledgeBaseBuild>(serializeBundle(build))));
    const service = new QaService(kb, createQuerySegmenter(kb.userWords), {
      maxQueryChars: DEFAULT_SETTINGS.MAX_QUERY_CHARS,
      minConfidence: DEFAULT_SETTINGS.MIN_CONFIDENCE,
      pageSize: DEFAULT_SETTINGS.PAGE_SIZE,
    });
    for (const q of ['2021年市政府办结了多少件行政复议申请？', '法治建设工作有哪些不足？', '行政复议', '量子计算机']) {
      expect(service.ask(q), q).toEqual(ctx.service.ask(q));
      expect(service.search(q, 20), q).toEqual(ctx.service.search(q, 20));
    }
  });
});
