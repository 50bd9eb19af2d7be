// "pod deleted": the step's pod was deleted while it ran (a node drain, a scale-down, someone deleting it).
import type { Facts } from '../bundle';
import { event, isPodDeleted, type Detector } from './common';
import { argoEvidence, eventLine, NOT_YOURS, RETRY_ON_ERROR, taintLine } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  cause: (node: string, cordoned: boolean) => {
    const why = cordoned
      ? ` Its node ${node} was cordoned (unschedulable) at the time: ` +
        'a node drain (maintenance or scale-down) evicted it.'
      : '';
    return `The step's pod was deleted while it ran ("pod deleted").${why} ${NOT_YOURS}`;
  },
  fix: () =>
    `Add ${RETRY_ON_ERROR} so Argo retries infrastructure failures like this; ` +
    'avoid spot nodes for long steps; a PodDisruptionBudget slows drains down.',
};

// ---- detection ------------------------------------------------------------------------------------------------
const isCordoned = (f: Facts) =>
  f.nodeUnschedulable ||
  f.nodeTaints.some((t) => t.key === 'node.kubernetes.io/unschedulable') ||
  event(f, /NodeNotSchedulable/).length > 0;

export const podDeleted: Detector = (f) =>
  isPodDeleted(f)
    ? [
        {
          id: 'pod-deleted',
          score: 86,
          cause: text.cause(f.nodeName, isCordoned(f)),
          fix: text.fix(),
          evidence: [
            ...argoEvidence(f),
            ...event(f, /Killing|NodeNotSchedulable|Drain|Evict/).map(eventLine),
            ...f.nodeTaints.map(taintLine),
          ],
        },
      ]
    : [];
