// Which pods of a workflow no longer exist, and why, from the workflow status, the live pod list and the evidence
// recorded when steps failed.
import type { ArgoNode } from '../model/argoNode';
import type { FailureBundle } from './bundle';

export interface DisappearedPod {
  nodeId: string;
  step: string;
  pod: string;
  why: string;
}

type Wf = { spec?: { podGC?: { strategy?: string } }; status?: { nodes?: Record<string, ArgoNode> } };

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
    const rec = recorded(n.id);
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
    out.push({
      nodeId: n.id,
      step: n.displayName ?? n.name ?? n.id,
      pod,
      why: rec ? `${why}; its evidence was recorded when it failed` : why,
    });
  }
  return out;
}
