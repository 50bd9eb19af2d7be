// The insights the workflow panel lists above its timeline, from what the workflow object and its timeline hold (no
// cluster reads, no full diagnosis: they are worked out again on every change of a live workflow). Each source is a
// function of the same input, so another module can add its own (e.g. a run much slower than its history).
import type { ArgoNode } from '../model/argoNode';
import { failedStepOf } from '../model/failedStep';
import type { Insight } from '../model/insight';
import { workflowNodes } from '../model/nodes';
import { byStart, firstByStart } from '../model/nodeOrder';
import { isActive, isFailed } from '../model/phase';
import { formatDuration } from '../model/present';
import type { Workflow } from '../model/workflow';
import type { WorkflowTimeline } from '../model/workflowTimeline';
import { waitingOf } from './waitingRow';

export interface InsightInput {
  workflow: Workflow;
  timeline: WorkflowTimeline;
  now: Date;
  /** The Kubernetes nodes known to be spot or preemptible (read with their zones). */
  spotNodes?: ReadonlySet<string>;
}

/** One kind of insight: what it finds about a workflow (nothing, often). */
export type InsightSource = (input: InsightInput) => Insight[];

/** Steps asked what they wait for, at most (each is a small diagnosis). */
const MAX_WAITING_CHECKS = 20;

const nameOf = (n: ArgoNode) => n.displayName ?? n.name ?? n.id;
const firstLine = (s: string) => s.split('\n', 1)[0]!.trim();

/** The step that failed (the one Explain would explain), with Argo's message. */
export const failedInsight: InsightSource = ({ workflow }) => {
  if (!isFailed(workflow.status?.phase)) return [];
  const step = failedStepOf(workflow);
  const wfMessage = typeof workflow.status?.message === 'string' ? firstLine(workflow.status.message) : '';
  if (!step)
    return [
      {
        id: 'failed:workflow',
        severity: 'error',
        title: `The workflow ${workflow.status?.phase === 'Error' ? 'errored' : 'failed'} before any step failed`,
        detail: wfMessage || 'Argo gave no message.',
      },
    ];
  const nodes = workflowNodes(workflow);
  const attempts =
    step.type === 'Retry' && Array.isArray(step.children) && nodes.kind === 'nodes'
      ? step.children.filter((c) => isFailed(nodes.nodes[c]?.phase))
      : [];
  // A retry node's own message is "No more retries left": the last attempt's says what went wrong.
  const last = attempts.length && nodes.kind === 'nodes' ? nodes.nodes[attempts[attempts.length - 1]!] : undefined;
  const message = firstLine(String(last?.message ?? step.message ?? '')) || wfMessage;
  return [
    {
      id: `failed:${step.id}`,
      severity: 'error',
      title: `${nameOf(step)} ${step.phase === 'Error' ? 'errored' : 'failed'}${attempts.length > 1 ? ` on all ${attempts.length} attempts` : ''}`,
      detail: `${message ? `Argo: ${message}. ` : ''}Open the step and Explain Failure for the cause and the fix.`,
      nodeId: step.id,
    },
  ];
};

/** What the workflow, and its steps that have not started, wait for (a lock, a limit, a node, a person). */
export const waitingInsights: InsightSource = ({ workflow, now }) => {
  if (!isActive(workflow.status?.phase) && workflow.status?.phase) return [];
  const out: Insight[] = [];
  const whole = waitingOf(workflow, undefined, now);
  const nodes = workflowNodes(workflow);
  const candidates =
    nodes.kind !== 'nodes'
      ? []
      : firstByStart(
          Object.values(nodes.nodes),
          (n) =>
            !!n &&
            typeof n === 'object' &&
            ((n.type === 'Pod' && n.phase === 'Pending') ||
              ((n.type === 'Suspend' || n.type === 'Retry') && n.phase === 'Running')),
          MAX_WAITING_CHECKS,
        );
  // Steps that wait for the same thing make one insight.
  const byCause = new Map<string, ArgoNode[]>();
  for (const n of candidates) {
    const line = waitingOf(workflow, n, now);
    if (!line) continue;
    const list = byCause.get(line);
    if (list) list.push(n);
    else byCause.set(line, [n]);
  }
  // The whole workflow waits (for a lock, a slot): on its own, or for what its steps wait for.
  if (whole && !byCause.has(whole))
    out.push({ id: 'waiting:workflow', severity: 'warning', title: `The workflow is ${whole}`, detail: waitDetail });
  for (const [line, steps] of byCause) {
    const first = steps.sort(byStart)[0]!;
    out.push({
      id: `waiting:${first.id}`,
      severity: 'warning',
      title:
        steps.length > 1
          ? `${nameOf(first)} and ${steps.length - 1} more step(s) are ${line}`
          : `${nameOf(first)} is ${line}`,
      detail: waitDetail,
      nodeId: first.id,
    });
  }
  return out;
};

