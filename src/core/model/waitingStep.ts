// Which step of a workflow that has not ended to explain: the one that waits (a pod that cannot start, a suspend,
// a retry in backoff), or none when the whole workflow waits: before any step, or with steps not started while the
// others run.
import type { ArgoNode } from './argoNode';
import { workflowNodes } from './nodes';
import { isActive } from './phase';
import { unstartedSteps } from './unstartedSteps';
import type { Workflow } from './workflow';

const WAITING_TYPES = new Set(['Pod', 'Suspend', 'Retry']);

/**
 * The waiting step: a pending pod, a running suspend or retry node, those with a message first, then the newest.
 * None when every active step runs (the workflow may then wait for a slot: it is explained as a whole).
 */
export function waitingStepOf(workflow: Workflow): ArgoNode | undefined {
  const nodes = workflowNodes(workflow);
  if (nodes.kind !== 'nodes') return undefined;
  // A pod that runs does not wait (its node turns Running when the pod does); a suspend or a retry that runs does.
  const waiting = Object.values(nodes.nodes).filter(
    (n) => WAITING_TYPES.has(n.type ?? '') && isActive(n.phase) && !(n.type === 'Pod' && n.phase === 'Running'),
  );
  // A retry's running attempt explains more than the retry node, unless the retry waits between attempts.
  const rank = (n: ArgoNode) => (n.message ? 2 : 0) + (n.type === 'Pod' && n.phase === 'Pending' ? 1 : 0);
  const best = waiting.sort((a, b) => rank(b) - rank(a) || (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))[0];
  // Only steps that simply run, while others have not started (held back by a parallelism limit, without a node):
  // the workflow is what waits.
  if (best && rank(best) === 0 && best.phase === 'Running' && unstartedSteps(workflow, nodes.nodes).length)
    return undefined;
  return best;
}
