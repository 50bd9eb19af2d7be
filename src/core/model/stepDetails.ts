// The step panel's view model: one step of a workflow with its pod, containers, events and node, built from the
// raw API objects. Plain JSON (it crosses to the webview), every string from the cluster kept as data.
import { exitCodeMeaning } from './exitCodes';
import { stepPhaseLabel, stepTimeline } from './stepTimeline';
import type { ArgoNode } from './argoNode';
import { arr, optStr, rec, type Obj } from './json';
import { byStart, firstByStart } from './nodeOrder';
import { isFailed } from './phase';
import { formatDuration } from './present';
import { usageView, type MetricsState, type UsageSample, type UsageView } from './usage';

export interface KeyValue {
  name: string;
  value: string;
}

export interface Attempt {
  name: string;
  phase?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: string;
  hostNodeName?: string;
}

export interface StepInfo {
  id: string;
  name: string;
  displayName: string;
  type?: string;
  phase?: string;
  message?: string;
  template?: string;
  startedAt?: string;
  finishedAt?: string;
  duration?: string;
  hostNodeName?: string;
  exitCode?: string;
  exitMeaning?: string;
  /** The attempts of a retry node: the last MAX_ATTEMPTS of them. */
  attempts: Attempt[];
  /** How many attempts there were, when `attempts` holds only the last ones. */
  attemptsTotal?: number;
  /** Parameters, artifacts and result; values longer than MAX_VALUE are cut. */
  inputs: KeyValue[];
  outputs: KeyValue[];
}

export interface ContainerInfo {
  name: string;
  kind: 'init' | 'wait' | 'main' | 'sidecar';
  image?: string;
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  reason?: string;
  message?: string;
  exitCode?: number;
  exitMeaning?: string;
  restarts: number;
  lastState?: string;
  startedAt?: string;
  finishedAt?: string;
  requests?: string;
  limits?: string;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  time?: string;
}

export type PodInfo =
  | {
      state: 'present';
      name: string;
      phase?: string;
      reason?: string;
      message?: string;
      conditions: Condition[];
      qosClass?: string;
      serviceAccount?: string;
      nodeSelector: string[];
      tolerations: string[];
      affinity?: string;
      restartPolicy?: string;
      podIP?: string;
      nodeName?: string;
      containers: ContainerInfo[];
    }
  | { state: 'gone' | 'unavailable' | 'none'; name?: string; message: string };

export interface EventInfo {
  object: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  lastSeen?: string;
  age?: string;
}

export interface Banner {
  severity: 'error' | 'warning';
  text: string;
}

export type NodeInfo =
  | {
      state: 'present';
      name: string;
      conditions: Condition[];
      taints: string[];
      zone?: string;
      region?: string;
      instanceType?: string;
      allocatable: KeyValue[];
      /** What this step's pod requests, to compare with allocatable. */
      requested: KeyValue[];
      banners: Banner[];
    }
  | { state: 'gone' | 'forbidden' | 'unavailable' | 'none'; name?: string; message: string };

export interface Placement {
  step: string;
  nodeId: string;
  phase?: string;
  node?: string;
  zone?: string;
}

export interface StepSnapshot {
  workflow: { name: string; namespace: string; phase?: string; podGC?: string };
  step: StepInfo;
  pod: PodInfo;
  events: EventInfo[];
  node: NodeInfo;
  /**
   * Where the workflow's pod steps ran, in start order: all of them, or MAX_PLACEMENT chosen ones when there are
   * more (this step, one per host node, failed ones, then the first to start).
   */
  placement: Placement[];
  /** How many pod steps the workflow has, when `placement` shows only some of them. */
  placementTotal?: number;
  /** Distinct zones the workflow's steps ran in (more than one deserves a look when volumes are zonal). */
  zones: string[];
  takenAt: string;
  /** Where a pod step's time went (controller, scheduling, init, start, run, finish), from its pod and events. */
  timeline?: TimelineView;
  /** Set when the pod is gone and its details come from evidence recorded when the step failed. */
  recordedAt?: string;
  /** Requested vs used, for a pod step: metrics API samples, else what Argo recorded. */
  usage?: UsageView;
}

