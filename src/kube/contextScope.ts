import type { KubeConfig } from '@kubernetes/client-node';
import { nullLogger, type Logger } from '../core/logger';
import { ListWatch, type KubeItem, type ListWatchStatus } from './listWatch';
import { ALL_NAMESPACES, argoSource } from './workflowSource';

export type CatalogPlural = 'workflowtemplates' | 'clusterworkflowtemplates' | 'cronworkflows';

/** Everything that belongs to one kube-context: its watches (and later streams and caches). */
export class ContextScope {
  readonly workflows = new Map<string, ListWatch<KubeItem>>();
  /** WorkflowTemplates and CronWorkflows of the namespaces, and the ClusterWorkflowTemplates, also live. */
  readonly catalog = new Map<string, { plural: CatalogPlural; watch: ListWatch<KubeItem> }>();
  private disposed = false;

  constructor(
    readonly kc: KubeConfig,
    readonly context: string,
    readonly namespaces: string[],
    private readonly logger: Logger = nullLogger,
  ) {
    for (const ns of namespaces) {
      this.workflows.set(ns, new ListWatch(kc, argoSource<KubeItem>(kc, 'workflows', ns), { logger }).start());
    }
    const catalog: [CatalogPlural, string][] = [
      ...namespaces.flatMap((ns): [CatalogPlural, string][] => [
        ['workflowtemplates', ns],
        ['cronworkflows', ns],
      ]),
      ['clusterworkflowtemplates', ALL_NAMESPACES],
    ];
    for (const [plural, ns] of catalog) {
      this.catalog.set(`${plural}/${ns}`, {
        plural,
        watch: new ListWatch(kc, argoSource<KubeItem>(kc, plural, ns), { logger }).start(),
      });
    }
  }

  /** The objects of one catalog kind, from all its watches. */
  catalogItems(plural: CatalogPlural): KubeItem[] {
    return [...this.catalog.values()].filter((c) => c.plural === plural).flatMap((c) => [...c.watch.cache.values()]);
  }

  /** Problems of the catalog watches (e.g. ClusterWorkflowTemplates forbidden), one line each. */
  catalogProblems(plural: CatalogPlural): string[] {
    return [...this.catalog.values()]
      .filter((c) => c.plural === plural)
      .flatMap((c) =>
        c.watch.status.state === 'forbidden' || c.watch.status.state === 'retrying'
          ? [c.watch.status.error.message]
          : [],
      );
  }

  /** Whether every catalog watch of that kind has listed its collection. */
  catalogSynced(plural: CatalogPlural): boolean {
    return [...this.catalog.values()]
      .filter((c) => c.plural === plural)
      .every((c) => c.watch.status.state === 'synced');
  }

  /** Reports any change to the catalog (objects or watch status). */
  onCatalogChange(listener: () => void): { dispose(): void } {
    const subs = [...this.catalog.values()].flatMap((c) => [
      c.watch.onEvent(() => listener()),
      c.watch.onStatus(() => listener()),
    ]);
    return { dispose: () => subs.forEach((s) => s.dispose()) };
  }

  /** The worst status of the namespaces' watches, for one status line. */
  get status(): { state: ListWatchStatus['state']; message?: string; count: number } {
    const statuses = [...this.workflows.values()].map((w) => w.status);
    const count = [...this.workflows.values()].reduce((n, w) => n + w.cache.size, 0);
    const bad = statuses.find((s) => s.state === 'retrying') ?? statuses.find((s) => s.state === 'forbidden');
    if (bad && (bad.state === 'retrying' || bad.state === 'forbidden'))
      return { state: bad.state, message: bad.error.message, count };
    if (statuses.some((s) => s.state === 'connecting')) return { state: 'connecting', count };
    return { state: this.disposed ? 'stopped' : 'synced', count };
  }

  /**
   * Reports changes: `key` (namespace/name) and the event type for a workflow event, nothing for status changes
   * and resyncs, so a view can refresh just the workflow that changed.
   */
  onChange(listener: (change?: { key: string; type: 'added' | 'modified' | 'deleted' }) => void): { dispose(): void } {
    const subs = [...this.workflows.values()].flatMap((w) => [
      w.onEvent((e) =>
        listener(
          e.type === 'synced'
            ? undefined
            : { key: `${e.object.metadata?.namespace ?? ''}/${e.object.metadata?.name ?? ''}`, type: e.type },
        ),
      ),
      w.onStatus(() => listener()),
    ]);
    return { dispose: () => subs.forEach((s) => s.dispose()) };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all(
      [...this.workflows.values(), ...[...this.catalog.values()].map((c) => c.watch)].map((w) => w.stop()),
    );
    this.logger.debug(`[kube] stopped watches of context '${this.context}'`);
  }
}
