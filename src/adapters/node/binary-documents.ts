// DOCX and PDF on Node: the text is extracted in a worker thread (parse-thread.ts,
// mammoth and unpdf/PDF.js), handed to the core's readDocument as its BinaryReaders.
// Those libraries parse untrusted files, so each parse has a time limit
// (PARSE_TIMEOUT_MS) and a memory limit (PARSE_MEMORY_MB): a file that passes one
// has its thread terminated and is reported, and the next file gets a new thread.
// The core stays free of these libraries; `readAnyDocument` is what Node callers use.
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_DOCUMENT_LIMITS,
  DocumentReadError,
  readDocument,
  type BinaryReaders,
  type DocumentLimits,
} from '../../ingest/read-document.js';
import type { ParsedDocument } from '../../ingest/structure.js';
import { DEFAULT_SETTINGS } from '../../settings.js';
import type { ParseReply, ParseRequest } from './parse-thread.js';

export interface ParseLimits {
  /** Longest one file may take to parse (PARSE_TIMEOUT_MS). */
  timeoutMs: number;
  /** The thread's heap limit, and the most the process's memory may grow during one parse (PARSE_MEMORY_MB). */
  memoryMb: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  timeoutMs: DEFAULT_SETTINGS.PARSE_TIMEOUT_MS,
  memoryMb: DEFAULT_SETTINGS.PARSE_MEMORY_MB,
};

/**
 * How often the process's memory is sampled during a parse. The heap limit does not
 * cover ArrayBuffers (PDF.js and the ZIP reader inflate streams into them), so a
 * bomb could otherwise grow the process without bound before any time limit.
 */
const MEMORY_SAMPLE_MS = 25;

/** The thread's entry: parse-thread.js beside the bundle in dist/, parse-thread.ts beside this file under tsx or vitest. */
const THREAD_ENTRY = new URL(`./parse-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

function startThread(memoryMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: memoryMb };
  if (THREAD_ENTRY.pathname.endsWith('.js')) return new Worker(THREAD_ENTRY, { resourceLimits });
  // From the sources (npm run ingest, tests) the thread compiles TypeScript through tsx as the
  // main thread does: Node 20 does not pass the main thread's module hooks on to a worker.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${JSON.stringify(THREAD_ENTRY.href)}); });`, {
    eval: true,
    resourceLimits,
  });
}

/**
 * One worker thread for the DOCX and PDF files of an ingest run, started on the first
 * such file and reused while it stays healthy. Parses run one at a time. `close()`
 * when done (an idle thread does not keep the process alive, but holds its memory).
 */
export class DocumentParser {
  #thread: Worker | null = null;
  #ready: Promise<void> | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly limits: ParseLimits = DEFAULT_PARSE_LIMITS,
    readonly maxChars: number = DEFAULT_DOCUMENT_LIMITS.maxChars,
  ) {}

  /** The readers readDocument needs, parsing in this thread. */
  readonly readers: BinaryReaders = {
    docx: (bytes) => this.parse('docx', bytes),
    pdf: (bytes) => this.parse('pdf', bytes),
  };

  /** The lines of one DOCX or PDF file; rejects with DocumentReadError for a file that cannot be read or passes a limit. */
  parse(format: 'docx' | 'pdf', bytes: Uint8Array): Promise<string[]> {
    const run = this.#queue.then(() => this.#parse(format, bytes));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const thread = this.#thread;
    this.#thread = null;
    this.#ready = null;
    if (thread) await thread.terminate();
  }

  /** The running thread, started if need be; resolves once it has loaded its libraries. */
  #start(): { thread: Worker; ready: Promise<void> } {
    if (this.#thread && this.#ready) return { thread: this.#thread, ready: this.#ready };
    const thread = startThread(this.limits.memoryMb);
    // Errors are handled per parse (below); one while idle only ends the thread, and the next file starts another.
    thread.on('error', () => undefined).on('exit', () => {
      if (this.#thread === thread) {
        this.#thread = null;
        this.#ready = null;
      }
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (reply: ParseReply) => {
        if (!('ready' in reply)) return;
        thread.off('error', onError).off('exit', onExit).off('message', onMessage);
        resolve();
      };
      const onError = (err: Error) => reject(new DocumentReadError(`the document parser could not start (${(err.message || String(err)).slice(0, 160)})`));
      const onExit = (code: number) => reject(new DocumentReadError(`the document parser could not start (exit code ${code})`));
      thread.on('message', onMessage).once('error', onError).once('exit', onExit);
    });
    this.#thread = thread;
    this.#ready = ready;
    return { thread, ready };
  }

  async #parse(format: 'docx' | 'pdf', bytes: Uint8Array): Promise<string[]> {
    const { thread, ready } = this.#start();
    thread.ref();
    try {
      await ready;
    } catch (err) {
      await this.close();
      throw err;
    }
    const { timeoutMs, memoryMb } = this.limits;
    const kind = format.toUpperCase();
    return new Promise<string[]>((resolve, reject) => {
      const baseline = process.memoryUsage.rss();
      let settled = false;
      const finish = (outcome: () => void, healthy: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(sampler);
        thread.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (healthy) {
          // An idle thread must not keep the process alive.
          thread.unref();
        } else if (this.#thread === thread) {
          // A thread that passed a limit or broke is not reused: the next file gets a new one.
          this.#thread = null;
          this.#ready = null;
          void thread.terminate();
        }
        outcome();
      };
      const fail = (detail: string) => finish(() => reject(new DocumentReadError(detail)), false);
      const outOfMemory = () =>
        fail(`${kind} parsing needed more than ${memoryMb} MB of memory (PARSE_MEMORY_MB); the file may be damaged or made to exhaust the parser`);
      const onMessage = (reply: ParseReply) => {
        if ('lines' in reply) finish(() => resolve(reply.lines), true);
        else if ('unreadable' in reply) finish(() => reject(new DocumentReadError(reply.unreadable)), true);
        else if ('failed' in reply) fail(`the ${kind} parser failed (${reply.failed}); the file may be damaged`);
      };
      const onError = (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') outOfMemory();
        else fail(`the ${kind} parser crashed (${(err.message || String(err)).slice(0, 160)}); the file may be damaged`);
      };
      const onExit = (code: number) => fail(`the ${kind} parser stopped unexpectedly (exit code ${code}); the file may be damaged`);
      const timer = setTimeout(
        () => fail(`${kind} parsing took longer than ${timeoutMs} ms (PARSE_TIMEOUT_MS); the file may be damaged or made to exhaust the parser`),
        timeoutMs,
      );
      const sampler = setInterval(() => {
        if (process.memoryUsage.rss() - baseline > memoryMb * 1048576) outOfMemory();
      }, MEMORY_SAMPLE_MS);
      thread.on('message', onMessage).once('error', onError).once('exit', onExit);
      // A copy, handed over rather than cloned: the caller keeps its bytes.
      const copy = new Uint8Array(bytes);
      thread.postMessage({ format, bytes: copy, maxChars: this.maxChars } satisfies ParseRequest, [copy.buffer]);
    });
  }
}

/**
 * readDocument with DOCX and PDF support, in a thread of its own that is closed
 * afterwards: for one file. Ingest keeps one DocumentParser for the whole run.
 */
export async function readAnyDocument(
  fileName: string,
  bytes: Uint8Array,
  relPath: string = fileName,
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
  parseLimits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Promise<ParsedDocument> {
  const parser = new DocumentParser(parseLimits, limits.maxChars);
  try {
    return await readDocument(fileName, bytes, relPath, parser.readers, limits);
  } finally {
    await parser.close();
  }
}
