// Which step of a failed workflow to explain: the one that failed first, not Argo's "child '…' failed" parents.
import type { ArgoNode } from './argoNode';
import { workflowNodes } from './nodes';
import { isFailed } from './phase';
import type { Workflow } from './workflow';

const byEnd = (a: ArgoNode, b: ArgoNode) =>
  (a.finishedAt ?? a.startedAt ?? '').localeCompare(b.finishedAt ?? b.startedAt ?? '');

/**
 * The step of a failed workflow to explain: the earliest failed pod step whose failure a retry did not make good,
 * else the earliest failed node with a message of its own. One pass over the nodes (there may be 100,000), then
 * work on the failed ones only.
 */
export function failedStepOf(workflow: Workflow): ArgoNode | undefined {
  const nodes = workflowNodes(workflow);
  if (nodes.kind !== 'nodes') return undefined;
  const failed: ArgoNode[] = [];
  const retries: ArgoNode[] = [];
  const pending: ArgoNode[] = [];
  for (const id in nodes.nodes) {
    const n = nodes.nodes[id];
    if (!n || typeof n !== 'object') continue;
    if (isFailed(n.phase)) failed.push(n);
    else if (n.type === 'Pod' && n.phase === 'Pending' && n.message) pending.push(n);
    if (n.type === 'Retry') retries.push(n);
  }
  // The retry node of each failed attempt: a later attempt that succeeded makes an earlier failure harmless.
  const failedIds = new Set(failed.map((n) => n.id));
  const retryOf = new Map<string, ArgoNode>();
  for (const r of retries) for (const c of r.children ?? []) if (failedIds.has(c)) retryOf.set(c, r);
  const recovered = (n: ArgoNode) => retryOf.get(n.id)?.phase === 'Succeeded';
  const failedPods = failed.filter((n) => n.type === 'Pod');
  const pods = failedPods.filter((n) => !recovered(n)).sort(byEnd);
  if (pods[0]) {
    // An attempt of a retry that gave up: explain the retry node, which sees every attempt.
    const retry = retryOf.get(pods[0].id);
    return retry && isFailed(retry.phase) ? retry : pods[0];
  }
  const own = failed
    .filter((n) => n.message && !recovered(n) && !/child '.*' (failed|errored)|No more retries left/.test(n.message))
    .sort(byEnd);
  if (own[0]) return own[0];
  // A pod stuck Pending (image pull, missing secret, unschedulable) is a failure too when the workflow failed.
  return pending.sort(byEnd)[0] ?? failed.filter((n) => n.type === 'Retry').sort(byEnd)[0] ?? failedPods.sort(byEnd)[0];
}
