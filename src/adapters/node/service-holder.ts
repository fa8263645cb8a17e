// The service the Node server answers with, swappable while it serves. A reload
// opens and warms the new knowledge-base file (ingest replaces it atomically, so
// it is always whole, and opening verifies it: a damaged file is refused and the
// current service stays) and then swaps the reference; requests already running
// keep the service they got. A retired service's SQLite handle is closed only
// once every request that began before the swap has finished, never under one.
// Staff teachings (src/staff/teachings.ts) sit on top: the service served is
// decorate(the loaded one), made again after every reload and, by refresh(),
// whenever staff save or remove a teaching — the same knowledge base, nothing
// closed, the next request gets it (no re-ingest, no reload).
import type { QaService } from '../../service.js';
import type { ReloadResult } from '../../app/routes/reload.js';

export class ServiceHolder {
  /** The service loaded from the file (what is closed once retired). */
  private base: QaService;
  /** decorate(base): what requests get. */
  private current: QaService;
  private generation = 0;
  /** Requests in flight by the generation current when they began. */
  private readonly inFlight = new Map<number, number>();
  /** Replaced services by the last generation they were current in, waiting for their requests. */
  private readonly retired = new Map<number, QaService>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    initial: QaService,
    /** Opens (and warms) a service from the knowledge-base file; throws when it cannot. */
    private readonly open: () => QaService,
    private readonly close: (service: QaService) => void,
    /** The loaded service with what is kept beside the knowledge base on top (staff teachings); the service itself by default. */
    private readonly decorate: (service: QaService) => QaService = (service) => service,
  ) {
    this.base = initial;
    this.current = decorate(initial);
  }

  /** Applies decorate anew to the loaded service (the teachings changed): requests starting from now get the result. */
  refresh(): void {
    this.current = this.decorate(this.base);
  }

  /** The service for a request starting now. */
  get(): QaService {
    return this.current;
  }

  /** Requests in flight right now. */
  get active(): number {
    let n = 0;
    for (const count of this.inFlight.values()) n += count;
    return n;
  }

  /** Runs one request, counted so that retired services outlive it. */
  async track<T>(work: () => T | Promise<T>): Promise<T> {
    const gen = this.generation;
    this.inFlight.set(gen, (this.inFlight.get(gen) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.inFlight.get(gen) ?? 1) - 1;
      if (left > 0) this.inFlight.set(gen, left);
      else this.inFlight.delete(gen);
      this.closeRetired();
    }
  }

  /** Loads the knowledge-base file anew and swaps to it; on failure the current service stays. Reloads run one at a time. */
  reload(): Promise<ReloadResult> {
    const next = this.queue.then(() => this.swap());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Closes every service; for shutdown, after the requests have drained. */
  closeAll(): void {
    if (this.closed) return;
    this.closed = true;
    for (const service of this.retired.values()) this.close(service);
    this.retired.clear();
    this.close(this.base);
  }

  private swap(): ReloadResult {
    if (this.closed) throw new Error('the server is shutting down');
    const started = performance.now();
    const fresh = this.open();
    const served = this.decorate(fresh);
    this.retired.set(this.generation, this.base);
    this.generation++;
    this.base = fresh;
    this.current = served;
    this.closeRetired();
    return { passages: fresh.kb.passageCount, builtAt: fresh.kb.builtAt, ms: Math.round(performance.now() - started) };
  }

  /**
   * A request that began in generation g may have picked up any service current
   * from g on (it can ask again after an await), so a service retired from
   * generation r is closed once no request begun at or before r is still running.
   */
  private closeRetired(): void {
    if (this.retired.size === 0) return;
    let oldest = Infinity;
    for (const gen of this.inFlight.keys()) oldest = Math.min(oldest, gen);
    for (const [gen, service] of this.retired) {
      if (gen < oldest) {
        this.retired.delete(gen);
        this.close(service);
      }
    }
  }
}
