// The workflows of some namespaces: every one by its metadata (a paged, metadata-only list + watch: names, labels,
// times; Argo's phase label), and the unfinished ones whole (a list + watch with
// `workflows.argoproj.io/completed!=true`, the label Argo's controller sets when a workflow finishes). A finished workflow's row fields are read on demand (a bounded cache
// of summaries), and its node status only while something holds it (an expanded row, an open step panel, Explain),
// so a namespace of 10,000 finished workflows costs what their names and labels cost.
import type { KubeConfig } from '@kubernetes/client-node';
import { nullLogger, type Logger } from '../core/logger';
import type { Result } from '../core/result';
import type { Workflow } from '../core/model/workflow';
import { metadataOnlyWorkflow, summarizeWorkflow, type WorkflowSummary } from '../core/model/workflowSummary';
import type { KubeError } from './errors';
import type { KubeClient } from './kubeClient';
import { ListWatch, type KubeItem, type ListWatchEvent, type ListWatchStatus } from './listWatch';
import { argoMetadataSource, argoSource } from './workflowSource';
import { Lru } from './lru';

const COMPLETED = 'workflows.argoproj.io/completed';
export const UNFINISHED_SELECTOR = `${COMPLETED}!=true`;

export type WorkflowChange = { key: string; type: 'added' | 'modified' | 'deleted' };

export interface WorkflowStoreOptions {
  logger?: Logger;
  /** Whole finished workflows kept besides the held ones (most recently used). */
  wholeCapacity?: number;
  /** Row summaries of finished workflows kept (most recently used). */
  summaryCapacity?: number;
  /** Parallel reads of summaries. */
  concurrency?: number;
  /** Page sizes of the two lists. */
  unfinishedPageSize?: number;
  metadataPageSize?: number;
}

interface Whole {
  wf: Workflow;
  holds: number;
}

/** What the caches keep of an object: not its managedFields nor kubectl's copy of its last applied manifest. */
function lean<T extends KubeItem>(o: T): T {
  const m = o.metadata as { managedFields?: unknown; annotations?: Record<string, string> } | undefined;
  if (m) {
    delete m.managedFields;
    if (m.annotations) delete m.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  }
  return o;
}

const keyOf = (o: KubeItem) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
const rvOf = (o: KubeItem | undefined) => o?.metadata?.resourceVersion ?? '';

export class WorkflowStore {
  private readonly unfinished = new Map<string, ListWatch<KubeItem>>();
  /** Every workflow, metadata only. */
  private readonly listed = new Map<string, ListWatch<KubeItem>>();
  private readonly wholes: Lru<Whole>;
  private readonly summaries: Lru<WorkflowSummary>;
  private readonly inFlight = new Map<string, Promise<Result<Workflow, KubeError>>>();
  private readonly summaryQueue = new Set<string>();
  /** The keys listed as rows (see isVisible), to tell added from modified from deleted. */
  private readonly visible = new Set<string>();
  private readers = 0;
  private readonly listeners = new Set<(c: WorkflowChange | { type: 'status' }) => void>();
  private readonly subs: { dispose(): void }[] = [];
  private readonly logger: Logger;
  private readonly concurrency: number;
  private stopped = false;

  constructor(
    kc: KubeConfig,
    namespaces: string[],
    private readonly client: KubeClient,
    opts: WorkflowStoreOptions = {},
  ) {
    this.logger = opts.logger ?? nullLogger;
    this.concurrency = opts.concurrency ?? 4;
    this.wholes = new Lru(opts.wholeCapacity ?? 8, (w) => w.holds > 0);
    this.summaries = new Lru(opts.summaryCapacity ?? 5_000);
    for (const ns of namespaces) {
      const live = new ListWatch(kc, argoSource<KubeItem>(kc, 'workflows', ns, UNFINISHED_SELECTOR), {
        logger: this.logger,
        pageSize: opts.unfinishedPageSize ?? 100,
        keep: lean,
      });
      const meta = new ListWatch(kc, argoMetadataSource<KubeItem>(kc, 'workflows', ns), {
        logger: this.logger,
        pageSize: opts.metadataPageSize ?? 500,
        keep: lean,
      });
      this.unfinished.set(ns, live);
      this.listed.set(ns, meta);
      this.subs.push(
        live.onEvent((e) => this.onUnfinished(e)),
        meta.onEvent((e) => this.onListed(e)),
        live.onStatus(() => this.fire({ type: 'status' })),
        meta.onStatus(() => this.fire({ type: 'status' })),
      );
    }
  }

  start(): this {
    for (const w of this.watches()) w.start();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    for (const s of this.subs.splice(0)) s.dispose();
    await Promise.all(this.watches().map((w) => w.stop()));
  }

