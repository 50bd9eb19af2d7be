// Runs of the CronWorkflow nightly-etl for the run-history tests: finished DAG runs of about 40 minutes, a slow one,
// and pods whose conditions say how long each step waited to be scheduled and to pull its images.
import type { ArgoNode } from '../../src/core/model/argoNode';
import { recordFromWorkflow, type RunRecord } from '../../src/core/model/runRecord';
import type { Workflow } from '../../src/core/model/workflow';

export const MIN = 60_000;
export const DAY0 = Date.parse('2026-11-01T02:00:00Z');
export const iso = (ms: number) => new Date(ms).toISOString();

export interface StepPlan {
  name: string;
  /** Minutes after the run's start. */
  at: number;
  min: number;
}

/** A finished DAG run of the CronWorkflow nightly-etl on day `day`, one Pod node per step. */
export function run(day: number, steps: StepPlan[], phase = 'Succeeded', over: { queuedMin?: number } = {}): Workflow {
  const name = `nightly-etl-${1000 + day}`;
  const start = DAY0 + day * 86_400_000;
  const end = start + Math.max(...steps.map((s) => (s.at + s.min) * MIN)) + MIN;
  const nodes: Record<string, ArgoNode> = {
    [name]: { id: name, name, displayName: name, type: 'DAG', templateName: 'main', phase, startedAt: iso(start) },
  };
  for (const s of steps) {
    const id = `${name}-${s.name}`;
    nodes[id] = {
      id,
      name: `${name}.${s.name}`,
      displayName: s.name,
      type: 'Pod',
      templateName: s.name,
      boundaryID: name,
      phase: 'Succeeded',
      startedAt: iso(start + (s.at + (over.queuedMin ?? 0)) * MIN),
      finishedAt: iso(start + (s.at + (over.queuedMin ?? 0) + s.min) * MIN),
    };
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: 'argo',
      uid: `uid-${day}`,
      creationTimestamp: iso(start),
      labels: { 'workflows.argoproj.io/cron-workflow': 'nightly-etl' },
    },
    status: {
      phase: phase as 'Succeeded',
      startedAt: iso(start),
      finishedAt: iso(end + (over.queuedMin ?? 0) * MIN),
      nodes,
    },
  };
}

export const usualSteps = (jitter = 0): StepPlan[] => [
  { name: 'extract', at: 0, min: 10 + jitter },
  { name: 'transform', at: 11 + jitter, min: 15 },
  { name: 'load-warehouse', at: 27 + jitter, min: 12 },
];

/** Ten earlier runs of about 40 minutes (39 to 41), as records. */
export const history = (withPods = false): RunRecord[] =>
  Array.from({ length: 10 }, (_, i) => {
    const wf = run(i, usualSteps((i % 3) - 1));
    return recordFromWorkflow(wf, withPods ? podsOf(wf, { scheduleMin: 1 }) : [])!;
  });

/** Pods for every Pod node: created 10 s after the node starts, scheduled after `scheduleMin`, running 30 s later. */
export function podsOf(wf: Workflow, opts: { scheduleMin: number; only?: string; pullMin?: number }): unknown[] {
  return Object.values(wf.status!.nodes!)
    .filter((n) => n.type === 'Pod' && (!opts.only || n.displayName === opts.only))
    .map((n) => {
      const start = Date.parse(n.startedAt!);
      const scheduled = start + 10_000 + opts.scheduleMin * MIN;
      const initialised = scheduled + 10_000;
      const mainStart = initialised + (opts.pullMin ?? 0) * MIN + 20_000;
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `pod-${n.id}`,
          namespace: wf.metadata?.namespace,
          labels: { 'workflows.argoproj.io/workflow': wf.metadata?.name ?? '' },
          creationTimestamp: iso(start + 10_000),
          annotations: { 'workflows.argoproj.io/node-id': n.id },
        },
        status: {
          conditions: [
            { type: 'PodScheduled', status: 'True', lastTransitionTime: iso(scheduled) },
            { type: 'Initialized', status: 'True', lastTransitionTime: iso(initialised) },
          ],
          containerStatuses: [
            {
              name: 'main',
              state: { terminated: { startedAt: iso(mainStart), finishedAt: n.finishedAt } },
            },
          ],
        },
      };
    });
}

/** The latest run: load-warehouse waited 65 minutes to be scheduled, then ran as long as usual. */
export function slowRun(): Workflow {
  return run(20, [
    { name: 'extract', at: 0, min: 10 },
    { name: 'transform', at: 11, min: 15 },
    { name: 'load-warehouse', at: 27, min: 12 + 66 },
  ]);
}
