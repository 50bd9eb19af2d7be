// Usage of every running step, whether or not its panel is open: each round reads the PodMetrics of each namespace
// that has running steps (one request per namespace) and hands them to the sampler, which keeps them with the steps'
// evidence. So a step that ran near its memory limit and then was OOMKilled has its usage on record, and a finished
// step's panel shows what it used.
import type { Logger } from '../core/logger';
import { workflowNodes } from '../core/model/nodes';
import { podNameOfNode } from '../core/model/podName';
import type { Workflow } from '../core/model/workflow';
import type { KubeClient } from './kubeClient';
import type { RunningStep, UsageSampler } from './usageSampler';

/** Steps sampled per namespace and round at most (a fan-out of thousands is sampled in its first ones). */
export const MAX_STEPS_PER_NAMESPACE = 500;

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
    if (list.length >= max) continue;
    const parsed = workflowNodes(wf);
    if (parsed.kind !== 'nodes') continue;
    for (const node of Object.values(parsed.nodes)) {
      if (node.type !== 'Pod' || node.phase !== 'Running') continue;
      list.push({ key: { context, namespace, workflow, nodeId: node.id }, pod: podNameOfNode(wf, node) });
      if (list.length >= max) break;
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
      return got;
    } finally {
      this.busy = false;
    }
  }
}
