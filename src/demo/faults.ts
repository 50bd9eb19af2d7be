/** Faults the tests (and curious users) can inject into the simulated API server. */
export interface FaultInjector {
  /** Ends every open watch connection now. */
  dropWatches(): void;
  /** The next `count` (default 1) requests whose path matches fail with this status. */
  failNext(opts: { status: 410 | 500 | 429 | 503; count?: number; match?: RegExp }): void;
  /** Open watch and log streams send nothing for `ms`. */
  stallStreams(ms: number): void;
  /** Answers 403 Forbidden for a resource (optionally in one namespace, for one verb). */
  deny(opts: { resource: string; namespace?: string; verb?: string }): void;
  clear(): void;
}

export interface PendingFailure {
  status: number;
  count: number;
  match?: RegExp;
}

export interface Denial {
  resource: string;
  namespace?: string;
  verb?: string;
}

/** State behind the FaultInjector, read by the server. */
export class Faults implements FaultInjector {
  failures: PendingFailure[] = [];
  denials: Denial[] = [];
  stalledUntil = 0;
  private readonly dropListeners = new Set<() => void>();

  onDrop(listener: () => void): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }
  dropWatches(): void {
    for (const l of [...this.dropListeners]) l();
  }
  failNext(opts: { status: 410 | 500 | 429 | 503; count?: number; match?: RegExp }): void {
    this.failures.push({ status: opts.status, count: opts.count ?? 1, match: opts.match });
  }
  stallStreams(ms: number): void {
    this.stalledUntil = Date.now() + ms;
  }
  deny(opts: Denial): void {
    this.denials.push(opts);
  }
  clear(): void {
    this.failures = [];
    this.denials = [];
    this.stalledUntil = 0;
  }

  /** Takes the failure due for this path, if any. */
  takeFailure(path: string): number | undefined {
    const f = this.failures.find((x) => !x.match || x.match.test(path));
    if (!f) return undefined;
    if (--f.count <= 0) this.failures.splice(this.failures.indexOf(f), 1);
    return f.status;
  }

  denied(resource: string, namespace: string | undefined, verb: string): boolean {
    return this.denials.some(
      (d) =>
        d.resource === resource &&
        (d.namespace === undefined || d.namespace === namespace) &&
        (d.verb === undefined || d.verb === verb),
    );
  }
}
