// Scheduling: no node can take the pod (not enough resources, taints, selectors, volumes), so it stays Pending.
import { rec, str } from '../../model/json';
import type { Facts, KEvent } from '../bundle';
import { anyOf, event, type Detector, type Finding } from './common';
import { argoEvidence, eventLine } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  /** "2 nvidia.com/gpu", or the resource's name alone when the step's request is not known. */
  request: (amount: number, resource: string) => (amount ? `${amount} ${resource}` : resource),
  insufficientCause: (requested: string[], total: string | undefined, scaleUp: KEvent | undefined) => {
    const fit = total ? ` (0 of ${total} nodes fit)` : '';
    const atMax = scaleUp && /max node group size/.test(scaleUp.message);
    const autoscaler = scaleUp
      ? ` The cluster autoscaler did not add a node: "${scaleUp.message}"` +
        `${atMax ? ' — the node group is already at its max node group size' : ''}.`
      : '';
    return (
      `The step requests ${requested.join(' and ')}, and no node has that much free${fit}, ` +
      `so it stays Pending.${autoscaler}`
    );
  },
  insufficientFix: (resources: string[], gpu: boolean) =>
    gpu
      ? 'Request fewer GPUs (or split the work across steps), ' +
        "ask the platform team to raise the GPU node group's maximum size, or wait for running GPU jobs to finish."
      : `Request less ${resources.join('/')} (set requests close to real usage), wait for capacity, ` +
        'or target a node pool with bigger nodes.',
  taintCause: (taint: string | undefined) =>
    `Some nodes carry a taint the step does not tolerate${taint ? ` (${taint})` : ''}.`,
};

// ---- detection ------------------------------------------------------------------------------------------------
const UNSCHEDULABLE = anyOf([
  /nodes are available|Unschedulable/,
  /unbound immediate PersistentVolumeClaims|persistentvolumeclaim "\S+" not found/,
]);
/** Groups: the taint (in either of two wordings). */
const TAINT = anyOf([
  /untolerated taint \{([^}]*)\}/,
  /taints? that the pod didn't tolerate/,
  /had taint \{([^}]*)\}, that the pod didn't tolerate/,
]);
const NO_VOLUME = anyOf([
  /unbound immediate PersistentVolumeClaims|persistentvolumeclaim "\S+" not found/,
  /didn't find available persistent volumes/,
]);

/** Why the scheduler could not place the pod: Argo's message, FailedScheduling events, the pod's condition. */
function schedulerText(f: Facts): string {
  return [
    f.message,
    ...event(f, /FailedScheduling/).map((e) => e.message),
    ...f.podConditions.filter((c) => c.reason === 'Unschedulable').map((c) => c.message),
  ]
    .filter(Boolean)
    .join('\n');
}

/** What the step's containers request of a resource, in all. */
function requestOf(f: Facts, resource: string): number {
  return f.containers.reduce((n, c) => {
    const res = rec(c.spec.resources);
    return n + (Number.parseFloat(str(rec(res.requests)[resource]) || str(rec(res.limits)[resource])) || 0);
  }, 0);
}

export const scheduling: Detector = (f) => {
  const out: Finding[] = [];
  const t = schedulerText(f);
  if (!UNSCHEDULABLE.test(t)) return out;
  const total = /0\/(\d+) nodes are available/.exec(t)?.[1];
  const ev = [...argoEvidence(f), ...event(f, /FailedScheduling|NotTriggerScaleUp|TriggeredScaleUp/).map(eventLine)];
  const insufficient = [...t.matchAll(/(\d+) Insufficient ([\w./-]+)/g)].map((m) => m[2]!);
  if (insufficient.length) {
    const res = [...new Set(insufficient)];
    out.push({
      id: 'insufficient-resources',
      score: 93,
      cause: text.insufficientCause(
        res.map((r) => text.request(requestOf(f, r), r)),
        total,
        event(f, /NotTriggerScaleUp/)[0],
      ),
      fix: text.insufficientFix(
        res,
        res.some((r) => /gpu/i.test(r)),
      ),
      evidence: ev,
    });
  }
  const taint = TAINT.exec(t);
  if (taint)
    out.push({
      id: 'untolerated-taint',
      score: insufficient.length ? 60 : 91,
      cause: text.taintCause(taint[1] || taint[2]),
      evidence: ev,
    });
  if (/didn't match (Pod's node affinity\/selector|node selector)/.test(t))
    out.push({ id: 'node-selector-mismatch', score: 89, evidence: ev });
  if (/volume node affinity conflict/.test(t))
    out.push({ id: 'volume-node-affinity-conflict', score: 92, evidence: ev });
  if (NO_VOLUME.test(t)) out.push({ id: 'pvc-unbound', score: 92, evidence: ev });
  if (/node\(s\) were unschedulable/.test(t))
    out.push({ id: 'node-unschedulable-cordoned', score: insufficient.length ? 40 : 85, evidence: ev });
  return out;
};
