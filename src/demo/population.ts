import { BigWorkflow } from './bigWorkflow';
import { RenderedEntry } from './entry';
import { FinishedTemplate } from './finishedWorkflow';
import type { ObjectStore } from './store';
import type { KubeObject } from './world';

/** Extra finished workflows to start the demo cluster with, for scale tests and benchmarks. */
export interface PopulationOptions {
  /** How many workflows. */
  workflows: number;
  /** Nodes in each workflow's status (the root included). */
  nodes: number;
  /** Default "argo". */
  namespace?: string;
  /** Workflow names are PREFIX-00000, PREFIX-00001, ...; default "scale". */
  prefix?: string;
  /**
   * Also one huge finished, Failed workflow of this many nodes (at least MIN_BIG_NODES), named PREFIX-big: nested
   * DAGs, fan-outs of thousands of pods, retries (`--big-workflow N`).
   */
  bigWorkflow?: number;
}

const HOUR_MS = 3_600_000;
/** Workflows start every 10 minutes, going back from the hour before `now`. */
const PER_HOUR = 6;

/**
 * Loads `workflows` finished workflows of `nodes` nodes each into the store, without watch events: every fifth one
 * failed, DAGs and steps alternating, one every 10 minutes going back in time. The objects share a few templates
 * and are rendered when read, so 10,000 workflows of 200 nodes take seconds and little memory. With `bigWorkflow`,
 * one huge workflow (./bigWorkflow.ts) comes after them, also rendered when read.
 */
export function populate(store: ObjectStore, opts: PopulationOptions, now: Date): void {
  const count = Math.max(0, Math.floor(opts.workflows));
  const namespace = opts.namespace ?? 'argo';
  const prefix = opts.prefix ?? 'scale';
  const digits = Math.max(5, String(count - 1).length);
  const baseHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const templates = new Map<string, FinishedTemplate>();
  const template = (i: number) => {
    const shape = {
      nodes: opts.nodes,
      kind: i % 2 ? ('steps' as const) : ('dag' as const),
      failed: i % 5 === 3,
      startSecond: (i % PER_HOUR) * 600,
    };
    const k = `${shape.kind}/${shape.failed}/${shape.startSecond}`;
    let t = templates.get(k);
    if (!t) templates.set(k, (t = new FinishedTemplate(shape)));
    return t;
  };
  const big = opts.bigWorkflow
    ? new BigWorkflow(`${prefix}-big`, opts.bigWorkflow, new Date(baseHour - 3 * HOUR_MS + 17 * 60_000))
    : undefined;
  store.load('Workflow', count + (big ? 1 : 0), (i, resourceVersion) => {
    if (big && i === count) return bigEntry(big, namespace, resourceVersion);
    const t = template(i);
    const name = `${prefix}-${String(i).padStart(digits, '0')}`;
    const hour = new Date(baseHour - (Math.floor(i / PER_HOUR) + 1) * HOUR_MS).toISOString().slice(0, 14);
    const created = `${hour}${String(Math.floor(t.startSecond / 60)).padStart(2, '0')}:${String(t.startSecond % 60).padStart(2, '0')}Z`;
    const metadata: KubeObject['metadata'] = {
      name,
      namespace,
      uid: `5ca1e000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      resourceVersion,
      generation: 4,
      creationTimestamp: created,
      labels: {
        'workflows.argoproj.io/completed': 'true',
        'workflows.argoproj.io/phase': t.phase,
      },
      annotations: { 'workflows.argoproj.io/pod-name-format': 'v2' },
    };
    return new RenderedEntry(metadata, () =>
      t.render(
        `"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":${JSON.stringify(metadata)},`,
        name,
        hour,
      ),
    );
  });
}

function bigEntry(big: BigWorkflow, namespace: string, resourceVersion: string): RenderedEntry {
  const metadata: KubeObject['metadata'] = {
    name: big.name,
    namespace,
    uid: '5ca1e000-0000-4000-8000-b16000000000',
    resourceVersion,
    generation: 9,
    creationTimestamp: big.created,
    labels: {
      'workflows.argoproj.io/completed': 'true',
      'workflows.argoproj.io/phase': big.phase,
    },
    annotations: { 'workflows.argoproj.io/pod-name-format': 'v2' },
  };
  const head = `"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":${JSON.stringify(metadata)},`;
  return new RenderedEntry(metadata, () => big.render(head));
}