export interface TimelineView {
  segments: { phase: string; label: string; ms: number }[];
  /** Images pulled for the pod, with how long each took when the kubelet said (0: already on the node). */
  pulls: { image: string; ms?: number }[];
  waitingMs: number;
  runningMs: number;
}

/** Lookup results of the cluster reads; `undefined` object with a reason when the read failed. */
export type Read<T> = { ok: true; value: T } | { ok: false; kind: 'notFound' | 'forbidden' | 'other'; message: string };

export interface StepInputs {
  workflow: Obj;
  nodes: Record<string, ArgoNode>;
  nodeId: string;
  podName: string;
  pod: Read<Obj> | undefined;
  podEvents: Obj[];
  node: Read<Obj> | undefined;
  nodeEvents: Obj[];
  /** Host nodes of the workflow's steps (for zones), by name. */
  hostNodes: Map<string, Obj>;
  now: Date;
  /** The metrics API samples kept for the step, and what the metrics API last answered. */
  usage?: { samples: readonly UsageSample[]; metrics?: MetricsState };
}

/**
 * Rows of "Where the workflow ran" at most: the snapshot crosses to the webview on every refresh, and a workflow
 * may have 100,000 pods.
 */
export const MAX_PLACEMENT = 50;
/** Attempts of a retry node shown at most (the last ones). */
export const MAX_ATTEMPTS = 50;
/** Events shown at most (the newest, after repeated ones are merged). */
export const MAX_EVENTS = 100;
/** Characters of a parameter or result value shown at most. */
export const MAX_VALUE = 4096;

