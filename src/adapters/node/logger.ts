// The server log on Node: pino, one JSON line per event —
// {"level":"info","time":"<ISO>","msg":"request",…fields} — filtered by
// LOG_LEVEL. Lines go to stdout through pino's own asynchronous destination
// (sonic-boom): gathered in memory and written in chunks of minLength bytes off
// the event loop, so a busy server pays no system call per request; a timer
// writes what waits at least every flushMs, so a quiet server's lines still
// appear at once (near enough). flushSync() writes whatever is left
// synchronously: the server calls it before exiting, and on 'exit' for any
// other way out, so no line is lost on SIGTERM.
import pino from 'pino';
import type { Logger } from '../../app/deps.js';
import type { Settings } from '../../settings.js';

export interface NodeLogger extends Logger {
  /** Writes every buffered line now, synchronously (for process exit). Never throws. */
  flushSync(): void;
}

export interface NodeLoggerOptions {
  /** Where lines go: a file descriptor (1, stdout, by default) or a file path. */
  dest?: number | string;
  /** Bytes gathered before a write. */
  minLength?: number;
  /** The longest a line waits in memory (ms). */
  flushMs?: number;
}

/** The line format: pino's, keyed as the log has always been (time as ISO text, level by name, msg; no pid or hostname). */
export function pinoOptions(level: Settings['LOG_LEVEL']): pino.LoggerOptions {
  return {
    level,
    base: undefined,
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** A pino logger at `level` writing to stdout (or `options.dest`) in batches. */
export function nodeLogger(level: Settings['LOG_LEVEL'], options: NodeLoggerOptions = {}): NodeLogger {
  const destination = pino.destination({
    dest: options.dest ?? 1,
    sync: false,
    minLength: options.minLength ?? 4096,
    periodicFlush: options.flushMs ?? 250,
  });
  const logger = pino(pinoOptions(level), destination);
  return Object.assign(logger, {
    flushSync() {
      try {
        destination.flushSync();
      } catch {
        // Not open yet, or a broken stream: nothing more can be written.
      }
    },
  });
}
