import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { nullLogger, type Logger } from '../core/logger';
import { toKubeError, type KubeError } from './errors';

export interface KubeItem {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string };
}

export interface ListPage<T> {
  items: T[];
  resourceVersion: string;
  continue?: string;
  /** How many items the pages after this one hold, when the server says (no selector filtering). */
  remainingItemCount?: number;
}

/** Where a ListWatch gets its data: a paginated list call and the watch path of the same collection. */
export interface ListWatchSource<T> {
  /** One page of the list; throws what client-node throws. */
  list(opts: { limit: number; continue?: string }): Promise<ListPage<T>>;
  /** e.g. /apis/argoproj.io/v1alpha1/namespaces/argo/workflows */
  watchPath: string;
  /** Extra query parameters (label selector...). */
  query?: Record<string, string>;
  /** For messages, e.g. "workflows in argo". */
  description: string;
  /** Accept header of the watch (e.g. metadata-only objects); JSON by default. */
  watchAccept?: string;
}

export type ListWatchStatus =
  | { state: 'connecting' }
  | { state: 'synced' }
  | { state: 'retrying'; error: KubeError; inMs: number; attempt: number }
  | { state: 'forbidden'; error: KubeError }
  | { state: 'stopped' };

export type ListWatchEvent<T> =
  | { type: 'added' | 'modified' | 'deleted'; object: T }
  /** A page of the first list arrived (its items were sent as 'added' first). */
  | { type: 'progress'; loaded: number; remaining?: number }
  | { type: 'synced' };

export interface ListWatchOptions {
  logger?: Logger;
  pageSize?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Seconds the server keeps one watch open before the client renews it. */
  watchTimeoutSeconds?: number;
  /** What the cache keeps of each object as it arrives (e.g. without its managedFields). */
  keep?: <T extends KubeItem>(item: T) => T;
}

const keyOf = (o: KubeItem) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

type WatchEnd = { kind: 'closed' } | { kind: 'gone' } | { kind: 'error'; error: KubeError };

/**
 * A cache of one collection kept current by list + watch: paginated list, watch from the list's
 * resourceVersion, resume from the last version seen after a dropped connection, relist on 410 Gone (diffing
 * against the cache so subscribers see deletions), exponential backoff with jitter on errors, stop via stop().
 */
export class ListWatch<T extends KubeItem> {
  readonly cache = new Map<string, T>();
  private listeners = new Set<(e: ListWatchEvent<T>) => void>();
  private statusListeners = new Set<(s: ListWatchStatus) => void>();
  private stopped = false;
  private current: ListWatchStatus = { state: 'connecting' };
  private abortWatch: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private rv = '';
  private readonly logger: Logger;
  private readonly pageSize: number;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly watchTimeout: number;
  private running: Promise<void> | undefined;
  private readonly keep: (item: T) => T;

  constructor(
    private readonly kc: KubeConfig,
    private readonly source: ListWatchSource<T>,
    opts: ListWatchOptions = {},
  ) {
    this.logger = opts.logger ?? nullLogger;
    this.pageSize = opts.pageSize ?? 500;
    this.initialBackoff = opts.initialBackoffMs ?? 500;
    this.maxBackoff = opts.maxBackoffMs ?? 30_000;
    this.watchTimeout = opts.watchTimeoutSeconds ?? 300;
    this.keep = opts.keep ?? ((item) => item);
  }

  get status(): ListWatchStatus {
    return this.current;
  }

  /** The resourceVersion the cache is at. */
  get resourceVersion(): string {
    return this.rv;
  }