/** A value cut to MAX_VALUE characters, saying how much was left out. */
function bounded(v: string): string {
  return v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE)}… (${v.length - MAX_VALUE} more characters)` : v;
}

const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const INSTANCE = 'node.kubernetes.io/instance-type';

function params(v: unknown): KeyValue[] {
  const o = rec(v);
  const ps = arr(o.parameters)
    .map((p) => rec(p))
    .filter((p) => optStr(p.name))
    .map((p) => ({
      name: optStr(p.name)!,
      value: bounded(optStr(p.value) ?? optStr(rec(p.valueFrom).default) ?? ''),
    }));
  const as = arr(o.artifacts)
    .map((a) => rec(a))
    .filter((a) => optStr(a.name))
    .map((a) => ({
      name: `artifact ${optStr(a.name)}`,
      value: bounded(
        optStr(rec(a.s3).key) ?? optStr(a.path) ?? optStr(rec(a.gcs).key) ?? optStr(rec(a.http).url) ?? '',
      ),
    }));
  const result = optStr(o.result) !== undefined ? [{ name: 'result', value: bounded(optStr(o.result)!) }] : [];
  return [...ps, ...as, ...result];
}

function stepInfo(nodes: Record<string, ArgoNode>, id: string): StepInfo {
  const n = nodes[id] ?? ({ id } as ArgoNode);
  const exitCode = optStr(n.outputs?.exitCode);
  const children = n.type === 'Retry' ? (n.children ?? []) : [];
  const attempts = children.slice(-MAX_ATTEMPTS).flatMap((c) => {
    const a = nodes[c];
    return a
      ? [
          {
            name: a.displayName ?? a.name ?? c,
            phase: a.phase,
            message: a.message,
            startedAt: a.startedAt,
            finishedAt: a.finishedAt,
            exitCode: optStr(a.outputs?.exitCode),
            hostNodeName: a.hostNodeName,
          },
        ]
      : [];
  });
  const start = n.startedAt ? Date.parse(n.startedAt) : NaN;
  const end = n.finishedAt ? Date.parse(n.finishedAt) : NaN;
  return {
    id,
    name: n.name ?? id,
    displayName: n.displayName ?? n.name ?? id,
    type: n.type,
    phase: n.phase,
    message: n.message,
    template: n.templateName ?? n.templateRef?.template,
    startedAt: n.startedAt,
    finishedAt: n.finishedAt,
    duration: Number.isNaN(start) || Number.isNaN(end) ? undefined : formatDuration(end - start),
    hostNodeName: n.hostNodeName,
    exitCode,
    exitMeaning:
      exitCode !== undefined
        ? exitCodeMeaning(Number(exitCode), /OOMKilled/.test(n.message ?? '') ? 'OOMKilled' : undefined)
        : undefined,
    attempts,
    ...(children.length > MAX_ATTEMPTS ? { attemptsTotal: children.length } : {}),
    inputs: params(n.inputs),
    outputs: params(n.outputs),
  };
}

function quantities(v: unknown): string | undefined {
  const e = Object.entries(rec(v)).map(([k, q]) => `${k}=${optStr(q) ?? ''}`);
  return e.length ? e.join(', ') : undefined;
}

function containerInfo(spec: Obj, status: Obj | undefined, kind: ContainerInfo['kind']): ContainerInfo {
  const s = rec(status);
  const state = rec(s.state);
  const which = state.terminated ? 'terminated' : state.running ? 'running' : state.waiting ? 'waiting' : 'unknown';
  const detail = rec(state[which]);
  const code = typeof detail.exitCode === 'number' ? detail.exitCode : undefined;
  const last = rec(rec(s.lastState).terminated);
  const resources = rec(spec.resources);
  return {
    name: optStr(spec.name) ?? optStr(s.name) ?? '?',
    kind,
    image: optStr(spec.image) ?? optStr(s.image),
    state: which,
    reason: optStr(detail.reason),
    message: optStr(detail.message),
    exitCode: code,
    exitMeaning: exitCodeMeaning(code, optStr(detail.reason)),
    restarts: typeof s.restartCount === 'number' ? s.restartCount : 0,
    lastState: Object.keys(last).length
      ? `terminated: ${optStr(last.reason) ?? ''} (exit ${optStr(last.exitCode) ?? '?'})${optStr(last.finishedAt) ? ` at ${optStr(last.finishedAt)}` : ''}`
      : undefined,
    startedAt: optStr(detail.startedAt),
    finishedAt: optStr(detail.finishedAt),
    requests: quantities(resources.requests),
    limits: quantities(resources.limits),
  };
}

function conditions(v: unknown): Condition[] {
  return arr(v)
    .map((c) => rec(c))
    .map((c) => ({
      type: optStr(c.type) ?? '?',
      status: optStr(c.status) ?? '?',
      reason: optStr(c.reason),
      message: optStr(c.message),
      time: optStr(c.lastTransitionTime) ?? optStr(c.lastHeartbeatTime),
    }));
}

function podInfo(
  name: string,
  read: Read<Obj> | undefined,
  step: StepInfo,
  workflow: StepSnapshot['workflow'],
): PodInfo {
  if (!read)
    return step.type === 'Pod'
      ? { state: 'unavailable', name, message: 'Not connected: the pod cannot be read.' }
      : { state: 'none', message: `A ${step.type ?? 'group'} node runs no pod of its own: open one of its steps.` };
  if (!read.ok) {
    if (read.kind !== 'notFound')
      return {
        state: 'unavailable',
        name,
        message:
          read.kind === 'forbidden'
            ? `You are not allowed to read pods here: ${read.message}`
            : `Cannot read the pod: ${read.message}`,
      };
    if (!step.startedAt && (step.phase === 'Pending' || !step.phase))
      return { state: 'gone', name, message: `Pod ${name} does not exist yet: the step has not started.` };
    const why = workflow.podGC
      ? `The workflow's podGC strategy (${workflow.podGC}) deletes pods after they finish.`
      : 'It was deleted (by pod garbage collection, a workflow deletion, or a node drain).';
    const when = step.finishedAt ? ` The step finished at ${step.finishedAt}.` : '';
    return {
      state: 'gone',
      name,
      message: `Pod ${name} no longer exists. ${why}${when} Still available: the step's phase, message and exit code from the workflow status, and events for about an hour after they happen.`,
    };
  }
  const pod = read.value;
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const statuses = new Map<string, Obj>();
  for (const s of [...arr(status.initContainerStatuses), ...arr(status.containerStatuses)].map(rec))
    statuses.set(optStr(s.name) ?? '', s);
  const kindOf = (n: string): ContainerInfo['kind'] => (n === 'main' ? 'main' : n === 'wait' ? 'wait' : 'sidecar');
  const containers = [
    ...arr(spec.initContainers)
      .map(rec)
      .map((c) => containerInfo(c, statuses.get(optStr(c.name) ?? ''), 'init')),
    ...arr(spec.containers)
      .map(rec)
      .map((c) => containerInfo(c, statuses.get(optStr(c.name) ?? ''), kindOf(optStr(c.name) ?? ''))),
  ];
  const order = { init: 0, main: 1, wait: 2, sidecar: 3 };
  containers.sort((a, b) => order[a.kind] - order[b.kind]);
  const affinity = rec(spec.affinity);
  return {
    state: 'present',
    name,
    phase: optStr(status.phase),
    reason: optStr(status.reason),
    message: optStr(status.message),
    conditions: conditions(status.conditions),
    qosClass: optStr(status.qosClass),
    serviceAccount: optStr(spec.serviceAccountName),
    nodeSelector: Object.entries(rec(spec.nodeSelector)).map(([k, v]) => `${k}=${optStr(v) ?? ''}`),
    tolerations: arr(spec.tolerations)
      .map(rec)
      .map(
        (t) =>
          `${optStr(t.key) ?? '*'}${t.operator === 'Exists' ? '' : `=${optStr(t.value) ?? ''}`}:${optStr(t.effect) ?? 'any'}${typeof t.tolerationSeconds === 'number' ? ` for ${t.tolerationSeconds}s` : ''}`,
      ),
    affinity: Object.keys(affinity).length ? Object.keys(affinity).join(', ') : undefined,
    restartPolicy: optStr(spec.restartPolicy),
    podIP: optStr(status.podIP),
    nodeName: optStr(spec.nodeName),
    containers,
  };
}

