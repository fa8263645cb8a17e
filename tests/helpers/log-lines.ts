// A logger for tests: the Node server's pino logger with its line format
// (src/adapters/node/logger.ts), its lines collected in an array instead of
// written to stdout.
import pino from 'pino';
import type { Logger } from '../../src/app/deps.js';
import { pinoOptions } from '../../src/adapters/node/logger.js';
import type { Settings } from '../../src/settings.js';

export function collectingLogger(level: Settings['LOG_LEVEL'] = 'info'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(pino(pinoOptions(level), { write: (line: string) => void lines.push(line) }), { lines });
}
