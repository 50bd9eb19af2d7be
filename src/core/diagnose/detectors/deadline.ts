// Time limits: the pod's activeDeadlineSeconds, the workflow's deadline, the step's maximum duration.
import { rec } from '../../model/json';
import { humanSeconds, type Facts } from '../bundle';
import { byPattern, event, type Detector, type Finding, type MessagePattern } from './common';
import { argoEvidence, eventLine, logEvidence } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  activeDeadline: (secs: number) => {
    const limit =
      Number.isFinite(secs) && secs > 0
        ? ` of activeDeadlineSeconds: ${secs} (${humanSeconds(secs)})`
        : ' (activeDeadlineSeconds)';
    return (
      `The step ran into its time limit${limit} and Kubernetes stopped it. ` +
      'Its last log lines show what it was doing then.'
    );
  },
};

// ---- detection ------------------------------------------------------------------------------------------------
const DEADLINES: MessagePattern[] = [
  [/Step exceeded its deadline/, 'step-exceeded-deadline', 60],
  [/retry exceeded workflow deadline/i, 'retry-exceeded-workflow-deadline', 62],
  [/Max duration limit exceeded/, 'max-duration-exceeded', 62],
];

/** The pod's activeDeadlineSeconds, from the pod or the template. */
function activeDeadlineSeconds(f: Facts): number {
  const hints = rec(f.bundle.templateHints);
  return Number(
    f.podSpec.activeDeadlineSeconds ?? hints.activeDeadlineSeconds ?? rec(hints.template).activeDeadlineSeconds,
  );
}

export const deadline: Detector = (f) => {
  const out: Finding[] = [];
  const ev = argoEvidence(f);
  if (
    /Pod was active on the node longer than the specified deadline/.test(f.message) ||
    f.podReason === 'DeadlineExceeded'
  )
    out.push({
      id: 'pod-active-deadline-exceeded',
      score: 93,
      cause: text.activeDeadline(activeDeadlineSeconds(f)),
      evidence: [...ev, ...event(f, /DeadlineExceeded|Killing/).map(eventLine), ...logEvidence(f)],
    });
  return [...out, ...byPattern(f, DEADLINES, ev)];
};