/** Events newest first, repeated ones merged with their counts added (all of them: the caller bounds them). */
export function summarizeEvents(list: { object: string; events: Obj[] }[], now: Date): EventInfo[] {
  const merged = new Map<string, EventInfo>();
  for (const { object, events } of list) {
    for (const e of events) {
      const reason = optStr(e.reason) ?? '';
      const message = optStr(e.message) ?? optStr(e.note) ?? '';
      const type = optStr(e.type) ?? 'Normal';
      const last =
        optStr(e.lastTimestamp) ??
        optStr(e.eventTime) ??
        optStr(rec(e.series).lastObservedTime) ??
        optStr(rec(e.metadata).creationTimestamp);
      const count =
        typeof e.count === 'number'
          ? e.count
          : typeof rec(e.series).count === 'number'
            ? (rec(e.series).count as number)
            : 1;
      const key = `${object}\u0000${type}\u0000${reason}\u0000${message}`;
      const had = merged.get(key);
      if (had) {
        had.count += count;
        if (last && (!had.lastSeen || last > had.lastSeen)) had.lastSeen = last;
      } else merged.set(key, { object, type, reason, message, count, lastSeen: last });
    }
  }
  const out = [...merged.values()].sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
  for (const e of out) if (e.lastSeen) e.age = formatDuration(now.getTime() - Date.parse(e.lastSeen));
  return out;
}

