// Which step of a failed workflow to explain: the one that failed first, not Argo's "child '…' failed" parents.
import type { ArgoNode } from './argoNode';
import { workflowNodes } from './nodes';
import { isFailed } from './phase';
import type { Workflow } from './workflow';

/** The step of a failed workflow to explain: the earliest failed pod step, else the earliest failed node with a message of its own. */
export function failedStepOf(workflow: Workflow): ArgoNode | undefined {
  const nodes = workflowNodes(workflow);
  if (nodes.kind !== 'nodes') return undefined;
  const all = Object.values(nodes.nodes);
  const byEnd = (a: ArgoNode, b: ArgoNode) =>
    (a.finishedAt ?? a.startedAt ?? '').localeCompare(b.finishedAt ?? b.startedAt ?? '');
  const pods = all.filter((n) => n.type === 'Pod' && isFailed(n.phase)).sort(byEnd);
  if (pods[0]) {
    // An attempt of a retry that gave up: explain the retry node, which sees every attempt.
    const retry = all.find((n) => n.type === 'Retry' && isFailed(n.phase) && (n.children ?? []).includes(pods[0]!.id));
    return retry ?? pods[0];
  }
  const own = all
    .filter(
      (n) => isFailed(n.phase) && n.message && !/child '.*' (failed|errored)|No more retries left/.test(n.message),
    )
    .sort(byEnd);
  if (own[0]) return own[0];
  // A pod stuck Pending (image pull, missing secret, unschedulable) is a failure too when the workflow failed.
  return (
    all.filter((n) => n.type === 'Pod' && n.phase === 'Pending' && n.message).sort(byEnd)[0] ??
    all.filter((n) => n.type === 'Retry' && isFailed(n.phase)).sort(byEnd)[0]
  );
}
