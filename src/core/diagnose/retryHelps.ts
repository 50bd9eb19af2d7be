// Failures a plain retry fixes: the step was not at fault (its node was lost, reclaimed or drained, the pod was
// evicted or preempted for others, a transient error of the cluster), so running it again as it is can succeed.
// Explain offers "Retry from the failed step" for these; for the others the workflow or the cluster must change first.

const TRANSIENT: Record<string, string> = {
  'pod-deleted': 'its pod was deleted from outside (a drain, an autoscaler, someone)',
  'node-lost': 'its node was lost',
  'node-unreachable': 'its node stopped answering',
  'node-graceful-shutdown': 'its node shut down (often a spot or preemptible node reclaimed)',
  'taint-manager-eviction': 'its node was tainted and the pod evicted',
  'preempted-by-scheduler': 'a higher-priority pod took its place',
  'preempted-critical-pod': 'a critical pod took its place',
  'evicted-memory-pressure': "its node ran short of memory (the node's state, not the step's limit)",
  'evicted-node-condition': 'its node was under pressure',
  'evicted-ephemeral-storage': 'its node ran short of disk',
  'eviction-threshold-met': 'its node ran short of resources',
  'out-of-resource-admission': 'its node refused it for lack of resources at that moment',
  'unexpected-admission-error': 'the kubelet refused it by mistake',
  'sandbox-creation-failed': "the node's container runtime failed to set the pod up",
  'pod-watch-failed': "Argo's controller lost track of the pod",
  'creation-rate-limited': 'the apiserver was rate-limiting pod creation',
  'workflow-shutdown': 'the workflow was stopped or terminated',
};

/** Why retrying as it is can succeed, or undefined when the workflow or the cluster must change first. */
export function retryHelps(rootCause: string): string | undefined {
  const why = TRANSIENT[rootCause];
  return why
    ? `The step was not at fault: ${why}. Retrying re-runs only what failed and keeps what succeeded.`
    : undefined;
}

/** The root causes a plain retry can fix. */
export const retryableCauses = (): string[] => Object.keys(TRANSIENT);