function nodeInfo(name: string | undefined, read: Read<Obj> | undefined, pod: PodInfo): NodeInfo {
  if (!name)
    return {
      state: 'none',
      message:
        pod.state === 'present' && pod.phase === 'Pending'
          ? 'The pod is not scheduled on a node yet.'
          : 'The step did not run on a node.',
    };
  if (!read) return { state: 'unavailable', name, message: 'Not connected: the node cannot be read.' };
  if (!read.ok) {
    if (read.kind === 'forbidden')
      return {
        state: 'forbidden',
        name,
        message: `You are not allowed to read nodes (cluster-scoped; ask for a role that can "get nodes"). The step ran on ${name}.`,
      };
    if (read.kind === 'notFound')
      return {
        state: 'gone',
        name,
        message: `Node ${name} no longer exists: it was removed from the cluster (scaled down, preempted spot instance, or replaced).`,
      };
    return { state: 'unavailable', name, message: `Cannot read node ${name}: ${read.message}` };
  }
  const node = read.value;
  const labels = rec(rec(node.metadata).labels);
  const spec = rec(node.spec);
  const status = rec(node.status);
  const conds = conditions(status.conditions);
  const taints = arr(spec.taints)
    .map(rec)
    .map((t) => `${optStr(t.key) ?? ''}${optStr(t.value) ? `=${optStr(t.value)}` : ''}:${optStr(t.effect) ?? ''}`);
  const banners: Banner[] = [];
  const ready = conds.find((c) => c.type === 'Ready');
  if (ready && ready.status !== 'True')
    banners.push({
      severity: 'error',
      text: `Node ${name} is NotReady${ready.status === 'Unknown' ? ' (unreachable: the kubelet stopped reporting)' : ''} since ${ready.time?.replace(/\.\d+Z$/, 'Z') ?? 'an unknown time'}${ready.message ? `: ${ready.message}` : ''}`,
    });
  for (const c of conds) {
    if (['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'].includes(c.type) && c.status === 'True')
      banners.push({ severity: 'warning', text: `Node ${name} has ${c.type}${c.message ? `: ${c.message}` : ''}` });
  }
  if (spec.unschedulable === true)
    banners.push({
      severity: 'warning',
      text: `Node ${name} is cordoned (unschedulable): it is being drained or maintained.`,
    });
  // Init containers run before the others, so the pod's request is the larger of the biggest init container and
  // the sum of the rest (as the scheduler counts it).
  const requested = new Map<string, number>();
  if (pod.state === 'present') {
    const sum = new Map<string, number>();
    const initMax = new Map<string, number>();
    for (const c of pod.containers)
      for (const part of (c.requests ?? '').split(', ').filter(Boolean)) {
        const [k, v] = part.split('=');
        const q = parseQuantity(v ?? '');
        if (q === undefined) continue;
        if (c.kind === 'init') initMax.set(k!, Math.max(initMax.get(k!) ?? 0, q));
        else sum.set(k!, (sum.get(k!) ?? 0) + q);
      }
    for (const k of new Set([...sum.keys(), ...initMax.keys()]))
      requested.set(k, Math.max(sum.get(k) ?? 0, initMax.get(k) ?? 0));
  }
  return {
    state: 'present',
    name,
    conditions: conds,
    taints,
    zone: optStr(labels[ZONE]),
    region: optStr(labels[REGION]),
    instanceType: optStr(labels[INSTANCE]),
    allocatable: Object.entries(rec(status.allocatable)).map(([k, v]) => ({ name: k, value: optStr(v) ?? '' })),
    requested: [...requested].map(([n, value]) => ({ name: n, value: formatQuantity(n, value) })),
    banners,
  };
}

const SUFFIX: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** A Kubernetes quantity ("500m", "2Gi", "1.5") as a number of base units. */
export function parseQuantity(q: string): number | undefined {
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] ? SUFFIX[m[2]]! : 1);
  return Number.isFinite(n) ? n : undefined;
}

function formatQuantity(resource: string, v: number): string {
  if (resource === 'cpu') return v < 1 ? `${Math.round(v * 1000)}m` : `${+v.toFixed(2)}`;
  if (resource === 'memory' || resource.endsWith('storage'))
    return v >= 1024 ** 3 ? `${+(v / 1024 ** 3).toFixed(2)}Gi` : `${+(v / 1024 ** 2).toFixed(0)}Mi`;
  return `${+v.toFixed(2)}`;
}

