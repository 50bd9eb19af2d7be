// The engine's own words: retry attempts, and what to say when no signature matches. The detectors' words are in
// detectors/, the signatures' generic ones in signatures.ts.
import type { BundleNode } from './bundle';

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
  unknownCause: (step: BundleNode) =>
    `Step ${step.displayName ?? step.name ?? '?'} is ${step.phase ?? 'unknown'}` +
    `${step.message ? `: ${step.message}` : ''}. ` +
    'No known failure signature matches what was gathered; the log and events below are the best lead.',
  unknownFix: () => 'Read the last log lines and the events; open the step panel for the pod and node details.',
  argo: (message: string) => `Argo: ${message}`,
};
