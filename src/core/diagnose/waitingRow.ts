// What a workflow or step that has not ended waits for, from the workflow object alone (no cluster reads): for the
// sidebar's rows ("waiting for semaphore argo/gpu-jobs held by 2 workflows"). Silent when nothing specific is found:
// a workflow that simply runs says nothing more.
import type { ArgoNode } from '../model/argoNode';
import { isActive } from '../model/phase';
import type { Workflow } from '../model/workflow';
import { bundleNode } from './bundle';
import { diagnose } from './diagnose';

/** Node types whose waiting a row can name (a pod that cannot start, a suspend, a retry in backoff). */
const WAITING_TYPES = new Set(['Pod', 'Suspend', 'Retry']);

/** The one-line "waiting for …" of a workflow (node undefined) or one of its steps, if a specific cause shows. */
export function waitingOf(wf: Workflow, node: ArgoNode | undefined, now: Date): string | undefined {
  const phase = node ? node.phase : wf.status?.phase;
  if (!(isActive(phase) || (!node && !phase))) return undefined;
  if (node && !WAITING_TYPES.has(node.type ?? '')) return undefined;
  const d = diagnose({
    workflow: { ...wf, status: { ...(wf.status ?? {}), nodes: undefined, compressedNodes: undefined } },
    workflowNode: node ? bundleNode(node) : null,
    pod: null,
    node: null,
    events: [],
    related: [],
    observedAt: now.toISOString(),
  });
  return d.rootCause === 'unknown' ? undefined : d.waiting;
}
