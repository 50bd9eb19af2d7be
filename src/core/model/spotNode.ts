// Spot (preemptible) Kubernetes nodes, recognised from the labels the clouds and autoscalers put on them.

/** Label → the value that means spot (lower-cased). */
export const SPOT_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['eks.amazonaws.com/capacityType', 'spot'],
  ['karpenter.sh/capacity-type', 'spot'],
  ['cloud.google.com/gke-spot', 'true'],
  ['cloud.google.com/gke-preemptible', 'true'],
  ['kubernetes.azure.com/scalesetpriority', 'spot'],
];

/** Whether a node with these labels is a spot or preemptible node. */
export function isSpotNode(labels: Record<string, unknown> | undefined): boolean {
  if (!labels || typeof labels !== 'object') return false;
  return SPOT_LABELS.some(([k, v]) => typeof labels[k] === 'string' && (labels[k] as string).toLowerCase() === v);
}
