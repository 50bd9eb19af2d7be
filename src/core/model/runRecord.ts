// One finished run of a WorkflowTemplate or CronWorkflow, reduced to names, timings and the resources it used: what
// the run history keeps and compares. Built from a whole workflow (and its pods, when they are still there); never
// holds parameter values, environment, logs or messages, so it can be stored on disk as is.
import type { ArgoNode } from './argoNode';
import { runUsage, type RunUsage, type Usage } from './cost';
import { arr, optStr, rec, str } from './json';
import { workflowNodes } from './nodes';
import { podNameOfNode } from './podName';
import { stepTimeline } from './stepTimeline';
import type { Workflow } from './workflow';

/** Argo's labels on a run, most specific first (workflow/common/common.go, LabelKey…). */
export const LABEL_CRON_WORKFLOW = 'workflows.argoproj.io/cron-workflow';
export const LABEL_WORKFLOW_TEMPLATE = 'workflows.argoproj.io/workflow-template';
export const LABEL_CLUSTER_WORKFLOW_TEMPLATE = 'workflows.argoproj.io/cluster-workflow-template';

export type TemplateKind = 'CronWorkflow' | 'WorkflowTemplate' | 'ClusterWorkflowTemplate';

/** What a run was made from; namespace '' for a ClusterWorkflowTemplate. */
export interface TemplateRef {
  kind: TemplateKind;
  namespace: string;
  name: string;
}

/** Where a step's time went, in the four words the history compares. */
export type RunPhase = 'queueing' | 'scheduling' | 'pulling' | 'running';
export const RUN_PHASES: readonly RunPhase[] = ['queueing', 'scheduling', 'pulling', 'running'];

export interface StepRecord {
  /** Stable across runs: the display names from the workflow's template down, without retry or fan-out indices. */
  key: string;
  /** From the first attempt's start to the last one's end (a fan-out: its first item's start to its last's end). */
  ms: number;
  /** Pods (or suspends) under this key: fan-out items and retry attempts. */
  count: number;
  /**
   * From the pods, when they were read: per phase, the longest any one of them spent in it (a fan-out is as slow as
   * its slowest item).
   */
  phases?: Partial<Record<RunPhase, number>>;
  /** The node of this run that took longest under this key (the step panel opens it). */
  nodeId?: string;
}

export interface RunRecord {
  name: string;
  uid: string;
  namespace: string;
  template: TemplateRef;
  phase: string;
  created?: string;
  started?: string;
  finished?: string;
  /** finished - started, as Argo counts a workflow's duration. */
  totalMs?: number;
  /** From the workflow's creation (or start) to its first step's start. */
  queuedMs?: number;
  steps: StepRecord[];
  /**
   * What its pod steps used (CPU, memory, GPU seconds; the part on spot nodes apart), whatever the prices: its cost
   * is priced from this when shown. Absent in records written before it was kept, or without node status.
   */
  usage?: RunUsage;
}

/** The template a run belongs to, by Argo's labels (a CronWorkflow's runs first: their schedule is the history). */
export function templateRefOf(wf: Workflow | undefined): TemplateRef | undefined {
  const labels = wf?.metadata?.labels ?? {};
  const ns = wf?.metadata?.namespace ?? '';
  const cron = labels[LABEL_CRON_WORKFLOW];
  if (cron) return { kind: 'CronWorkflow', namespace: ns, name: cron };
  const wt = labels[LABEL_WORKFLOW_TEMPLATE];
  if (wt) return { kind: 'WorkflowTemplate', namespace: ns, name: wt };
  const cwt = labels[LABEL_CLUSTER_WORKFLOW_TEMPLATE];
  if (cwt) return { kind: 'ClusterWorkflowTemplate', namespace: '', name: cwt };
  return undefined;
}

/** "CronWorkflow/argo/nightly-etl": one history per key. */
export function templateKey(t: TemplateRef): string {
  return `${t.kind}/${t.namespace}/${t.name}`;
}

/** The label that selects a template's runs, and its value. */
export function templateLabel(t: TemplateRef): [string, string] {
  const key =
    t.kind === 'CronWorkflow'
      ? LABEL_CRON_WORKFLOW
      : t.kind === 'WorkflowTemplate'
        ? LABEL_WORKFLOW_TEMPLATE
        : LABEL_CLUSTER_WORKFLOW_TEMPLATE;
  return [key, t.name];
}

/** A display name without Argo's indices: "train(3:{…})" (fan-out item), "score(1)" (retry attempt) → the name. */
export function stripIndices(name: string): string {
  let s = name;
  for (let i = 0; i < 4; i++) {
    const m = /\(\d+(?::[\s\S]*)?\)$/.exec(s);
    if (!m || m.index === 0) break;
    s = s.slice(0, m.index);
  }
  return s;
}

