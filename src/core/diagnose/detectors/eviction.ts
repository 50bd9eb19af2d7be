// Evictions: the kubelet evicted the pod because its node ran low on memory or disk, or the pod went over its
// ephemeral storage limit.
import type { Facts } from '../bundle';
import { anyOf, event, nodeText, type Detector, type Finding } from './common';
import { argoEvidence, eventLine, podLine } from './texts';

const EVICTED = anyOf([
  /The node was low on resource/,
  /exceeded its local ephemeral storage limit|ephemeral local storage usage exceeds/,
  /The node had condition/,
]);
const OVER_LIMIT = anyOf([
  /exceeded its local ephemeral storage limit|ephemeral local storage usage exceeds/,
  /Usage of EmptyDir volume/,
]);

/** The kubelet evicted the pod. */
export const isEvicted = (f: Facts): boolean => f.podReason === 'Evicted' || EVICTED.test(nodeText(f));

export const eviction: Detector = (f) => {
  if (!isEvicted(f)) return [];
  const msg = nodeText(f);
  const evidence = [
    ...[podLine(f)].filter(Boolean),
    ...argoEvidence(f),
    ...event(f, /Evicted|EvictionThresholdMet/).map(eventLine),
  ];
  const finding = (id: string, score: number): Finding[] => [{ id, score, evidence }];
  if (/low on resource: memory/.test(msg)) return finding('evicted-memory-pressure', 93);
  if (/low on resource: ephemeral-storage/.test(msg)) return finding('evicted-ephemeral-storage', 93);
  if (OVER_LIMIT.test(msg)) return finding('evicted-ephemeral-limit', 93);
  return finding('evicted-node-condition', 88);
};