  onEvent(l: (e: ListWatchEvent<T>) => void): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }

  onStatus(l: (s: ListWatchStatus) => void): { dispose(): void } {
    this.statusListeners.add(l);
    return { dispose: () => this.statusListeners.delete(l) };
  }

  /** Starts listing and watching; aborting `signal` stops it like stop(). */
  start(signal?: AbortSignal): this {
    if (signal?.aborted) {
      this.stopped = true;
      this.setStatus({ state: 'stopped' });
      return this;
    }
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
    this.running ??= this.run();
    return this;
  }

  /** Stops watching; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abortWatch?.();
    this.wake?.();
    await this.running;
    this.setStatus({ state: 'stopped' });
  }

  private setStatus(s: ListWatchStatus): void {
    this.current = s;
    for (const l of [...this.statusListeners]) l(s);
  }

  private emit(e: ListWatchEvent<T>): void {
    for (const l of [...this.listeners]) l(e);
  }

  private async sleep(ms: number): Promise<void> {
    if (this.stopped) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.maxBackoff, this.initialBackoff * 2 ** Math.min(attempt, 16));
    return Math.round(base * (0.5 + Math.random() * 0.5));
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        await this.relist();
        attempt = 0;
      } catch (e) {
        const error = toKubeError(e, this.source.description);
        if (this.stopped) break;
        if (error.kind === 'forbidden') {
          this.setStatus({ state: 'forbidden', error });
          await this.sleep(Math.max(this.maxBackoff, 30_000));
          continue;
        }
        const inMs = this.backoff(attempt++);
        this.logger.debug(`[kube] list ${this.source.description} failed (${error.kind}); retrying in ${inMs} ms`);
        this.setStatus({ state: 'retrying', error, inMs, attempt });
        await this.sleep(inMs);
        continue;
      }
      // Watch from where the list (or the last event) left off until the history is gone.
      let watchAttempt = 0;
      while (!this.stopped) {
        const end = await this.watchOnce();
        if (this.stopped) break;
        if (end.kind === 'gone') break; // relist
        if (end.kind === 'closed') {
          this.logger.trace(
            `[kube] watch of ${this.source.description} ended; resuming from resourceVersion ${this.rv}`,
          );
          watchAttempt = 0;
          continue;
        }
        if (end.error.kind === 'gone') break;
        const inMs = this.backoff(watchAttempt++);
        this.setStatus({ state: 'retrying', error: end.error, inMs, attempt: watchAttempt });
        await this.sleep(inMs);
      }
    }
  }

  /** Items listed so far by the first list, and how many the server said remain (for a progress row). */
  private firstListProgress: { loaded: number; remaining?: number } | undefined;

  /** While the first list is under way: items loaded so far and those the server says remain. */
  get progress(): { loaded: number; remaining?: number } | undefined {
    return this.firstListProgress;
  }

  /**
   * Lists every page and reconciles the cache with it. The first list fills the cache page by page, so that its
   * subscribers can show the first items before the last page arrives; later lists (after 410 Gone) are diffed
   * against the cache once complete, so subscribers see deletions and nothing flickers.
   */
  private async relist(): Promise<void> {
    const seen = new Map<string, T>();
    const progressive = this.cache.size === 0;
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.source.list({ limit: this.pageSize, continue: cont });
      if (this.stopped) return;
      for (const item of page.items) seen.set(keyOf(item), this.keep(item));
      cont = page.continue || undefined;
      rv = page.resourceVersion;
      if (progressive && cont) {
        for (const raw of page.items) {
          const k = keyOf(raw);
          const item = seen.get(k)!;
          const had = this.cache.has(k);
          this.cache.set(k, item);
          this.emit({ type: had ? 'modified' : 'added', object: item });
        }
        this.firstListProgress = { loaded: seen.size, remaining: page.remainingItemCount };
        this.emit({ type: 'progress', ...this.firstListProgress });
      }
    } while (cont && !this.stopped);
    this.firstListProgress = undefined;
    for (const [k, old] of this.cache) {
      if (!seen.has(k)) {
        this.cache.delete(k);
        this.emit({ type: 'deleted', object: old });
      }
    }
    for (const [k, item] of seen) {
      const old = this.cache.get(k);
      this.cache.set(k, item);
      if (!old) this.emit({ type: 'added', object: item });
      else if (old.metadata?.resourceVersion !== item.metadata?.resourceVersion)
        this.emit({ type: 'modified', object: item });
    }
    this.rv = rv ?? '';
    this.setStatus({ state: 'synced' });
    this.emit({ type: 'synced' });
  }

  private watchOnce(): Promise<WatchEnd> {
    return new Promise<WatchEnd>((resolve) => {
      let settled = false;
      const finish = (end: WatchEnd) => {
        if (settled) return;
        settled = true;
        this.abortWatch = undefined;
        resolve(end);
      };
      const accept = this.source.watchAccept;
      const kc = this.kc;
      const watch = new Watch(
        accept
          ? // Watch takes its headers from the config: add the Accept header there.
            ({
              getCurrentCluster: () => kc.getCurrentCluster(),
              applyToFetchOptions: (o: { headers?: Record<string, string> }) =>
                kc.applyToFetchOptions({ ...o, headers: { ...(o.headers ?? {}), Accept: accept } }),
            } as unknown as KubeConfig)
          : kc,
      );
      const query = {
        ...(this.source.query ?? {}),
        resourceVersion: this.rv,
        allowWatchBookmarks: true,
        timeoutSeconds: this.watchTimeout,
      };
      let controller: AbortController | undefined;
      this.abortWatch = () => {
        controller?.abort();
        finish({ kind: 'closed' });
      };
      watch
        .watch(
          this.source.watchPath,
          query,
          (type: string, obj: T & { code?: number }) => {
            if (type === 'ERROR') {
              // Settle first: aborting calls the done callback at once, which would settle it as "aborted".
              finish(
                obj.code === 410
                  ? { kind: 'gone' }
                  : { kind: 'error', error: toKubeError({ code: obj.code, body: obj }, this.source.description) },
              );
              controller?.abort();
              return;
            }
            const rv = obj.metadata?.resourceVersion;
            if (rv) this.rv = rv;
            if (type === 'BOOKMARK') return;
            obj = this.keep(obj);
            const k = keyOf(obj);
            if (type === 'DELETED') {
              if (this.cache.delete(k)) this.emit({ type: 'deleted', object: obj });
            } else {
              const had = this.cache.has(k);
              this.cache.set(k, obj);
              this.emit({ type: had ? 'modified' : 'added', object: obj });
            }
            if (this.current.state !== 'synced') this.setStatus({ state: 'synced' });
          },
          (err: unknown) =>
            finish(err ? { kind: 'error', error: toKubeError(err, this.source.description) } : { kind: 'closed' }),
        )
        .then(
          (c) => {
            controller = c;
            if (settled || this.stopped) c.abort();
          },
          (err: unknown) => {
            const error = toKubeError(err, this.source.description);
            finish(error.kind === 'gone' ? { kind: 'gone' } : { kind: 'error', error });
          },
        );
    });
  }
}