/** Node types that take time of their own. */
const TIMED = new Set(['Pod', 'Suspend']);

/**
 * The stable key of a step: the display names of the templates it runs inside (by boundaryID, the workflow's own
 * left out), then its own, each without indices; repeats (a Retry and its attempts, a TaskGroup and its items)
 * merged.
 */
export function stepKeyOf(node: ArgoNode, nodes: Record<string, ArgoNode>, rootId: string): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  let n: ArgoNode | undefined = node;
  while (n && n.id !== rootId && !seen.has(n.id) && parts.length < 20) {
    seen.add(n.id);
    if (n.type !== 'StepGroup' && n.type !== 'TaskGroup') {
      const name = stripIndices(n.displayName ?? n.templateName ?? n.id);
      if (parts[0] !== name) parts.unshift(name);
    }
    n = n.boundaryID ? nodes[n.boundaryID] : undefined;
  }
  return parts.join('/') || stripIndices(node.displayName ?? node.id);
}

const time = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** The run's phases of one pod node, from its pod (and the pod's events, when given). */
function podPhases(node: ArgoNode, pod: unknown, events: unknown[]): Partial<Record<RunPhase, number>> | undefined {
  const end = node.finishedAt ? new Date(node.finishedAt) : undefined;
  if (!end || Number.isNaN(end.getTime())) return undefined;
  const t = stepTimeline(node, pod, events, end);
  if (!t) return undefined;
  const out: Partial<Record<RunPhase, number>> = {};
  const add = (p: RunPhase, ms: number) => (out[p] = (out[p] ?? 0) + ms);
  for (const s of t.segments) {
    if (s.phase === 'controller') add('queueing', s.ms);
    else if (s.phase === 'scheduling') add('scheduling', s.ms);
    else if (s.phase === 'initialising' || s.phase === 'starting') add('pulling', s.ms);
    else add('running', s.ms);
  }
  return out;
}

/**
 * The record of a finished run of a template (undefined for a workflow that is not from one, not finished, or has
 * no node status here). `pods` (the workflow's pods, still there) give each step its phases; `events` (the pods'
 * events, any order) only sharpen them; `spotNodes` (the Kubernetes nodes known to be spot or preemptible) set apart
 * the part of its usage on them.
 */
