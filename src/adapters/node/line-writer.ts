// Log lines to a stream (stdout) in batches. On Linux a write to a pipe or file
// is a synchronous system call, so at LOG_LEVEL=info one write per request
// would cost a busy server a syscall per answer; here lines are gathered and
// written once per event-loop turn (or at once past maxBytes). flush() writes
// what is waiting synchronously enough for process exit: the server calls it
// before exiting, and on 'exit' for any other way out, so no line is lost.

export interface LineWriter {
  /** Queues one whole line (with its newline). */
  write(line: string): void;
  /** Writes everything queued now. */
  flush(): void;
}

export function batchedLineWriter(stream: { write(chunk: string): unknown }, maxBytes = 64 * 1024): LineWriter {
  let lines: string[] = [];
  let queued = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (lines.length === 0) return;
    const chunk = lines.join('');
    lines = [];
    queued = 0;
    try {
      stream.write(chunk);
    } catch {
      // A broken log stream must not break the server (as when each line was written on its own).
    }
  };
  return {
    write(line) {
      lines.push(line);
      queued += line.length;
      if (queued >= maxBytes) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
