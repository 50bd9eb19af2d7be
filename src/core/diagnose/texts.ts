// The engine's own words: retry attempts, and what to say when no signature matches. The detectors' words are in
// detectors/, the signatures' generic ones in signatures.ts.
import type { BundleNode, Facts } from './bundle';

export const engineText = {
  attemptNote: (a: BundleNode, cause: string | undefined) =>
    `Attempt ${a.displayName ?? a.name}: ${a.phase ?? ''}${a.message ? ` — ${a.message}` : ''}` +
    `${cause ? ` (${cause})` : ''}`,
  /** A cause and how often the attempts failed of it: "oom-killed-main ×2". */
  attemptCause: (id: string, n: number) => `${id}${n > 1 ? ` ×${n}` : ''}`,
  allAttemptsSame: (cause: string, attempts: number) =>
    `${cause} All ${attempts} attempts failed this way, so retrying alone will not help.`,
  attemptsDiffer: (step: BundleNode, attempts: number, causes: string[], mostFrequent: string) =>
    `All ${attempts} attempts of step ${step.displayName ?? step.name} failed, ` +
    `each for its own reason (${causes.join(', ')}), and no retries were left. The most frequent: ${mostFrequent}`,
  attemptsDifferFix: (retryFix: string, mostFrequentFix: string) =>
    `${retryFix} Most frequent cause: ${mostFrequentFix}`,
  unknownCause: (step: BundleNode, active = false) =>
    `Step ${step.displayName ?? step.name ?? '?'} is ${step.phase || 'unknown'}` +
    `${step.message ? `: ${step.message}` : ''}. ` +
    (active
      ? 'No known reason to wait matches what was gathered; the events and the workflow status below are the ' +
        'best lead.'
      : 'No known failure signature matches what was gathered; the log and events below are the best lead.'),
  unknownWorkflow: (f: Facts) =>
    `Workflow ${f.workflowName || '?'} is ${f.workflowPhase || 'without a phase yet'}` +
    `${f.workflowMessage ? `: ${f.workflowMessage}` : ''}. ` +
    'No known reason matches what was gathered; the workflow status and events are the best lead.',
  unknownFix: () => 'Read the last log lines and the events; open the step panel for the pod and node details.',
  argo: (message: string) => `Argo: ${message}`,
};

/** One-line summaries ("waiting for …") of a step that waits, by root cause, when its detector gives none. */
export const waitingText = {
  byId: {
    'insufficient-resources': 'waiting for a node with enough free resources',
    'untolerated-taint': 'waiting for a node whose taints it tolerates',
    'node-selector-mismatch': 'waiting for a node that matches its node selector or affinity',
    'volume-node-affinity-conflict': "waiting for a node in its volume's zone",
    'pvc-unbound': 'waiting for its volume claim to be bound',
    'node-unschedulable-cordoned': 'waiting for a node that is not cordoned',
    'resource-quota-exceeded': "waiting for room in the namespace's resource quota",
    'image-pull-backoff': 'waiting to retry pulling its image',
    'image-not-found': 'waiting for an image that does not exist',
    'image-pull-auth-failed': 'waiting for an image it is not allowed to pull',
    'invalid-image-name': 'waiting on an invalid image name',
    'missing-secret-or-configmap': 'waiting for a missing Secret or ConfigMap',
    'failed-mount-missing-object': 'waiting for a missing Secret or ConfigMap to mount',
    'failed-mount-timeout': 'waiting for a volume to attach or mount',
    'multi-attach': 'waiting for a volume attached to another node',
    'creation-rate-limited': 'waiting: Argo is throttling pod creation',
    'node-unreachable': 'stuck: its node is unreachable',
    'node-not-ready': 'stuck: its node is not ready',
    'crashloop-backoff': 'waiting to restart a crashing container',
    'create-container-error': 'waiting: the container could not be created',
  } as Record<string, string>,
  other: (id: string) => `waiting (${id})`,
  unknown: (phase: string) =>
    phase === 'Running' ? 'running: no known reason to wait' : `waiting to start (${phase || 'no phase yet'})`,
};
