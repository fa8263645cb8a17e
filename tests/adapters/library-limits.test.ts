// An upload that takes the parser past its time limit is stopped in the parsing thread,
// reported, and leaves nothing behind (src/adapters/node/library.ts): the same limit as
// ingest (PARSE_TIMEOUT_MS), held within the request's own (REQUEST_TIMEOUT_MS).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/adapters/node/library.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { LibraryError, type LibraryManager } from '../../src/staff/library-audit.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus-app.js';
import { makeDocument } from './library-fixtures.js';

let dir: string;
let library: LibraryManager;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-qa-library-limits-'));
  library = openLibrary({
    settings: {
      ...DEFAULT_SETTINGS,
      KB_PATH: join(dir, 'kb.sqlite'),
      CORPUS_DIR,
      LIBRARY_DIR: join(dir, 'library'),
      UPLOAD_MAX_BYTES: 5_000_000,
      PARSE_TIMEOUT_MS: 1000,
      PARSE_MEMORY_MB: 8192,
    },
    root: REPO_ROOT,
    reload: () => Promise.reject(new Error('not used')),
  });
});

afterAll(() => {
  library?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('parse limits at upload', () => {
  it('stops a DOCX that takes longer than PARSE_TIMEOUT_MS, reports it and keeps nothing', async () => {
    // 60,000 paragraphs of 300 characters in a file of a few hundred kilobytes: mammoth alone needs seconds.
    const slow = makeDocument('docx', Array.from({ length: 60_000 }, (_, i) => `第${i}段：${'城乡供水工程建设和运行管理情况说明。'.repeat(16)}`));
    expect(slow.length).toBeLessThan(5_000_000);
    const started = performance.now();
    let error: unknown;
    try {
      await library.add({ name: 'slow.docx', bytes: slow }, '张三');
    } catch (err) {
      error = err;
    }
    expect(performance.now() - started).toBeLessThan(8000);
    expect(error).toBeInstanceOf(LibraryError);
    expect((error as LibraryError).status).toBe(422);
    expect((error as LibraryError).detail).toBe(
      'DOCX parsing took longer than 1000 ms (PARSE_TIMEOUT_MS); the file may be damaged or made to exhaust the parser',
    );
    expect(library.uploads()).toEqual([]);
    expect(readdirSync(join(dir, 'library', 'staged'))).toEqual([]);
    expect(readdirSync(join(dir, 'library')).filter((n) => n.startsWith('.incoming'))).toEqual([]);
    expect(library.audit(1)[0]).toMatchObject({ action: 'reject', who: '张三', document: 'slow.docx' });
  }, 60_000);
});
