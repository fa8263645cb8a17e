// Fair turns for CPU-bound requests on Node. Answering is synchronous work on
// the one event loop, and Node accepts new connections only between loop
// iterations (about one per iteration while it is busy): with many keep-alive
// clients each iteration serves all of them, and a new visitor's connection can
// wait many seconds to be accepted at all (measured: 100 clients on the statute
// knowledge base kept new connections waiting over 10 s). Here requests take
// turns in arrival order (their synchronous parts one after another), and after each slice of work
// (sliceMs) the loop is given back, so new connections are accepted and read
// every few milliseconds. Queuing costs nothing in throughput: the work is
// CPU-bound on one thread anyway. Only the synchronous part of a request runs in
// its turn; what it then awaits (a static file, a body) never holds up others.

export class FairTurns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly sliceMs = 5) {}

  /** Requests queued for a turn right now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Starts `work` in its turn (its synchronous part runs then); resolves with its result. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        try {
          work().then(resolve, reject);
        } catch (err) {
          reject(err);
        }
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.slice);
      }
    });
  }

  /** One slice: start queued requests in order until sliceMs is used, then give the loop back (poll: accept, read). */
  private readonly slice = (): void => {
    const ends = performance.now() + this.sliceMs;
    do this.waiting.shift()!();
    while (this.waiting.length > 0 && performance.now() < ends);
    if (this.waiting.length > 0) setImmediate(this.slice);
    else this.scheduled = false;
  };
}
