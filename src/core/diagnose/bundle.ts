// A failure bundle: everything known about one failed step, as gathered from the cluster or recorded when it
// failed (the shape of ../shared/failures/cases). Lenient: any part may be missing.
import { arr, rec, str, type Obj } from '../model/json';

export interface BundleNode {
  id?: string;
  name?: string;
  displayName?: string;
  type?: string;
  templateName?: string;
  phase?: string;
  message?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  hostNodeName?: string;
  inputs?: Obj;
  outputs?: Obj;
  children?: string[];
  /** For related nodes: their own log tail and hints about the step that ran them. */
  logTail?: string;
  stepHints?: Obj;
  [k: string]: unknown;
}

export interface FailureBundle {
  workflowNode: BundleNode;
  pod?: Obj | null;
  events?: Obj[];
  node?: Obj | null;
  logTail?: string;
  /** Upstream steps that fed this one, retry attempts, and the like. */
  relatedNodes?: BundleNode[];
  /** PV/PVC and other objects that matter. */
  related?: Obj[];
  /** Fragments of the template / workflow spec / status that explain limits and outputs. */
  templateHints?: Obj;
  workflowSpecHints?: Obj;
  workflowStatusHints?: Obj;
  templateOutputs?: Obj;
  /** When the bundle was captured. */
  observedAt?: string;
  [k: string]: unknown;
}

export interface Container {
  name: string;
  kind: 'init' | 'main' | 'wait' | 'sidecar';
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  reason: string;
  message: string;
  exitCode?: number;
  last?: { reason: string; exitCode?: number; message: string };
  spec: Obj;
}

export interface KEvent {
  object: string;
  reason: string;
  message: string;
  type: string;
  time: string;
  count: number;
}

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  time: string;
  heartbeat: string;
}

/** The bundle's parts, normalised for the detectors. */
export interface Facts {
  bundle: FailureBundle;
  step: BundleNode;
  message: string;
  podName: string;
  namespace: string;
  podPhase: string;
  podReason: string;
  podMessage: string;
  podConditions: Condition[];
  podDeleting: boolean;
  podSpec: Obj;
  containers: Container[];
  events: KEvent[];
  nodeName: string;
  nodeConditions: Condition[];
  nodeTaints: { key: string; effect: string; value: string; time: string }[];
  nodeUnschedulable: boolean;
  nodeLabels: Record<string, string>;
  log: string;
  /** Every text the bundle holds (messages, events, log), for pattern searches. */
  text: string;
}

function conditions(v: unknown): Condition[] {
  return arr(v)
    .map(rec)
    .map((c) => ({
      type: str(c.type),
      status: str(c.status),
      reason: str(c.reason),
      message: str(c.message),
      time: str(c.lastTransitionTime),
      heartbeat: str(c.lastHeartbeatTime),
    }));
}

function container(spec: Obj, status: Obj | undefined, init: boolean): Container {
  const s = rec(status);
  const state = rec(s.state);
  const which = state.terminated ? 'terminated' : state.running ? 'running' : state.waiting ? 'waiting' : 'unknown';
  const d = rec(state[which]);
  const last = rec(rec(s.lastState).terminated);
  const name = str(spec.name) || str(s.name);
  return {
    name,
    kind: init ? 'init' : name === 'main' ? 'main' : name === 'wait' ? 'wait' : 'sidecar',
    state: which,
    reason: str(d.reason),
    message: str(d.message),
    exitCode: typeof d.exitCode === 'number' ? d.exitCode : undefined,
    last: Object.keys(last).length
      ? {
          reason: str(last.reason),
          exitCode: typeof last.exitCode === 'number' ? last.exitCode : undefined,
          message: str(last.message),
        }
      : undefined,
    spec,
  };
}

export function factsOf(b: FailureBundle): Facts {
  const pod = rec(b.pod);
  const meta = rec(pod.metadata);
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const statuses = new Map<string, Obj>();
  for (const s of [...arr(status.initContainerStatuses), ...arr(status.containerStatuses)].map(rec))
    statuses.set(str(s.name), s);
  const specs: [Obj, boolean][] = [
    ...arr(spec.initContainers).map((c): [Obj, boolean] => [rec(c), true]),
    ...arr(spec.containers).map((c): [Obj, boolean] => [rec(c), false]),
  ];
  // Statuses without a spec (a bundle that kept only the status) still count.
  for (const [name, s] of statuses)
    if (!specs.some(([c]) => str(c.name) === name))
      specs.push([{ name }, arr(status.initContainerStatuses).includes(s)]);
  const containers = specs.map(([c, init]) => container(c, statuses.get(str(c.name)), init));
  const events = arr(b.events)
    .map(rec)
    .map((e) => ({
      object: str(rec(e.involvedObject).kind) || str(rec(e.regarding).kind) || 'Pod',
      reason: str(e.reason),
      message: str(e.message) || str(e.note),
      type: str(e.type) || 'Normal',
      time: str(e.lastTimestamp) || str(e.eventTime) || str(rec(e.metadata).creationTimestamp),
      count: typeof e.count === 'number' ? e.count : 1,
    }));
  const node = rec(b.node);
  const nodeSpec = rec(node.spec);
  const step = rec(b.workflowNode) as BundleNode;
  const log = str(b.logTail);
  const text = [
    str(step.message),
    str(status.reason),
    str(status.message),
    ...containers.flatMap((c) => [c.reason, c.message, c.last?.message ?? '']),
    ...events.map((e) => `${e.reason}: ${e.message}`),
    ...conditions(status.conditions).map((c) => `${c.reason} ${c.message}`),
    log,
  ].join('\n');
  return {
    bundle: b,
    step,
    message: str(step.message),
    podName: str(meta.name),
    namespace: str(meta.namespace),
    podPhase: str(status.phase),
    podReason: str(status.reason),
    podMessage: str(status.message),
    podConditions: conditions(status.conditions),
    podDeleting: !!meta.deletionTimestamp,
    podSpec: spec,
    containers,
    events,
    nodeName: str(rec(node.metadata).name) || str(step.hostNodeName) || str(spec.nodeName),
    nodeConditions: conditions(rec(node.status).conditions),
    nodeTaints: arr(nodeSpec.taints)
      .map(rec)
      .map((t) => ({ key: str(t.key), effect: str(t.effect), value: str(t.value), time: str(t.timeAdded) })),
    nodeUnschedulable: nodeSpec.unschedulable === true,
    nodeLabels: Object.fromEntries(Object.entries(rec(rec(node.metadata).labels)).map(([k, v]) => [k, str(v)])),
    log,
    text,
  };
}

/** The last `n` non-empty lines of a text. */
export function lastLines(text: string, n: number): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(-n);
}

/** "1800" seconds as "30 minutes". */
export function humanSeconds(s: number): string {
  if (s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  if (s % 60 === 0) return `${s / 60} minute${s === 60 ? '' : 's'}`;
  return `${s} seconds`;
}

/** "2025-08-02T22:13:06Z" as "22:13:06 UTC on 2025-08-02". */
export function clock(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso);
  return m ? `${m[2]} UTC on ${m[1]}` : iso;
}
