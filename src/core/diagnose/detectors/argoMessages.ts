// Argo's own node messages that name a failure outright: retries used up, a shutdown, an invalid spec, executor
// and controller trouble. Their generic texts (signatures.ts) say it all.
import { isFailed } from '../../model/phase';
import { anyOf, byPattern, type Detector, type MessagePattern } from './common';
import { argoEvidence } from './texts';

const MESSAGES: MessagePattern[] = [
  [/No more retries left/, 'retries-exhausted', 40],
  // A parent's message about its child; the child's own words are elsewhere in the bundle.
  [/child '[^']+' (failed|errored)/, 'child-failed', 25, true],
  [/Stopped with strategy '(Terminate|Stop)'|workflow shutdown with strategy/i, 'workflow-shutdown', 94],
  [/invalid spec:/, 'invalid-spec', 92],
  [/Pod failed before \S+ container starts due to/, 'pod-failed-before-start', 45],
  [/can't find failed message for pod/, 'no-container-status', 35],
  [
    anyOf([
      /pod failed: (wait|main) container did not complete successfully/,
      /neither main nor wait container completed/,
    ]),
    'aux-container-incomplete',
    60,
  ],
  [/Pod auto-restarting due to/, 'pod-auto-restarting', 45],
  [/Failed to establish pod watch/, 'pod-watch-failed', 82],
  [/failed to save outputs: (timeout after 0s|Timeout: request did not complete)/, 'save-outputs-timeout', 82],
  [/artifact \S+ failed to load|failed to load artifacts/, 'artifact-load-failed', 55],
  [/(main|wait|init): Error \(exit code 64\)/, 'executor-exit-64', 40],
  [/offload node status is not supported|workflow is longer than maximum allowed size/, 'workflow-too-large', 92],
  [/etcdserver: request is too large|Request entity too large/, 'etcd-request-too-large', 92],
  [/resource creation rate-limit reached/, 'creation-rate-limited', 80],
];

export const argoMessages: Detector = (f) => {
  const ev = argoEvidence(f);
  const out = byPattern(f, MESSAGES, ev);
  // A failed retry node ran out of retries, whether or not its message says so.
  if (f.step.type === 'Retry' && !out.some((x) => x.id === 'retries-exhausted') && isFailed(f.step.phase))
    out.push({ id: 'retries-exhausted', score: 40, evidence: ev });
  return out;
};
