// Which pods of a workflow no longer exist, and why, from the workflow status, the live pod list and the evidence
// recorded when steps failed.
import type { ArgoNode } from '../model/argoNode';
import { byStart, firstByStart } from '../model/nodeOrder';
import { isFailed } from '../model/phase';
import type { FailureBundle } from './bundle';

export interface DisappearedPod {
  nodeId: string;
  step: string;
  pod: string;
  why: string;
}

/**
 * Disappeared pods an explanation lists at most: it crosses to the webview, and pod GC may have removed 100,000 pods
 * of one workflow.
 */
export const MAX_DISAPPEARED = 30;

type Wf = { spec?: { podGC?: { strategy?: string } }; status?: { nodes?: Record<string, ArgoNode> } };

/** Why a pod step's pod is gone, from the step and the evidence recorded when it failed. */
function entry(n: ArgoNode, pod: string, gc: string | undefined, rec: FailureBundle | undefined): DisappearedPod {
  const nodeReady = (
    (rec?.node as { status?: { conditions?: { type?: string; status?: string }[] } } | null | undefined)?.status
      ?.conditions ?? []
  ).find((c) => c.type === 'Ready');
  const taintEvicted = (rec?.events ?? []).some((e) =>
    /TaintManagerEviction|NodeControllerEviction/.test(String((e as { reason?: string }).reason)),
  );
  let why: string;
  if ((nodeReady && nodeReady.status !== 'True') || taintEvicted)
    why = 'its node was lost (NotReady/unreachable), and Kubernetes deleted the pod';
  else if (/^pod deleted$/i.test((n.message ?? '').trim()))
    why = 'deleted while it ran (node drain, scale-down, spot reclaim or by hand)';
  else if (/Evicted|evict/i.test(n.message ?? '')) why = 'evicted by its node';
  else if (gc && n.finishedAt)
    why = `removed by the workflow's pod garbage collection (podGC: ${gc}) after it finished`;
  else if (n.finishedAt) why = 'deleted after it finished (pod garbage collection, TTL, or by hand)';
  else why = 'not created yet, or deleted';
  return {
    nodeId: n.id,
    step: n.displayName ?? n.name ?? n.id,
    pod,
    why: rec ? `${why}; its evidence was recorded when it failed` : why,
  };
}

/** Pod steps whose pod is not in `livePods`, each with the most likely reason it disappeared. */
export function disappearedPods(
  workflow: Wf,
  nodes: Record<string, ArgoNode>,
  podNameOf: (n: ArgoNode) => string,
  livePods: Set<string>,
  recorded: (nodeId: string) => FailureBundle | undefined,
): DisappearedPod[] {
  const gc = workflow.spec?.podGC?.strategy;
  const out: DisappearedPod[] = [];
  for (const n of Object.values(nodes)) {
    if (n.type !== 'Pod' || !n.startedAt) continue;
    const pod = podNameOf(n);
    if (livePods.has(pod)) continue;
    out.push(entry(n, pod, gc, recorded(n.id)));
  }
  return out;
}

/**
 * Like disappearedPods, bounded for an explanation: at most `max` pods, the failed steps first (each by start), and
 * how many there are in all. `recorded` is asked about the listed pods only (it may read a file each time).
 */
export function disappearedSummary(
  workflow: Wf,
  nodes: Record<string, ArgoNode>,
  podNameOf: (n: ArgoNode) => string,
  livePods: Set<string>,
  recorded: (nodeId: string) => FailureBundle | undefined,
  max = MAX_DISAPPEARED,
): { pods: DisappearedPod[]; total: number } {
  const gc = workflow.spec?.podGC?.strategy;
  const gone = new Map<ArgoNode, string>();
  for (const id in nodes) {
    const n = nodes[id];
    if (!n || n.type !== 'Pod' || !n.startedAt) continue;
    const pod = podNameOf(n);
    if (!livePods.has(pod)) gone.set(n, pod);
  }
  const failed = firstByStart(gone.keys(), (n) => isFailed(n.phase), max);
  const others = firstByStart(gone.keys(), (n) => !isFailed(n.phase), max - failed.length);
  const pods = [...failed, ...others.sort(byStart)].map((n) => entry(n, gone.get(n)!, gc, recorded(n.id)));
  return { pods, total: gone.size };
}
