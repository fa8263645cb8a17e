// The command-line scripts' arguments (scripts/, eval/, bench/): node:util's
// parseArgs, strict, so a mistyped or unknown flag, or a flag without its value,
// stops the script with one line saying what is wrong and the script's usage
// line (exit code 2), not a stack trace or a silently ignored argument.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function parseCommandLine<T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(usage: string, config: T) {
  try {
    return parseArgs({ ...config, args: process.argv.slice(2), strict: true as const });
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: ${usage}`);
    process.exit(2);
  }
}

/** Stops with the usage line (exit code 2): a required argument is missing. */
export function usageError(usage: string): never {
  console.error(`usage: ${usage}`);
  process.exit(2);
}
