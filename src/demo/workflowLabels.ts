// Mirrors workflow/controller/operator.go (markWorkflowPhase) of Argo Workflows v4.0.5.
import type { KubeObject } from './world';

export const LABEL_PHASE = 'workflows.argoproj.io/phase';
export const LABEL_COMPLETED = 'workflows.argoproj.io/completed';

const FINISHED = new Set(['Succeeded', 'Failed', 'Error']);

/**
 * The labels Argo's controller keeps on a workflow in `phase`: the phase, and `completed`, "false" from its first
 * phase on and "true" once it has finished (Succeeded, Failed, Error). Clients and Argo's own informers tell running
 * from finished workflows by it (`workflows.argoproj.io/completed!=true`).
 */
export function phaseLabels(phase: string): Record<string, string> {
  return { [LABEL_PHASE]: phase, [LABEL_COMPLETED]: String(FINISHED.has(phase)) };
}

/** The workflow labelled as the controller labels it for its status.phase; unchanged while it has no phase. */
export function withPhaseLabels(wf: KubeObject): KubeObject {
  const phase = (wf.status as { phase?: string } | undefined)?.phase;
  if (!phase) return wf;
  return { ...wf, metadata: { ...wf.metadata, labels: { ...(wf.metadata.labels ?? {}), ...phaseLabels(phase) } } };
}
