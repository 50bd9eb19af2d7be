// Usage of every running step, whether or not its panel is open: each round reads the PodMetrics of each namespace
// that has running steps (one request per namespace) and hands them to the sampler, which keeps them with the steps'
// evidence. So a step that ran near its memory limit and then was OOMKilled has its usage on record, and a finished
// step's panel shows what it used.
import type { Logger } from '../core/logger';
import { workflowNodes } from '../core/model/nodes';
import { podNameOfNode } from '../core/model/podName';
import type { MetricsState } from '../core/model/usage';
import type { Workflow } from '../core/model/workflow';
import type { KubeClient } from './kubeClient';
import type { RunningStep, UsageSampler } from './usageSampler';

/** Steps sampled per namespace and round at most (a fan-out of thousands is sampled in its first ones). */
export const MAX_STEPS_PER_NAMESPACE = 500;

/**
 * The running pods of one workflow (node id and pod name). Cached by the object: the watches replace a workflow's
 * object when it changes, so a big fan-out's nodes are not decoded again every round while nothing changed.
 */
const podsCache = new WeakMap<Workflow, { nodeId: string; pod: string }[]>();
function runningPods(wf: Workflow): { nodeId: string; pod: string }[] {
  let pods = podsCache.get(wf);
  if (!pods) {
    const parsed = workflowNodes(wf);
    pods =
      parsed.kind === 'nodes'
        ? Object.values(parsed.nodes)
            .filter((n) => n.type === 'Pod' && n.phase === 'Running')
            .map((n) => ({ nodeId: n.id, pod: podNameOfNode(wf, n) }))
        : [];
    podsCache.set(wf, pods);
  }
  return pods;
}

/** The running pod steps of the unfinished workflows, by namespace; at most `max` per namespace. */
export function runningSteps(
  workflows: Iterable<Workflow>,
  context: string,
  max = MAX_STEPS_PER_NAMESPACE,
): Map<string, RunningStep[]> {
  const out = new Map<string, RunningStep[]>();
  for (const wf of workflows) {
    const namespace = wf.metadata?.namespace;
    const workflow = wf.metadata?.name;
    if (!namespace || !workflow || wf.status?.phase !== 'Running') continue;
    const list = out.get(namespace) ?? [];
    for (const { nodeId, pod } of runningPods(wf)) {
      if (list.length >= max) break;
      list.push({ key: { context, namespace, workflow, nodeId }, pod });
    }
    if (list.length) out.set(namespace, list);
  }
  return out;
}

export interface UsageSource {
  readonly context: string;
  readonly client: KubeClient;
  workflows(): Map<string, Workflow>;
}

/** Runs sampling rounds for one session; a round never starts while the last one is still reading. */
export class BackgroundUsage {
  private busy = false;
  /** Namespaces that had running steps in the last round: they get one more round when none run, to save theirs. */
  private seen = new Set<string>();

  constructor(
    private readonly source: UsageSource,
    private readonly sampler: UsageSampler,
    private readonly logger: Logger,
  ) {}

  /** Says once in the log when the cluster's metrics cannot be read (and again when that changes). */
  private told: string | undefined;
  private tell(m: MetricsState | undefined): void {
    if (!m || m.state === this.told) return;
    this.told = m.state;
    if (m.state === 'served') this.logger.info(`[usage] sampling running steps from the metrics API`);
    else
      this.logger.info(
        `[usage] no usage of running steps (${m.state}: ${m.message}); steps show what Argo recorded instead`,
      );
  }

  /** One round; resolves with how many steps got a new sample (0 when a round was still running). */
  async round(): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    try {
      const byNamespace = runningSteps(this.source.workflows().values(), this.source.context);
      let got = 0;
      for (const namespace of new Set([...this.seen, ...byNamespace.keys()])) {
        try {
          got += await this.sampler.sampleRunning(
            this.source.client,
            this.source.context,
            namespace,
            byNamespace.get(namespace) ?? [],
          );
        } catch (e) {
          this.logger.warn(`[usage] sampling ${namespace} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      this.seen = new Set(byNamespace.keys());
      this.tell(this.sampler.metrics(this.source.context));
      return got;
    } finally {
      this.busy = false;
    }
  }
}