export function recordFromWorkflow(
  wf: Workflow,
  pods: unknown[] = [],
  events: unknown[] = [],
  spotNodes?: ReadonlySet<string>,
): RunRecord | undefined {
  const template = templateRefOf(wf);
  const name = wf.metadata?.name;
  if (!template || !name) return undefined;
  const status = rec(wf.status);
  const started = optStr(status.startedAt);
  const finished = optStr(status.finishedAt);
  const created = optStr(wf.metadata?.creationTimestamp);
  const s = time(started);
  const f = time(finished);
  const nodesResult = workflowNodes(wf);
  const nodes = nodesResult.kind === 'nodes' ? nodesResult.nodes : {};
  const podsByNode = new Map<string, unknown>();
  const podsByName = new Map<string, unknown>();
  for (const p of pods) {
    const meta = rec(rec(p).metadata);
    const id = str(rec(meta.annotations)['workflows.argoproj.io/node-id']);
    if (id) podsByNode.set(id, p);
    if (str(meta.name)) podsByName.set(str(meta.name), p);
  }
  const eventsByPod = new Map<string, unknown[]>();
  for (const e of events) {
    const pod = str(rec(rec(e).involvedObject).name);
    if (!pod) continue;
    const list = eventsByPod.get(pod);
    if (list) list.push(e);
    else eventsByPod.set(pod, [e]);
  }
  const rootId = Object.values(nodes).find((n) => n && !n.boundaryID && n.name === name)?.id ?? name;
  const steps = new Map<string, StepRecord & { from: number; to: number; longest: number }>();
  let firstStart: number | undefined;
  for (const n of Object.values(nodes)) {
    if (!n || typeof n !== 'object' || !TIMED.has(str(n.type))) continue;
    const a = time(n.startedAt);
    const b = time(n.finishedAt);
    if (a === undefined || b === undefined || b < a) continue;
    firstStart = firstStart === undefined ? a : Math.min(firstStart, a);
    const key = stepKeyOf(n, nodes, rootId);
    let phases: Partial<Record<RunPhase, number>> | undefined;
    if (n.type === 'Pod') {
      const pod = podsByNode.get(n.id) ?? podsByName.get(podNameOfNode(wf, n));
      if (pod) phases = podPhases(n, pod, eventsByPod.get(str(rec(rec(pod).metadata).name)) ?? []);
    }
    const step = steps.get(key);
    if (!step) {
      steps.set(key, {
        key,
        ms: b - a,
        count: 1,
        ...(phases ? { phases } : {}),
        nodeId: n.id,
        from: a,
        to: b,
        longest: b - a,
      });
      continue;
    }
    step.from = Math.min(step.from, a);
    step.to = Math.max(step.to, b);
    step.ms = step.to - step.from;
    step.count++;
    if (b - a > step.longest) {
      step.longest = b - a;
      step.nodeId = n.id;
    }
    if (phases) {
      const merged = { ...(step.phases ?? {}) };
      for (const p of RUN_PHASES) if (phases[p] !== undefined) merged[p] = Math.max(merged[p] ?? 0, phases[p]!);
      step.phases = merged;
    }
  }
  const origin = time(created) ?? s;
  // Steps still without an end in a finished run are counted up to the run's end, not to whenever this is read.
  const usage = runUsage(wf, { spotNodes, ...(f !== undefined ? { now: new Date(f) } : {}) });
  return {
    name,
    uid: wf.metadata?.uid ?? '',
    namespace: wf.metadata?.namespace ?? '',
    template,
    phase: str(status.phase),
    ...(created ? { created } : {}),
    ...(started ? { started } : {}),
    ...(finished ? { finished } : {}),
    ...(s !== undefined && f !== undefined && f >= s ? { totalMs: f - s } : {}),
    ...(origin !== undefined && firstStart !== undefined ? { queuedMs: Math.max(0, firstStart - origin) } : {}),
    steps: [...steps.values()]
      .sort((x, y) => x.from - y.from || x.key.localeCompare(y.key))
      .map(({ from: _f, to: _t, longest: _l, ...step }) => step),
    ...(usage ? { usage } : {}),
  };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const KINDS = new Set<string>(['CronWorkflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate']);

/** Usage read back: its three amounts (missing ones 0), or undefined when it has none of them. */
function normalizeUsage(v: unknown): Usage | undefined {
  const u = rec(v);
  const keys = ['cpuCoreSeconds', 'memoryGiBSeconds', 'gpuSeconds'] as const;
  if (!keys.some((k) => num(u[k]) !== undefined)) return undefined;
  return {
    cpuCoreSeconds: num(u.cpuCoreSeconds) ?? 0,
    memoryGiBSeconds: num(u.memoryGiBSeconds) ?? 0,
    gpuSeconds: num(u.gpuSeconds) ?? 0,
  };
}

const usageField = (v: unknown): { usage?: RunUsage } => {
  const all = normalizeUsage(v);
  if (!all) return {};
  const spot = normalizeUsage(rec(v).spot);
  return { usage: { ...all, ...(spot ? { spot } : {}) } };
};

/** A record read back from disk (or anywhere untrusted): what is well-formed of it, or undefined. */
export function normalizeRecord(v: unknown): RunRecord | undefined {
  const r = rec(v);
  const t = rec(r.template);
  const name = str(r.name);
  if (!name || !KINDS.has(str(t.kind)) || !str(t.name)) return undefined;
  const steps: StepRecord[] = [];
  for (const x of arr(r.steps).slice(0, 2000)) {
    const s = rec(x);
    const ms = num(s.ms);
    if (!str(s.key) || ms === undefined) continue;
    const phases: Partial<Record<RunPhase, number>> = {};
    const p = rec(s.phases);
    for (const k of RUN_PHASES) if (num(p[k]) !== undefined) phases[k] = num(p[k]);
    steps.push({
      key: str(s.key),
      ms,
      count: num(s.count) ?? 1,
      ...(Object.keys(phases).length ? { phases } : {}),
      ...(optStr(s.nodeId) ? { nodeId: str(s.nodeId) } : {}),
    });
  }
  const opt = (k: string) => (optStr(r[k]) ? { [k]: str(r[k]) } : {});
  return {
    name,
    uid: str(r.uid),
    namespace: str(r.namespace),
    template: { kind: str(t.kind) as TemplateKind, namespace: str(t.namespace), name: str(t.name) },
    phase: str(r.phase),
    ...opt('created'),
    ...opt('started'),
    ...opt('finished'),
    ...(num(r.totalMs) !== undefined ? { totalMs: num(r.totalMs) } : {}),
    ...(num(r.queuedMs) !== undefined ? { queuedMs: num(r.queuedMs) } : {}),
    steps,
    ...usageField(r.usage),
  };
}
