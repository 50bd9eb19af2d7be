// A failure bundle: everything known about one failed step, as gathered from the cluster or recorded when it
// failed (the shape of ../shared/failures/cases). Lenient: any part may be missing.
//
// Bounded: a bundle carries the step and the few nodes a rule reads (its attempts, the steps that fed it), each cut
// to the fields rules read, never the workflow's status: a workflow may have 100,000 nodes, and bundles are written
// to disk by the recorder, exported, and explained on every click.
import type { ArgoNode } from '../model/argoNode';
import { arr, rec, str, type Obj } from '../model/json';
import type { UsageSample } from '../model/usage';
import { isActive, isCompleted } from '../model/phase';
import { leanNode, type LeanNode } from './nodeFit';

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
  /** The first MAX_BUNDLE_CHILDREN of them. */
  children?: string[];
  /** How many children the node has, when `children` holds only the first ones. */
  childCount?: number;
  /** For related nodes: their own log tail and hints about the step that ran them. */
  logTail?: string;
  stepHints?: Obj;
  [k: string]: unknown;
}

/** The parts every bundle may hold. */
interface BundleParts {
  /** The Workflow object (a waiting case, or a bundle read from a file), or only its name (a gathered bundle). */
  workflow?: Obj | string | null;
  pod?: Obj | null;
  events?: Obj[];
  node?: Obj | null;
  logTail?: string;
  /** Upstream steps that fed this one, retry attempts, and the like. */
  relatedNodes?: BundleNode[];
  /**
   * PV/PVC and other objects that matter; for a waiting step or workflow also the Workflows that hold a lock or a
   * slot, ConfigMaps (semaphore limits, the controller's configmap), Namespaces, the controller's pod.
   */
  related?: Obj[];
  /**
   * For a pod no node would take: the cluster's nodes (at most MAX_CLUSTER_NODES), lean (Node objects are read
   * too), with what the pods on the closest ones already request, so the explanation can name the nodes that come closest and why they don't fit.
   */
  clusterNodes?: LeanNode[] | Obj[];
  /** What could not be read while gathering (e.g. "pods in namespace argo: forbidden"), said plainly. */
  notRead?: string[];
  /** Fragments of the template / workflow spec / status that explain limits and outputs. */
  templateHints?: Obj;
  workflowSpecHints?: Obj;
  workflowStatusHints?: Obj;
  templateOutputs?: Obj;
  /** When the bundle was captured. */
  observedAt?: string;
  /** What the step's containers used, sampled from the metrics API while it ran (oldest first). */
  usage?: UsageSample[];
  [k: string]: unknown;
}

/** A bundle about one step, as the host gathers it. */
export interface FailureBundle extends BundleParts {
  workflowNode: BundleNode;
}

/**
 * A bundle as the engine reads it: about a step, or about a whole workflow that waits before any step exists
 * (`workflowNode` null or absent, `workflow` the Workflow object).
 */
export interface EvidenceBundle extends BundleParts {
  workflowNode?: BundleNode | null;
}

/** Children ids a bundle node keeps at most (a fan-out node has thousands). */
export const MAX_BUNDLE_CHILDREN = 20;
/** Cluster nodes a bundle carries at most. */
export const MAX_CLUSTER_NODES = 50;
/** Related nodes a bundle carries at most. */
export const MAX_RELATED = 20;
/** Characters of a string inside a node's inputs/outputs kept at most, and entries of a list. */
const MAX_VALUE = 2048;
const MAX_LIST = 50;

/** The fields of a workflow node that a bundle keeps: what the detectors and reports read, and identity. */
const NODE_FIELDS = [
  'id',
  'name',
  'displayName',
  'type',
  'templateName',
  'templateRef',
  'templateScope',
  'phase',
  'boundaryID',
  'message',
  'startedAt',
  'finishedAt',
  'hostNodeName',
  'podIP',
  'nodeFlag',
  'inputs',
  'outputs',
] as const;

