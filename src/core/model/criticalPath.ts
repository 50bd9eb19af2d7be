// The critical path of a workflow: the chain of steps that set its end, found backwards from the step that ended
// last through what each one waited for (the step before it in Argo's graph that ended latest before it began),
// with the time spent between steps (waiting) and in them (running).
import type { ArgoNode } from './argoNode';

const RUNS = new Set(['Pod', 'Suspend', 'Container']);
/** A step may start a little before its predecessor's finishedAt is written: tolerated skew. */
const SKEW_MS = 2000;

export interface PathStep {
  node: ArgoNode;
  /** Time between the previous step's end (or the workflow's start) and this one's start. */
  waitedMs: number;
  /** This step's own time (to now while it runs). */
  ranMs: number;
}

export interface CriticalPath {
  steps: PathStep[];
  waitingMs: number;
  runningMs: number;
}

const t = (s: string | undefined): number | undefined => {
  const v = s ? Date.parse(s) : NaN;
  return Number.isFinite(v) ? v : undefined;
};

/** The critical path through a workflow's nodes (empty when no step has started). */
export function criticalPath(
  nodes: Record<string, ArgoNode>,
  workflowStart: string | undefined,
  now: Date,
): CriticalPath {
  const all = Object.values(nodes);
  const preds = new Map<string, string[]>();
  for (const n of all)
    for (const c of n.children ?? []) {
      const list = preds.get(c);
      if (list) list.push(n.id);
      else preds.set(c, [n.id]);
    }
  const endOf = (n: ArgoNode) => t(n.finishedAt) ?? now.getTime();
  const steps = all.filter((n) => RUNS.has(n.type ?? '') && t(n.startedAt) !== undefined);
  if (!steps.length) return { steps: [], waitingMs: 0, runningMs: 0 };
  let current: ArgoNode | undefined = steps.reduce((a, b) => (endOf(b) > endOf(a) ? b : a));
  const chain: ArgoNode[] = [];
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.unshift(current);
    const start = t(current.startedAt)!;
    // Every node before this one in the graph, then the step among them that ended last before it began.
    const before = new Set<string>();
    const queue = [...(preds.get(current.id) ?? [])];
    while (queue.length) {
      const id = queue.pop()!;
      if (before.has(id)) continue;
      before.add(id);
      queue.push(...(preds.get(id) ?? []));
    }
    let best: ArgoNode | undefined;
    for (const id of before) {
      const n = nodes[id];
      if (!n || !RUNS.has(n.type ?? '') || seen.has(n.id)) continue;
      const end = t(n.finishedAt);
      if (end === undefined || end > start + SKEW_MS) continue;
      if (!best || end > t(best.finishedAt)!) best = n;
    }
    current = best;
  }
  let prevEnd = t(workflowStart) ?? t(chain[0]!.startedAt)!;
  const out: PathStep[] = chain.map((node) => {
    const start = t(node.startedAt)!;
    const step = { node, waitedMs: Math.max(0, start - prevEnd), ranMs: Math.max(0, endOf(node) - start) };
    prevEnd = endOf(node);
    return step;
  });
  return {
    steps: out,
    waitingMs: out.reduce((n, s) => n + s.waitedMs, 0),
    runningMs: out.reduce((n, s) => n + s.ranMs, 0),
  };
}
