// The node itself: lost or unreachable, NotReady, under pressure; the pod evicted from it by the taint manager.
import { clock, type Condition, type Facts, type KEvent } from '../bundle';
import { event, isPodDeleted, nodeText, type Detector, type Finding } from './common';
import { eventLine, logEvidence, RETRY_ON_ERROR, taintLine } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const at = (time: string | undefined, word = 'at') => (time ? ` ${word} ${clock(time)}` : '');

const text = {
  disruption: (message: string) => `Pod condition DisruptionTarget: ${message}`,
  /** The node went silent, the pod was evicted, and the node is back. */
  wasUnreachable: (f: Facts, notReady: KEvent | undefined, evicted: KEvent | undefined, ready: Condition) =>
    `The node ${f.nodeName} running the step stopped reporting${at(notReady?.time)} (NodeNotReady), ` +
    `and Kubernetes evicted the pod from it${at(evicted?.time)}` +
    `${isPodDeleted(f) ? '; Argo reported "pod deleted" once the pod was gone' : ''}. ` +
    `The node is Ready again${at(ready.time, 'since')}, but the step's run there was lost. `,
  /** The node is silent now. */
  unreachable: (node: string, ready: Condition | undefined, terminating: boolean) => {
    const last = ready?.heartbeat || ready?.time;
    return (
      `The node ${node} running the step stopped reporting: its Ready condition is ${ready?.status || 'Unknown'} ` +
      `("${ready?.message || 'Kubelet stopped posting node status.'}")` +
      `${last ? `, last heard from at ${clock(last)}` : ''}. ` +
      (terminating
        ? 'Kubernetes then marked the pod for deletion (it shows as Terminating) and the step cannot finish there. '
        : '')
    );
  },
  unreachableCause: (then: string) =>
    `${then}This is not your code: the node crashed, lost its network or was reclaimed.`,
  unreachableFix: (node: string) =>
    `Retry with ${RETRY_ON_ERROR} so the step runs again on a healthy node; ` +
    `report node ${node} to your platform team; prefer on-demand nodes for long steps.`,
  readyLine: (c: Condition) => `Node condition Ready=${c.status} (${c.reason}): ${c.message}${at(c.time, 'since')}`,
  notReadyCause: (node: string, c: Condition) => `The node ${node} is NotReady: ${c.message}.`,
  conditionLine: (type: string, status: string, c: Condition) =>
    `Node condition ${type}=${status} (${c.reason}): ${c.message}`,
};

// ---- detection ------------------------------------------------------------------------------------------------
/** The taint manager's eviction of the pod: its events, and the condition it left on the pod. */
function taintEviction(f: Facts) {
  return {
    events: event(f, /TaintManagerEviction|NodeControllerEviction/),
    condition: f.podConditions.find((c) => c.type === 'DisruptionTarget' && c.reason === 'DeletionByTaintManager'),
  };
}

/** The node controller lost the node; the taint manager evicted the pod. */
export const nodeLost: Detector = (f) => {
  const out: Finding[] = [];
  if (f.podReason === 'NodeLost' || /which was running pod \S+ is unresponsive/.test(nodeText(f)))
    out.push({ id: 'node-lost', score: 90, evidence: [f.podMessage].filter(Boolean) });
  const taint = taintEviction(f);
  if (taint.events.length || taint.condition)
    out.push({
      id: 'taint-manager-eviction',
      score: 55,
      evidence: [
        ...taint.events.map(eventLine),
        ...(taint.condition ? [text.disruption(taint.condition.message)] : []),
      ],
    });
  return out;
};

/** Events that show the node was under pressure or stopping the container: symptoms, rarely the cause. */
export const nodeSignals: Detector = (f) => {
  const out: Finding[] = [];
  if (event(f, /EvictionThresholdMet|NodeHasDiskPressure|NodeHasInsufficientMemory/).length)
    out.push({
      id: 'eviction-threshold-met',
      score: 30,
      evidence: event(f, /EvictionThresholdMet|NodeHas/).map(eventLine),
    });
  if (event(f, /Killing/, /Stopping container/).length)
    out.push({ id: 'killing-stop-request', score: 10, evidence: event(f, /Killing/).map(eventLine) });
  return out;
};

const PRESSURE: [string, string][] = [
  ['MemoryPressure', 'node-memory-pressure'],
  ['DiskPressure', 'node-disk-pressure'],
  ['PIDPressure', 'node-pid-pressure'],
  ['NetworkUnavailable', 'node-network-unavailable'],
];

/** The node's conditions and taints: unreachable (now or a while ago), NotReady, under pressure. */
export const nodeHealth: Detector = (f) => {
  const out: Finding[] = [];
  const taint = taintEviction(f);
  const ready = f.nodeConditions.find((c) => c.type === 'Ready');
  const unreachable =
    ready?.status === 'Unknown' || f.nodeTaints.some((t) => t.key === 'node.kubernetes.io/unreachable');
  const notReadyEv = event(f, /NodeNotReady/);
  // The node may be back by the time we look: its pod's events still tell that it went silent and the pod was evicted.
  const wasUnreachable =
    !unreachable && notReadyEv.length > 0 && (taint.events.length > 0 || !!taint.condition) && ready?.status === 'True';
  if (unreachable || wasUnreachable || (notReadyEv.length && !f.bundle.node)) {
    const terminating = f.podDeleting || taint.events.length > 0 || !!taint.condition;
    const then =
      wasUnreachable && ready
        ? text.wasUnreachable(f, notReadyEv[0], taint.events[0], ready)
        : text.unreachable(f.nodeName, ready, terminating);
    out.push({
      id: 'node-unreachable',
      score: 91,
      cause: text.unreachableCause(then),
      fix: text.unreachableFix(f.nodeName),
      evidence: [
        ...(ready ? [text.readyLine(ready)] : []),
        ...f.nodeTaints.map(taintLine),
        ...notReadyEv.map(eventLine),
        ...(wasUnreachable ? taint.events.map(eventLine) : []),
        ...logEvidence(f, 2),
      ],
    });
  } else if (ready?.status === 'False')
    out.push({
      id: 'node-not-ready',
      score: 86,
      cause: text.notReadyCause(f.nodeName, ready),
      evidence: [text.conditionLine('Ready', 'False', ready)],
    });
  for (const [type, id] of PRESSURE) {
    const c = f.nodeConditions.find((x) => x.type === type && x.status === 'True');
    if (c)
      out.push({
        id,
        score: id === 'node-network-unavailable' ? 70 : 45,
        evidence: [text.conditionLine(type, 'True', c)],
      });
  }
  return out;
};
