// Orders of workflow nodes that hold on 100,000 nodes: ordinal comparisons (timestamps are ISO 8601 and names
// ASCII; Intl collation is slow), and the first few by start without sorting them all.
import type { ArgoNode } from './argoNode';

const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** By start time, then name. */
export const byStart = (a: ArgoNode, b: ArgoNode): number =>
  ordinal(a.startedAt ?? '', b.startedAt ?? '') || ordinal(a.name ?? '', b.name ?? '');

/** The first `max` nodes by start that satisfy `keep`, in that order: one pass, no sort of them all. */
export function firstByStart(nodes: Iterable<ArgoNode>, keep: (n: ArgoNode) => boolean, max: number): ArgoNode[] {
  const out: ArgoNode[] = [];
  if (max <= 0) return out;
  for (const n of nodes) {
    if (!keep(n)) continue;
    if (out.length === max && byStart(n, out[max - 1]!) >= 0) continue;
    let at = out.length < max ? out.length : max - 1;
    out[at] = n;
    // Insertion: `out` stays sorted and at most `max` long.
    while (at > 0 && byStart(out[at]!, out[at - 1]!) < 0) {
      [out[at - 1], out[at]] = [out[at]!, out[at - 1]!];
      at--;
    }
  }
  return out;
}