/** A JSON value with long strings and long lists cut (a parameter may hold a whole file). */
function capped(v: unknown, depth = 0): unknown {
  if (typeof v === 'string')
    return v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE)}… (${v.length - MAX_VALUE} more characters)` : v;
  if (Array.isArray(v)) return v.slice(0, MAX_LIST).map((x) => capped(x, depth + 1));
  if (v && typeof v === 'object') {
    if (depth > 6) return {};
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) out[k] = capped(x, depth + 1);
    return out;
  }
  return v;
}

/**
 * A workflow node as a bundle carries it: a copy of the fields rules read, inputs and outputs with long values cut,
 * children cut to MAX_BUNDLE_CHILDREN (and childCount saying how many there are).
 */
export function bundleNode(n: ArgoNode | BundleNode): BundleNode {
  const out: Record<string, unknown> = {};
  const src = n as Record<string, unknown>;
  for (const k of NODE_FIELDS)
    if (src[k] !== undefined) out[k] = k === 'inputs' || k === 'outputs' ? capped(src[k]) : src[k];
  const children = Array.isArray(n.children) ? n.children : undefined;
  if (children) {
    out.children = children.slice(0, MAX_BUNDLE_CHILDREN);
    if (children.length > MAX_BUNDLE_CHILDREN) out.childCount = children.length;
  }
  // Case files and older bundles may give related nodes their own log tail and step hints.
  if (typeof n.logTail === 'string') out.logTail = n.logTail;
  if (n.stepHints && typeof n.stepHints === 'object') out.stepHints = n.stepHints;
  return out as BundleNode;
}

/**
 * Nodes whose outcome a rule weighs with this one's, at most `max`: a retry node's attempts, then the steps that fed
 * it (in a DAG, the tasks that list it as a child; in steps, the previous step group's steps). One pass over the
 * nodes, whatever their number.
 */
export function relatedNodesOf(nodes: Record<string, ArgoNode>, n: ArgoNode, max = MAX_RELATED): ArgoNode[] {
  const out = new Map<string, ArgoNode>();
  if (n.type === 'Retry')
    for (const c of n.children ?? []) {
      if (out.size >= max) break;
      const a = nodes[c];
      if (a) out.set(c, a);
    }
  // Steps: nodes of the previous step group (name "wf[i].step").
  const idx = /\[(\d+)\]\.[^.]+$/.exec(n.name ?? '')?.[1];
  const prefix =
    idx !== undefined && Number(idx) > 0 ? (n.name ?? '').replace(/\[\d+\]\.[^.]+$/, `[${Number(idx) - 1}].`) : '';
  for (const id in nodes) {
    if (out.size >= max) break;
    const p = nodes[id];
    if (!p || p.id === n.id || out.has(p.id) || p.type === 'StepGroup') continue;
    // In a DAG a task's children are the tasks that depend on it; in steps the previous group points at the next.
    const feeds = p.boundaryID === n.boundaryID && p.type !== 'Retry' && !!p.children?.includes(n.id);
    if (feeds || (prefix && p.name?.startsWith(prefix))) out.set(p.id, p);
  }
  return [...out.values()];
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
  bundle: EvidenceBundle;
  /** The step explained; empty when the bundle is about a whole workflow (no step exists yet). */
  step: BundleNode;
  /** Whether the bundle is about a step (else about the whole workflow). */
  hasStep: boolean;
  /** The Workflow object when the bundle holds it (empty when it holds only the name). */
  workflow: Obj;
  workflowName: string;
  workflowNamespace: string;
  /** The workflow's status.phase ('' before the controller has seen it) and status.message. */
  workflowPhase: string;
  workflowMessage: string;
  /** Other objects: holder Workflows, ConfigMaps, Namespaces, PV/PVCs, the controller's pod. */
  related: Obj[];
  /** The cluster's nodes, when gathered for a pod that cannot be scheduled. */
  clusterNodes: LeanNode[];
  /** What could not be read while gathering. */
  notRead: string[];
  /** The step (or, without a step, the workflow) has not ended: it waits or runs. */
  active: boolean;
  /** When the bundle was captured ('' when unknown). */
  observedAt: string;
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
  /** Metrics API samples of the step's containers while it ran, oldest first (well-formed ones only). */
  usage: UsageSample[];
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

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const kind = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/** Node fields that hold objects; any other type there is dropped. */
const NODE_OBJECTS: readonly string[] = ['templateRef', 'nodeFlag', 'inputs', 'outputs', 'stepHints'];
/** Node fields that hold text (the kept fields that are not objects, and a related node's log tail). */
const NODE_TEXT = [...NODE_FIELDS.filter((k) => !NODE_OBJECTS.includes(k)), 'logTail'];

/** A node as the engine reads it: text fields text, objects objects, children a list of ids; null if not a node. */
function cleanNode(v: unknown): BundleNode | null {
  if (!isObj(v)) return null;
  const out: Obj = { ...v };
  for (const k of NODE_TEXT) if (k in out && out[k] !== null && typeof out[k] !== 'string') delete out[k];
  for (const k of NODE_OBJECTS) if (k in out && !isObj(out[k])) delete out[k];
  if ('children' in out) out.children = arr(out.children).filter((c): c is string => typeof c === 'string');
  if ('childCount' in out && typeof out.childCount !== 'number') delete out.childCount;
  return out as BundleNode;
}

/**
 * Any JSON value as a bundle the engine can read without surprises: each known part of the right type or absent
 * (a wrong type reads as absent), `workflowNode` a node or null. Deeper fields are read defensively by the facts.
 */
export function normalizeBundle(raw: unknown): EvidenceBundle {
  const b = isObj(raw) ? raw : {};
  const objOrNull = (v: unknown) => (isObj(v) ? v : v === undefined ? undefined : null);
  const obj = (v: unknown) => (isObj(v) ? v : undefined);
  const workflow = isObj(b.workflow) || typeof b.workflow === 'string' ? b.workflow : undefined;
  return {
    ...b,
    workflowNode: cleanNode(b.workflowNode),
    workflow,
    pod: objOrNull(b.pod),
    node: objOrNull(b.node),
    events: arr(b.events).filter(isObj),
    logTail: str(b.logTail),
    relatedNodes: arr(b.relatedNodes)
      .map(cleanNode)
      .filter((n): n is BundleNode => !!n),
    related: arr(b.related).filter(isObj),
    clusterNodes: arr(b.clusterNodes)
      .filter(isObj)
      .map((n) => leanNode(n))
      .filter((n) => !!n.name),
    notRead: arr(b.notRead).filter((x): x is string => typeof x === 'string'),
    templateHints: obj(b.templateHints),
    workflowSpecHints: obj(b.workflowSpecHints),
    workflowStatusHints: obj(b.workflowStatusHints),
    templateOutputs: obj(b.templateOutputs),
    observedAt: typeof b.observedAt === 'string' ? b.observedAt : undefined,
  };
}

/**
 * What is wrong with a value read as a bundle, in plain words ([] when it can be explained): it must be an object
 * with a `workflowNode` object (a step) or a `workflow` object (a workflow that waits), and each known part must
 * have its type (null stands for "not there").
 */
export function bundleProblems(raw: unknown): string[] {
  if (!isObj(raw)) return [`a bundle is a JSON object, this is ${kind(raw)}`];
  const out: string[] = [];
  const want = (key: string, ok: (v: unknown) => boolean, what: string) => {
    const v = raw[key];
    if (v !== undefined && v !== null && !ok(v)) out.push(`"${key}" must be ${what}, it is ${kind(v)}`);
  };
  want('workflowNode', isObj, 'an object (the step)');
  want('workflow', (v) => isObj(v) || typeof v === 'string', "an object (the Workflow) or the workflow's name");
  want('pod', isObj, 'an object (the Pod)');
  want('node', isObj, 'an object (the Kubernetes Node)');
  want('events', Array.isArray, 'a list of Events');
  want('relatedNodes', Array.isArray, 'a list of workflow nodes');
  want('related', Array.isArray, 'a list of Kubernetes objects');
  want('clusterNodes', Array.isArray, 'a list of nodes');
  want('notRead', Array.isArray, 'a list of texts');
  want('logTail', (v) => typeof v === 'string', 'text');
  want('observedAt', (v) => typeof v === 'string', 'a time (text)');
  for (const k of ['templateHints', 'workflowSpecHints', 'workflowStatusHints', 'templateOutputs'])
    want(k, isObj, 'an object');
  if (!isObj(raw.workflowNode) && !isObj(raw.workflow))
    out.push(
      'it has neither a "workflowNode" object (the step to explain) nor a "workflow" object (the workflow that ' +
        'waits), so it is not a failure bundle',
    );
  return out;
}

export function factsOf(raw: EvidenceBundle): Facts {
  const b = normalizeBundle(raw);
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
  const hasStep = !!b.workflowNode;
  const workflow = rec(b.workflow);
  const wfMeta = rec(workflow.metadata);
  const wfStatus = rec(workflow.status);
  const workflowPhase = str(wfStatus.phase);
  const workflowMessage = str(wfStatus.message);
  const log = str(b.logTail);
  const text = [
    str(step.message),
    workflowMessage,
    str(status.reason),
    str(status.message),
    ...containers.flatMap((c) => [c.reason, c.message, c.last?.message ?? '']),
    ...events.map((e) => `${e.reason}: ${e.message}`),
    ...conditions(status.conditions).map((c) => `${c.reason} ${c.message}`),
    log,
  ].join('\n');
  const wfNamespace = str(wfMeta.namespace) || str(b.namespace);
  return {
    bundle: b,
    step,
    hasStep,
    workflow,
    workflowName: str(wfMeta.name) || str(b.workflow),
    workflowNamespace: wfNamespace,
    workflowPhase,
    workflowMessage,
    related: b.related ?? [],
    // Normalised above: lean nodes.
    clusterNodes: (b.clusterNodes ?? []) as LeanNode[],
    notRead: b.notRead ?? [],
    active: hasStep ? isActive(str(step.phase)) : !isCompleted(workflowPhase),
    observedAt: str(b.observedAt),
    message: str(step.message),
    podName: str(meta.name),
    namespace: str(meta.namespace) || wfNamespace,
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
    usage: usageSamples(b.usage),
    text,
  };
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** The well-formed samples of a bundle's `usage` (a bundle may come from a file), oldest first. */
function usageSamples(v: unknown): UsageSample[] {
  return arr(v)
    .map(rec)
    .flatMap((s) => {
      const at = str(s.at);
      if (!at || Number.isNaN(Date.parse(at))) return [];
      const containers = arr(s.containers)
        .map(rec)
        .flatMap((c) => {
          const name = str(c.name);
          if (!name) return [];
          const cpu = num(c.cpu);
          const memory = num(c.memory);
          return [{ name, ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}) }];
        });
      return containers.length ? [{ at, containers }] : [];
    })
    .sort((a, b) => a.at.localeCompare(b.at));
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

/** Seconds from one ISO time to another (NaN when either is not a time). */
export function secondsBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

/** A length of time in words, to the minute when over one: "45 seconds", "32 minutes", "3 hours 5 minutes". */
export function humanDuration(s: number): string {
  if (!Number.isFinite(s)) return 'an unknown time';
  const secs = Math.max(0, Math.round(s));
  const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (secs < 60) return unit(secs, 'second');
  const m = Math.floor(secs / 60);
  if (m < 60) return unit(m, 'minute');
  const h = Math.floor(m / 60);
  if (h < 48) return [unit(h, 'hour'), m % 60 ? unit(m % 60, 'minute') : ''].filter(Boolean).join(' ');
  return [unit(Math.floor(h / 24), 'day'), h % 24 ? unit(h % 24, 'hour') : ''].filter(Boolean).join(' ');
}
