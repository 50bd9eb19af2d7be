// Scheduling: no node can take the pod (not enough resources, taints, selectors, volumes), so it stays Pending.
import { rec, str } from '../../model/json';
import type { Facts, KEvent } from '../bundle';
import { nodeFitLine, nodeFits, volumeAffinities, type NodeFit } from '../nodeFit';
import { isKind } from '../waitingFacts';
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
  selectorCause: (selector: string, total: number) =>
    `No node matches the step's node selection${selector ? ` (${selector})` : ''}: none of the cluster's ${total} ` +
    'nodes carries those labels, so the pod stays Pending whatever else frees up.',
  volumeCause: (zones: string[]) =>
    `The step's volume lives in ${zones.length ? `zone ${zones.join(' or ')}` : 'a zone'} and no node that could ` +
    'take the step is there: a volume can only attach to a node in its own zone.',
  closest: (fits: NodeFit[]) =>
    ` The node${fits.length > 1 ? 's' : ''} that come${fits.length > 1 ? '' : 's'} closest: ` +
    `${fits.map(nodeFitLine).join('; ')}.`,
  nodeLine: (f: NodeFit) => `Node ${nodeFitLine(f)}`,
  claimCause: (claims: Record<string, unknown>[], e: KEvent | undefined) =>
    `The step's volume claim ${claims.map((c) => `${str(rec(c.metadata).name)} (storage class ${str(rec(c.spec).storageClassName) || 'default'})`).join(', ')} ` +
    `is still ${str(rec(claims[0]!.status).phase) || 'Pending'}, so no node can take the pod yet` +
    (e ? `: ${e.reason}, "${e.message}".` : '.'),
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

/** The closest nodes and why they don't fit, when the bundle holds the cluster's nodes and the pod's spec. */
function closestNodes(f: Facts): { fits: NodeFit[]; closest: NodeFit[] } | undefined {
  if (!f.clusterNodes.length || !Object.keys(f.podSpec).length) return undefined;
  const pvs = f.related.filter((o) => isKind(o, 'PersistentVolume'));
  const fits = nodeFits(f.podSpec, f.clusterNodes, volumeAffinities(pvs));
  return { fits, closest: fits.filter((x) => x.misfits.length).slice(0, 3) };
}

const selectorWords = (f: Facts) =>
  Object.entries(rec(f.podSpec.nodeSelector))
    .map(([k, v]) => `${k}=${str(v)}`)
    .join(', ');

export const scheduling: Detector = (f) => {
  const out: Finding[] = [];
  const t = schedulerText(f);
  if (!UNSCHEDULABLE.test(t)) return out;
  const total = /0\/(\d+) nodes are available/.exec(t)?.[1];
  const near = closestNodes(f);
  const ev = [
    ...argoEvidence(f),
    ...event(f, /FailedScheduling|NotTriggerScaleUp|TriggeredScaleUp/).map(eventLine),
    ...(near?.closest.map(text.nodeLine) ?? []),
  ];
  const closest = near?.closest.length ? text.closest(near.closest) : '';
  // Which constraint no node meets at all: with the nodes known, a selector nothing matches outranks a taint on the
  // one node that would match it (the scheduler reports the taint first for that node).
  const none = (kind: string) => !!near && near.fits.every((x) => x.misfits.some((m) => m.kind === kind));
  // "4 Insufficient nvidia.com/gpu." ends the sentence: the resource name never ends with a dot.
  const insufficient = [...t.matchAll(/(\d+) Insufficient ([\w./-]*\w)/g)].map((m) => m[2]!);
  if (insufficient.length) {
    const res = [...new Set(insufficient)];
    out.push({
      id: 'insufficient-resources',
      score: 93,
      cause:
        text.insufficientCause(
          res.map((r) => text.request(requestOf(f, r), r)),
          total,
          event(f, /NotTriggerScaleUp/)[0],
        ) + closest,
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
      cause: text.taintCause(taint[1] || taint[2]) + closest,
      evidence: ev,
    });
  if (/didn't match (Pod's node affinity\/selector|node selector)/.test(t))
    out.push({
      id: 'node-selector-mismatch',
      score: none('selector') ? 93 : 89,
      ...(none('selector') ? { cause: text.selectorCause(selectorWords(f), near!.fits.length) + closest } : {}),
      evidence: ev,
    });
  if (/volume node affinity conflict/.test(t)) {
    const zones = [
      ...new Set(
        near?.fits
          .flatMap((x) => x.misfits.filter((m) => m.kind === 'volumeZone'))
          .map((m) => /zone (.+)$/.exec(m.words)?.[1] ?? '')
          .filter(Boolean) ?? [],
      ),
    ];
    out.push({
      id: 'volume-node-affinity-conflict',
      score: 92,
      ...(near ? { cause: text.volumeCause(zones) + closest } : {}),
      evidence: ev,
    });
  }
  if (NO_VOLUME.test(t)) {
    const pending = f.related.filter((o) => isKind(o, 'PersistentVolumeClaim') && str(rec(o.status).phase) !== 'Bound');
    const claimEvents = event(f, /ProvisioningFailed|ExternalProvisioning|WaitForFirstConsumer|FailedBinding/);
    out.push({
      id: 'pvc-unbound',
      score: 92,
      ...(pending.length ? { cause: text.claimCause(pending, claimEvents[0]) } : {}),
      evidence: [...claimEvents.map(eventLine), ...ev],
    });
  }
  if (/node\(s\) were unschedulable/.test(t))
    out.push({ id: 'node-unschedulable-cordoned', score: insufficient.length ? 40 : 85, evidence: ev });
  return out;
};
