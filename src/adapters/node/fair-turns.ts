// Fair turns for CPU-bound requests on Node. Answering is synchronous work on
// the one event loop, and Node accepts new connections only between loop
// iterations (about one per iteration while it is busy): with many keep-alive
// clients each iteration serves all of them, and a new visitor's connection can
// wait many seconds to be accepted at all (measured: 100 clients on the statute
// knowledge base kept new connections waiting over 10 s). Here requests take
// turns in arrival order, one at a time, and after each slice of work
// (SLICE_MS) the loop is given back, so new connections are accepted and read
// every few milliseconds. One at a time costs nothing: the work is CPU-bound on
// one thread anyway. Requests waiting on I/O (static files, POST bodies) do not
// take turns, so they never hold one while waiting.

export class FairTurns {
  private readonly waiting: (() => void)[] = [];
  private busy = false;
  private sliceEnds = 0;
  private yielded = false;

  constructor(private readonly sliceMs = 5) {}

  /** Requests queued for a turn right now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `work` in its turn: at once when nothing else is running in this slice, else after those before it. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy || this.yielded) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else {
      this.busy = true;
      if (performance.now() >= this.sliceEnds) this.sliceEnds = performance.now() + this.sliceMs;
    }
    try {
      return await work();
    } finally {
      this.next();
    }
  }

  /** Hands the turn to the next request: in this slice while it lasts, else after a trip through the event loop. */
  private next(): void {
    const resolve = this.waiting.shift();
    if (!resolve) {
      this.busy = false;
      return;
    }
    if (performance.now() < this.sliceEnds) {
      resolve();
      return;
    }
    this.yielded = true;
    setImmediate(() => {
      this.yielded = false;
      this.sliceEnds = performance.now() + this.sliceMs;
      resolve();
    });
  }
}