const waitDetail = 'Open the step and Explain for the evidence (who holds it, what limits it) and what to do.';

/** The critical path: the chain of steps that set the workflow's end, and how much of it was spent waiting. */
export const criticalPathInsight: InsightSource = ({ timeline }) => {
  const c = timeline.critical;
  if (!c.steps) return [];
  let longest: { nodeId: string; label: string; ms: number } | undefined;
  for (const r of timeline.rows)
    for (const s of r.segments)
      if (s.critical && (!longest || s.end - s.start > longest.ms))
        longest = { nodeId: s.nodeId, label: r.label, ms: s.end - s.start };
  const total = c.waitingMs + c.runningMs;
  const share = total > 0 ? Math.round((c.waitingMs / total) * 100) : 0;
  return [
    {
      id: 'critical-path',
      severity: share >= 50 && c.waitingMs >= 60_000 ? 'warning' : 'info',
      title: `Critical path: ${c.steps} step(s), ${formatDuration(c.runningMs)} running, ${formatDuration(c.waitingMs)} waiting between steps (${share}%)`,
      detail: `${longest ? `The longest step on it: ${longest.label} (${formatDuration(longest.ms)}). ` : ''}Waiting is the time from one step's end to the next one's start: the controller, scheduling, image pulls, locks and limits. Outlined on the timeline.`,
      ...(longest ? { nodeId: longest.nodeId } : {}),
    },
  ];
};

/** Pods of the workflow that no longer exist: how many, and why. */
export const goneInsight: InsightSource = ({ timeline }) => {
  if (!timeline.gone) return [];
  const whys = new Map<string, number>();
  let first: { nodeId: string; failed: boolean; start: number } | undefined;
  for (const r of timeline.rows)
    for (const s of r.segments) {
      if (s.gone === undefined) continue;
      // "…; its evidence was recorded when it failed" is the same reason for this count.
      const why = s.gone.split('; ', 1)[0]!;
      whys.set(why, (whys.get(why) ?? 0) + 1);
      const failed = isFailed(s.phase);
      // Link to the first failed step whose pod is gone, else the first gone.
      if (!first || (failed && !first.failed) || (failed === first.failed && s.start < first.start))
        first = { nodeId: s.nodeId, failed, start: s.start };
    }
  const reasons = [...whys].sort((a, b) => b[1] - a[1]);
  return [
    {
      id: 'gone',
      severity: 'info',
      title: `${timeline.gone} pod(s) of this workflow no longer exist`,
      detail: `${reasons
        .slice(0, 3)
        .map(([why, n]) => `${n}: ${why}`)
        .join(
          '; ',
        )}${reasons.length > 3 ? '; …' : ''}. Their logs and events are gone from the cluster; hatched on the timeline.`,
      ...(first ? { nodeId: first.nodeId } : {}),
    },
  ];
};

/** The insights every workflow panel lists, in this order. */
export const builtinInsightSources: readonly InsightSource[] = [
  failedInsight,
  waitingInsights,
  criticalPathInsight,
  goneInsight,
];

/** Every source's insights; a source that throws is skipped (one bad source must not empty the list). */
export function workflowInsights(input: InsightInput, sources: readonly InsightSource[]): Insight[] {
  const out: Insight[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    let found: Insight[];
    try {
      found = source(input);
    } catch {
      continue;
    }
    for (const i of found)
      if (!seen.has(i.id)) {
        seen.add(i.id);
        out.push(i);
      }
  }
  return out;
}
