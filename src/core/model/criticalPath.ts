// The critical path of a workflow: the chain of steps that set its end, found backwards from the step that ended
// last through what each one waited for (the step before it in Argo's graph that ended latest before it began),
// with the time spent between steps (waiting) and in them (running).
import type { ArgoNode } from './argoNode';
import { timeParser } from './isoTime';

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

/** The critical path through a workflow's nodes (empty when no step has started). */
export function criticalPath(
  nodes: Record<string, ArgoNode>,
  workflowStart: string | undefined,
  now: Date,
  t: (s: unknown) => number | undefined = timeParser(),
): CriticalPath {
  const preds = new Map<string, string[]>();
  const steps: ArgoNode[] = [];
  for (const id in nodes) {
    const n = nodes[id];
    if (!n || typeof n !== 'object') continue;
    if (RUNS.has(n.type ?? '') && t(n.startedAt) !== undefined) steps.push(n);
    if (!Array.isArray(n.children)) continue;
    const retry = n.type === 'Retry';
    n.children.forEach((c, i) => {
      if (typeof c !== 'string') return;
      const list = preds.get(c) ?? [];
      list.push(id);
      // A retry's attempts run one after another: each waited for the one before it (its run is not waiting).
      const before = retry && i > 0 ? n.children![i - 1] : undefined;
      if (typeof before === 'string') list.push(before);
      preds.set(c, list);
    });
  }
  const endOf = (n: ArgoNode) => t(n.finishedAt) ?? now.getTime();
  if (!steps.length) return { steps: [], waitingMs: 0, runningMs: 0 };
  let current: ArgoNode | undefined = steps.reduce((a, b) => (endOf(b) > endOf(a) ? b : a));
  const chain: ArgoNode[] = [];
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.push(current);
    current = preds.has(current.id)
      ? waitedFor(current, nodes, preds, seen, t)
      : // No step before it in the graph (the exit handler, which Argo runs once the rest has ended): the step
        // that ended last before it began.
        latestBefore(t(current.startedAt)!, steps, seen, t);
  }
  chain.reverse();
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

function latestBefore(
  start: number,
  steps: ArgoNode[],
  seen: Set<string>,
  t: (s: unknown) => number | undefined,
): ArgoNode | undefined {
  let best: ArgoNode | undefined;
  let bestEnd = -Infinity;
  for (const n of steps) {
    const end = t(n.finishedAt);
    if (end === undefined || end > start + SKEW_MS || end <= bestEnd || seen.has(n.id)) continue;
    best = n;
    bestEnd = end;
  }
  return best;
}

/**
 * The step a step waited for: among the steps before it in the graph that ended before it began, the one that ended
 * last. The search goes back through the graph and stops at each such step: the steps before it ended before it
 * began, so they cannot have ended later. Each step of the chain looks at its nearest predecessors only, so a chain
 * of 10,000 steps is found in one pass, not in 10,000 walks of everything before it.
 */
function waitedFor(
  step: ArgoNode,
  nodes: Record<string, ArgoNode>,
  preds: Map<string, string[]>,
  seen: Set<string>,
  t: (s: unknown) => number | undefined,
): ArgoNode | undefined {
  const start = t(step.startedAt)!;
  const visited = new Set<string>();
  const queue = [...(preds.get(step.id) ?? [])];
  let best: ArgoNode | undefined;
  let bestEnd = -Infinity;
  while (queue.length) {
    const id = queue.pop()!;
    if (visited.has(id)) continue;
    visited.add(id);
    const n = nodes[id];
    if (n && typeof n === 'object' && RUNS.has(n.type ?? '') && !seen.has(n.id)) {
      const end = t(n.finishedAt);
      if (end !== undefined && end <= start + SKEW_MS) {
        if (end > bestEnd) {
          best = n;
          bestEnd = end;
        }
        continue;
      }
    }
    for (const p of preds.get(id) ?? []) queue.push(p);
  }
  return best;
}