  private watches(): ListWatch<KubeItem>[] {
    return [...this.unfinished.values(), ...this.listed.values()];
  }

  onChange(l: (c: WorkflowChange | { type: 'status' }) => void): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }

  private fire(c: WorkflowChange | { type: 'status' }): void {
    if (this.stopped) return;
    for (const l of [...this.listeners]) l(c);
  }

  private live(key: string): Workflow | undefined {
    for (const w of this.unfinished.values()) {
      const hit = w.cache.get(key);
      if (hit) return hit as Workflow;
    }
    return undefined;
  }

  private meta(key: string): KubeItem | undefined {
    for (const w of this.listed.values()) {
      const hit = w.cache.get(key);
      if (hit) return hit;
    }
    return undefined;
  }

  has(key: string): boolean {
    return !!(this.live(key) ?? this.meta(key));
  }

  /**
   * One workflow: whole when it is unfinished or held (or was read recently), else its summary (row fields, no
   * nodes; see isSummary), else what its metadata says. Not a copy: do not modify it.
   */
  get(key: string): Workflow | undefined {
    const live = this.live(key);
    if (live) return live;
    const meta = this.meta(key);
    const whole = this.wholes.peek(key);
    if (whole && (!meta || rvOf(whole.wf) === rvOf(meta))) return whole.wf;
    const summary = this.summaries.peek(key);
    if (summary && (!meta || rvOf(summary) === rvOf(meta))) return summary;
    if (meta) return summary ?? this.fromMetadata(meta);
    return undefined;
  }

  /** The row of a workflow known by its metadata, made once per version of it. */
  private readonly byMetadata = new WeakMap<KubeItem, WorkflowSummary>();

  private fromMetadata(meta: KubeItem): WorkflowSummary {
    let wf = this.byMetadata.get(meta);
    if (!wf) this.byMetadata.set(meta, (wf = metadataOnlyWorkflow(meta.metadata)));
    return wf;
  }

  /** Every listed workflow by namespace/name, as get() gives them. */
  all(): Map<string, Workflow> {
    const out = new Map<string, Workflow>();
    for (const k of this.visible) {
      const wf = this.get(k);
      if (wf) out.set(k, wf);
    }
    return out;
  }

  get count(): number {
    return this.visible.size;
  }

  /** The worst status of the watches; while a first list is under way, how many rows have arrived. */
  status(): { state: ListWatchStatus['state']; message?: string; loading?: { loaded: number; total?: number } } {
    const statuses = this.watches().map((w) => w.status);
    const bad = statuses.find((s) => s.state === 'retrying') ?? statuses.find((s) => s.state === 'forbidden');
    if (bad && (bad.state === 'retrying' || bad.state === 'forbidden'))
      return { state: bad.state, message: bad.error.message };
    if (statuses.some((s) => s.state === 'connecting')) {
      const progress = this.watches().flatMap((w) => (w.progress ? [w.progress] : []));
      if (!progress.length) return { state: 'connecting' };
      let loaded = 0;
      for (const w of this.listed.values()) loaded += w.cache.size;
      const remaining = progress.reduce<number | undefined>(
        (n, p) => (n === undefined || p.remaining === undefined ? undefined : n + p.remaining),
        0,
      );
      return {
        state: 'connecting',
        loading: { loaded, ...(remaining !== undefined ? { total: loaded + remaining } : {}) },
      };
    }
    return { state: 'synced' };
  }

  /**
   * The whole workflow (its nodes included), read from the cluster when only its summary or metadata is here. Kept
   * while held and for a few most recently read ones.
   */
  whole(key: string): Promise<Result<Workflow, KubeError>> {
    const live = this.live(key);
    if (live) return Promise.resolve({ ok: true, value: live });
    const meta = this.meta(key);
    const cached = this.wholes.get(key);
    if (cached && (!meta || rvOf(cached.wf) === rvOf(meta))) return Promise.resolve({ ok: true, value: cached.wf });
    return this.read(key);
  }

  /** Keeps a workflow whole (and current) until the returned handle is disposed; reads it if needed. */
  hold(key: string): { dispose(): void; ready: Promise<Result<Workflow, KubeError>> } {
    const entry = this.wholes.peek(key);
    if (entry) entry.holds++;
    else this.pendingHolds.set(key, (this.pendingHolds.get(key) ?? 0) + 1);
    let released = false;
    return {
      ready: this.whole(key),
      dispose: () => {
        if (released) return;
        released = true;
        const e = this.wholes.peek(key);
        if (e && e.holds > 0) e.holds--;
        else {
          const n = (this.pendingHolds.get(key) ?? 1) - 1;
          if (n > 0) this.pendingHolds.set(key, n);
          else this.pendingHolds.delete(key);
        }
      },
    };
  }

  /** Holds asked for before the workflow was read. */
  private readonly pendingHolds = new Map<string, number>();

  private keepWhole(key: string, wf: Workflow): void {
    const prior = this.wholes.peek(key);
    const holds = (prior?.holds ?? 0) + (this.pendingHolds.get(key) ?? 0);
    this.pendingHolds.delete(key);
    this.wholes.set(key, { wf, holds });
    this.summaries.set(key, summarizeWorkflow(wf));
  }

  private read(key: string): Promise<Result<Workflow, KubeError>> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const slash = key.indexOf('/');
    const p = this.client.getWorkflow(key.slice(0, slash), key.slice(slash + 1)).then((r) => {
      this.inFlight.delete(key);
      if (r.ok && !this.stopped) this.keepWhole(key, r.value as Workflow);
      return r as Result<Workflow, KubeError>;
    });
    this.inFlight.set(key, p);
    return p;
  }

  /**
   * Reads the row fields of finished workflows that only have their metadata here (a few at a time); each one
   * read fires a change.
   */
  requestSummaries(keys: Iterable<string>): void {
    for (const k of keys) {
      const meta = this.meta(k);
      if (!meta || this.live(k)) continue;
      const s = this.summaries.peek(k);
      if (s && rvOf(s) === rvOf(meta)) continue;
      this.summaryQueue.add(k);
    }
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.readers < this.concurrency && this.summaryQueue.size) {
      const key = this.summaryQueue.values().next().value as string;
      this.summaryQueue.delete(key);
      this.readers++;
      const held = this.wholes.peek(key)?.holds ?? 0;
      const slash = key.indexOf('/');
      void this.client.getWorkflow(key.slice(0, slash), key.slice(slash + 1)).then((r) => {
        this.readers--;
        if (this.stopped) return;
        if (r.ok) {
          // Only the summary stays, unless something holds the workflow.
          if (held || this.pendingHolds.has(key)) this.keepWhole(key, r.value as Workflow);
          else this.summaries.set(key, summarizeWorkflow(r.value as Workflow));
          this.changed(key);
        } else this.logger.debug(`[kube] reading workflow ${key} failed: ${r.error.message}`);
        this.pump();
      });
    }
  }

  /**
   * Listed: unfinished and whole here, or finished by its label (the metadata of a just-created workflow arrives
   * before the whole object; the row waits for the latter).
   */
  private isVisible(key: string): boolean {
    if (this.live(key)) return true;
    const meta = this.meta(key);
    if (!meta) return false;
    const done = (o: KubeItem | undefined) =>
      (o?.metadata as { labels?: Record<string, string> } | undefined)?.labels?.[COMPLETED] === 'true';
    return done(meta) || done(this.wholes.peek(key)?.wf);
  }

  /** Fires the change of one key as its rows see it: added, modified or deleted. */
  private changed(key: string): void {
    const now = this.isVisible(key);
    const was = this.visible.has(key);
    if (now) this.visible.add(key);
    else this.visible.delete(key);
    if (now || was) this.fire({ key, type: now ? (was ? 'modified' : 'added') : 'deleted' });
  }

  private onUnfinished(e: ListWatchEvent<KubeItem>): void {
    if (e.type === 'synced' || e.type === 'progress') return this.fire({ type: 'status' });
    const key = keyOf(e.object);
    this.changed(key);
    // It left the watch: it finished (its label changed; the event carries its previous state), or it is being
    // deleted (the metadata watch says so too). A read gives its final state, which the evidence recorder needs
    // when it failed.
    // (The metadata watch may not have seen it yet: its stream is another connection.)
    if (e.type === 'deleted') void this.read(key).then(() => this.changed(key));
  }

  private onListed(e: ListWatchEvent<KubeItem>): void {
    if (e.type === 'synced' || e.type === 'progress') return this.fire({ type: 'status' });
    const key = keyOf(e.object);
    if (e.type === 'deleted') {
      this.summaries.delete(key);
      if (!this.wholes.peek(key)?.holds) this.wholes.delete(key);
      return this.changed(key);
    }
    // An unfinished workflow's changes come whole from the other watch.
    if (this.live(key) && e.type === 'modified') return;
    // A held workflow stays current: read it again when it changed.
    const whole = this.wholes.peek(key);
    if (whole && whole.holds > 0 && rvOf(whole.wf) !== rvOf(e.object))
      void this.read(key).then(() => this.changed(key));
    this.changed(key);
  }
}
