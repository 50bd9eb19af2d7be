// Admission: the kubelet refused the pod (node affinity, device allocation, not enough resources on the node).
import { nodeText, type Detector, type Finding } from './common';

export const admission: Detector = (f) => {
  const out: Finding[] = [];
  const msg = nodeText(f);
  const evidence = [f.podMessage].filter(Boolean);
  if (f.podReason === 'NodeAffinity' || /Predicate NodeAffinity failed/.test(msg))
    out.push({ id: 'nodeaffinity-rejected', score: 88, evidence });
  if (f.podReason === 'UnexpectedAdmissionError' || /Allocate failed due to/.test(msg))
    out.push({ id: 'unexpected-admission-error', score: 88, evidence });
  if (/^OutOf/.test(f.podReason) || /Node didn't have enough resource/.test(msg))
    out.push({ id: 'out-of-resource-admission', score: 88, evidence });
  return out;
};
