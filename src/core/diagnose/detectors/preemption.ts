// Preemption: the scheduler made room for a pod of higher priority, or the kubelet for a critical pod.
import { event, nodeText, type Detector, type Finding } from './common';
import { eventLine } from './texts';

export const preemption: Detector = (f) => {
  const out: Finding[] = [];
  if (event(f, /^Preempted$/).length || f.podConditions.some((c) => c.reason === 'PreemptionByScheduler'))
    out.push({ id: 'preempted-by-scheduler', score: 92, evidence: event(f, /Preempted/).map(eventLine) });
  if (f.podReason === 'Preempting' || /Preempted in order to admit critical pod/.test(nodeText(f)))
    out.push({ id: 'preempted-critical-pod', score: 92, evidence: [f.podMessage].filter(Boolean) });
  return out;
};
