// Argo's phases and the questions every layer asks of them. One definition, so "failed" means the same thing in the
// tree, the step panel, Explain and the evidence recorder.

/** A node's phase as Argo writes it (v1alpha1.NodePhase). */
export type NodePhase = 'Pending' | 'Running' | 'Succeeded' | 'Skipped' | 'Failed' | 'Error' | 'Omitted';
/** A workflow's phase (v1alpha1.WorkflowPhase); empty before the controller has seen it. */
export type WorkflowPhase = '' | 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';
export type Phase = NodePhase | WorkflowPhase;

/** Ended without success: Argo's Failed (the step's own failure) or Error (Argo or Kubernetes could not run it). */
export function isFailed(phase: string | undefined): phase is 'Failed' | 'Error' {
  return phase === 'Failed' || phase === 'Error';
}

/** Ended, whatever the outcome. */
export function isCompleted(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error' || phase === 'Skipped' || phase === 'Omitted';
}

/** Not ended yet: waiting to start or running. */
export function isActive(phase: string | undefined): boolean {
  return phase === 'Pending' || phase === 'Running';
}