/** Builds everything the step panel shows from the raw objects. */
export function buildStepSnapshot(i: StepInputs): StepSnapshot {
  const meta = rec(i.workflow.metadata);
  const wfSpec = rec(i.workflow.spec);
  const workflow = {
    name: optStr(meta.name) ?? '',
    namespace: optStr(meta.namespace) ?? '',
    phase: optStr(rec(i.workflow.status).phase),
    podGC: optStr(rec(wfSpec.podGC).strategy),
  };
  const step = stepInfo(i.nodes, i.nodeId);
  const pod = podInfo(i.podName, i.pod, step, workflow);
  const hostName = (pod.state === 'present' ? pod.nodeName : undefined) ?? step.hostNodeName;
  const node = nodeInfo(hostName, i.node, pod);
  const events = summarizeEvents(
    [
      { object: 'Pod', events: i.podEvents },
      { object: 'Node', events: i.nodeEvents },
    ],
    i.now,
  ).slice(0, MAX_EVENTS);
  const { placement, total, zones } = placementOf(i.nodes, i.nodeId, i.hostNodes);
  const self = i.nodes[i.nodeId];
  const t = self?.type === 'Pod' && i.pod?.ok ? stepTimeline(self, i.pod.value, i.podEvents, i.now) : undefined;
  const timeline: TimelineView | undefined = t && {
    segments: t.segments.map((x) => ({ phase: x.phase, label: stepPhaseLabel(x.phase), ms: x.ms })),
    pulls: t.pulls.slice(0, 10),
    waitingMs: t.waitingMs,
    runningMs: t.runningMs,
  };
  return {
    workflow,
    step,
    pod,
    events,
    node,
    placement,
    ...(total > placement.length ? { placementTotal: total } : {}),
    zones,
    takenAt: i.now.toISOString(),
    ...(timeline?.segments.length ? { timeline } : {}),
    ...(self?.type === 'Pod'
      ? {
          usage: usageView({
            pod: i.pod?.ok ? i.pod.value : undefined,
            node: self,
            samples: i.usage?.samples ?? [],
            metrics: i.usage?.metrics,
            now: i.now,
          }),
        }
      : {}),
  };
}

/**
 * The pod steps to show in "Where the workflow ran", and the zones of all of them, in one pass over the nodes:
 * every pod when there are at most MAX_PLACEMENT, otherwise this step, the first on each host node (so every node
 * shows, up to half the rows), the failed ones, then the first to start.
 */
function placementOf(
  nodes: Record<string, ArgoNode>,
  stepId: string,
  hostNodes: Map<string, Obj>,
): { placement: Placement[]; total: number; zones: string[] } {
  const pods: ArgoNode[] = [];
  const hosts = new Map<string, ArgoNode>();
  for (const id in nodes) {
    const n = nodes[id];
    if (!n || n.type !== 'Pod') continue;
    pods.push(n);
    if (n.hostNodeName) {
      const seen = hosts.get(n.hostNodeName);
      if (!seen || byStart(n, seen) < 0) hosts.set(n.hostNodeName, n);
    }
  }
  const zoneOf = (host: string | undefined) =>
    host ? optStr(rec(rec(hostNodes.get(host)?.metadata).labels)[ZONE]) : undefined;
  // In the order the workflow first reached them.
  const zones = [...new Set([...hosts.values()].sort(byStart).flatMap((n) => zoneOf(n.hostNodeName) ?? []))];
  let shown = pods;
  if (pods.length > MAX_PLACEMENT) {
    const chosen = new Set<ArgoNode>();
    const take = (list: Iterable<ArgoNode>) => {
      for (const n of list) {
        if (chosen.size >= MAX_PLACEMENT) return;
        chosen.add(n);
      }
    };
    const self = nodes[stepId];
    if (self?.type === 'Pod') chosen.add(self);
    // Half the rows at most for one step per host, so failed ones show however many nodes the workflow used.
    const perHost = [...hosts.values()].sort(byStart);
    take(perHost.slice(0, MAX_PLACEMENT / 2));
    take(firstByStart(pods, (n) => isFailed(n.phase), MAX_PLACEMENT));
    take(perHost);
    take(firstByStart(pods, () => true, MAX_PLACEMENT));
    shown = [...chosen];
  }
  const placement = [...shown].sort(byStart).map((n) => ({
    step: n.displayName ?? n.name ?? n.id,
    nodeId: n.id,
    phase: n.phase,
    node: n.hostNodeName,
    zone: zoneOf(n.hostNodeName),
  }));
  return { placement, total: pods.length, zones };
}
