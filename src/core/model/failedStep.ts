// Which step of a failed workflow to explain: the one that failed first, not Argo's "child '…' failed" parents.
import type { ArgoNode } from './argoNode';
import { workflowNodes } from './nodes';
import { isFailed } from './phase';
import type { Workflow } from './workflow';

/**
 * The step of a failed workflow to explain: the earliest failed pod step whose failure a retry did not make good,
 * else the earliest failed node with a message of its own. One pass over the nodes, then a sort of the failures.
 */
export function failedStepOf(workflow: Workflow): ArgoNode | undefined {
  const nodes = workflowNodes(workflow);
  if (nodes.kind !== 'nodes') return undefined;
  const all = Object.values(nodes.nodes);
  const byEnd = (a: ArgoNode, b: ArgoNode) =>
    (a.finishedAt ?? a.startedAt ?? '').localeCompare(b.finishedAt ?? b.startedAt ?? '');
  // Attempts of a retry node: a later attempt that succeeded makes an earlier failure harmless.
  const retryOf = new Map<string, ArgoNode>();
  for (const n of all) if (n.type === 'Retry') for (const c of n.children ?? []) retryOf.set(c, n);
  const failedPods = all.filter((n) => n.type === 'Pod' && isFailed(n.phase));
  const recovered = (n: ArgoNode) => {
    const retry = retryOf.get(n.id);
    return !!retry && retry.phase === 'Succeeded';
  };
  const pods = failedPods.filter((n) => !recovered(n)).sort(byEnd);
  if (pods[0]) {
    // An attempt of a retry that gave up: explain the retry node, which sees every attempt.
    const retry = retryOf.get(pods[0].id);
    return retry && isFailed(retry.phase) ? retry : pods[0];
  }
  const own = all
    .filter(
      (n) =>
        isFailed(n.phase) &&
        n.message &&
        !recovered(n) &&
        !/child '.*' (failed|errored)|No more retries left/.test(n.message),
    )
    .sort(byEnd);
  if (own[0]) return own[0];
  // A pod stuck Pending (image pull, missing secret, unschedulable) is a failure too when the workflow failed.
  return (
    all.filter((n) => n.type === 'Pod' && n.phase === 'Pending' && n.message).sort(byEnd)[0] ??
    all.filter((n) => n.type === 'Retry' && isFailed(n.phase)).sort(byEnd)[0] ??
    failedPods.sort(byEnd)[0]
  );
}
