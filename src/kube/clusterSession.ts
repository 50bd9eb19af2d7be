// One connection to one kube-context and its namespaces: the client, the live stores of workflows and templates,
// whatever features attach to it (the evidence recorder), and one typed change event. Built in one step and
// disposed completely, so a context or namespace switch never leaves a watch or a subscription behind.
import type { KubeConfig } from '@kubernetes/client-node';
import { nullLogger, type Logger } from '../core/logger';
import type { Workflow } from '../core/model/workflow';
import { ClientNodeKube } from './clientNodeKube';
import type { KObject, KubeClient } from './kubeClient';
import { ListWatch, type KubeItem, type ListWatchStatus } from './listWatch';
import { ALL_NAMESPACES, argoSource } from './workflowSource';
import { WorkflowStore } from './workflowStore';
import type { KubeError } from './errors';
import type { Result } from '../core/result';
import { parseArgoVersion, type ArgoVersion } from '../core/lint/argoVersion';

export type CatalogPlural = 'workflowtemplates' | 'clusterworkflowtemplates' | 'cronworkflows';

/** What changed in a session: one workflow (by namespace/name), the watches' status, or the template catalog. */
export type SessionChange =
  { kind: 'workflow'; key: string; type: 'added' | 'modified' | 'deleted' } | { kind: 'status' } | { kind: 'catalog' };

export interface Disposable {
  dispose(): void;
}

export interface SessionStatus {
  state: ListWatchStatus['state'];
  message?: string;
  count: number;
  /** While the first list is under way: rows so far, and how many in all when the server says. */
  loading?: { loaded: number; total?: number };
}

export class ClusterSession {
  /** The client every feature uses for this context: built once, never per call. */
  readonly client: KubeClient;
  /** The workflows: unfinished ones whole, finished ones by metadata, with summaries and whole reads on demand. */
  private readonly store: WorkflowStore;
  /** WorkflowTemplates and CronWorkflows of the namespaces, and the ClusterWorkflowTemplates, also live. */
  private readonly catalogWatches = new Map<string, { plural: CatalogPlural; watch: ListWatch<KubeItem> }>();
  private readonly listeners = new Set<(change: SessionChange) => void>();
  private readonly owned: Disposable[] = [];
  private readonly watchSubs: Disposable[] = [];
  private disposed = false;
  private detected: ArgoVersion | undefined;

  constructor(
    readonly kc: KubeConfig,
    readonly context: string,
    readonly namespaces: string[],
    private readonly logger: Logger = nullLogger,
    client?: KubeClient,
  ) {
    this.client = client ?? new ClientNodeKube(kc);
    this.store = new WorkflowStore(kc, namespaces, this.client, { logger });
    const catalog: [CatalogPlural, string][] = [
      ...namespaces.flatMap((ns): [CatalogPlural, string][] => [
        ['workflowtemplates', ns],
        ['cronworkflows', ns],
      ]),
      ['clusterworkflowtemplates', ALL_NAMESPACES],
    ];
    for (const [plural, ns] of catalog)
      this.catalogWatches.set(`${plural}/${ns}`, {
        plural,
        watch: new ListWatch(kc, argoSource<KubeItem>(kc, plural, ns), { logger }),
      });
    this.watchSubs.push(
      this.store.onChange((c) => this.fire(c.type === 'status' ? { kind: 'status' } : { kind: 'workflow', ...c })),
    );
    this.store.start();
    for (const { watch } of this.catalogWatches.values())
      this.watchSubs.push(
        watch.onEvent(() => this.fire({ kind: 'catalog' })),
        watch.onStatus(() => this.fire({ kind: 'catalog' })),
      );
    for (const w of this.allWatches()) w.start();
    // The Argo version the cluster runs, from the controller's image tag, for the linter's `auto` setting.
    void this.client.argoControllerImage().then((r) => {
      if (this.disposed || !r.ok) return;
      this.detected = parseArgoVersion(r.value);
      if (this.detected) {
        this.logger.info(`[kube] context '${context}' runs Argo ${this.detected} (${r.value})`);
        this.fire({ kind: 'status' });
      }
    });
  }

  /** The Argo version the cluster's workflow-controller runs, once read (undefined when it cannot be read). */
  get argoVersion(): ArgoVersion | undefined {
    return this.detected;
  }

  private allWatches(): ListWatch<KubeItem>[] {
    return [...this.catalogWatches.values()].map((c) => c.watch);
  }

  private fire(change: SessionChange): void {
    if (this.disposed) return;
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch (e) {
        this.logger.error(`[kube] a session listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Every change of this session, typed. Listeners are dropped when the session is disposed. */
  onDidChange(listener: (change: SessionChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Ties something to this session's life (e.g. a feature's subscription): disposed with the session. */
  own<T extends Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.owned.push(d);
    return d;
  }

  /**
   * One workflow by namespace/name (not a copy: do not modify it): whole when unfinished or held, else its summary
   * (isSummary: the row's fields, no nodes). Use wholeWorkflow() or holdWorkflow() for its steps.
   */
  workflow(key: string): Workflow | undefined {
    return this.store.get(key);
  }

  /** The workflows known from the watches, keyed by namespace/name (finished ones as summaries). */
  workflows(): Map<string, Workflow> {
    return this.store.all();
  }

  /** The whole workflow, its nodes included: from the watch, the cache, or read from the cluster. */
  wholeWorkflow(key: string): Promise<Result<Workflow, KubeError>> {
    return this.store.whole(key);
  }

  /** Keeps a workflow whole and current (an expanded row, an open panel) until the handle is disposed. */
  holdWorkflow(key: string): { dispose(): void; ready: Promise<Result<Workflow, KubeError>> } {
    return this.store.hold(key);
  }

  /** Reads the row fields (times, progress, message) of finished workflows that are shown. */
  requestSummaries(keys: Iterable<string>): void {
    this.store.requestSummaries(keys);
  }

  /** The objects of one catalog kind, from all its watches. */
  catalogItems(plural: CatalogPlural): KObject[] {
    return [...this.catalogWatches.values()]
      .filter((c) => c.plural === plural)
      .flatMap((c) => [...c.watch.cache.values()] as KObject[]);
  }

  /** Problems of the catalog watches (e.g. ClusterWorkflowTemplates forbidden), one line each. */
  catalogProblems(plural: CatalogPlural): string[] {
    return [...this.catalogWatches.values()]
      .filter((c) => c.plural === plural)
      .flatMap((c) =>
        c.watch.status.state === 'forbidden' || c.watch.status.state === 'retrying'
          ? [c.watch.status.error.message]
          : [],
      );
  }

  /** Whether every catalog watch of that kind has listed its collection. */
  catalogSynced(plural: CatalogPlural): boolean {
    return [...this.catalogWatches.values()]
      .filter((c) => c.plural === plural)
      .every((c) => c.watch.status.state === 'synced');
  }

  /** The worst status of the namespaces' watches, for one status line. */
  get status(): SessionStatus {
    const s = this.store.status();
    const count = this.store.count;
    if (s.state === 'retrying' || s.state === 'forbidden') return { state: s.state, message: s.message, count };
    if (s.state === 'connecting') return { state: 'connecting', count, ...(s.loading ? { loading: s.loading } : {}) };
    return { state: this.disposed ? 'stopped' : 'synced', count };
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Stops every watch and drops every listener and owned subscription; resolves once the streams are closed. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.clear();
    for (const d of this.owned.splice(0)) {
      try {
        d.dispose();
      } catch (e) {
        this.logger.error(`[kube] disposing a session feature failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    for (const s of this.watchSubs.splice(0)) s.dispose();
    await Promise.all([...this.allWatches().map((w) => w.stop()), this.store.stop()]);
    this.logger.debug(`[kube] stopped watches of context '${this.context}'`);
  }
}
