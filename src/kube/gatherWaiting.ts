// Collects the evidence of a workflow or step that waits instead of running: the step's pod, events and node when
// it has one (as for a failure), the workflow itself (its locks and limits, no nodes), and what it waits on: the
// workflows holding its semaphore or mutex, the ConfigMap with the semaphore's limit, the running workflows that
// hold the parallelism slots, the namespace's labels and the controller's configuration. Bounded: a few holders,
// a few dozen running workflows, each without its node status (but for the nodes that show what it is doing).
import type { FailureBundle } from '../core/diagnose/bundle';
import { workflowNodes } from '../core/model/nodes';
import type { KObject, KubeClient } from './kubeClient';
import { gatherBundle } from './gatherBundle';

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Holders of a lock read at most, and running workflows listed as parallelism slot holders. */
const MAX_HOLDERS = 10;
const MAX_RUNNING = 30;
/** Nodes of a holder kept: the running ones that say what it is doing (a suspend step, a pod). */
const MAX_HOLDER_NODES = 5;

/** Nodes of the waiting workflow itself kept: the running ones and their siblings (what shows a held-back step). */
const MAX_OWN_NODES = 200;

const TEMPLATE_KEPT = ['name', 'synchronization', 'parallelism', 'retryStrategy', 'suspend', 'activeDeadlineSeconds'];
/** Of a template's steps and DAG tasks, what tells which have not started: names, templates, dependencies. */
const STEP_KEPT = ['name', 'template', 'dependencies', 'depends'];

/** A template cut to what waiting rules read: its limits, and its steps' or tasks' names and dependencies. */
function leanTemplate(t: Obj): Obj {
  const out = pick(t, TEMPLATE_KEPT);
  if (Array.isArray(t.steps)) out.steps = t.steps.map((g) => arr(g).map((s) => pick(rec(s), STEP_KEPT)));
  const tasks = rec(t.dag).tasks;
  if (Array.isArray(tasks)) out.dag = { tasks: tasks.map((s) => pick(rec(s), STEP_KEPT)) };
  return out;
}

function pick(o: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** The spec stored from a WorkflowTemplate (a workflowTemplateRef run): its limits and templates, lean. */
function storedSpec(spec: Obj): Obj {
  return {
    ...pick(spec, ['entrypoint', 'parallelism', 'synchronization']),
    templates: arr(spec.templates).map((t) => leanTemplate(rec(t))),
  };
}

/** A workflow as a waiting bundle carries it: identity, the spec parts that set limits, its status without nodes. */
export function leanWorkflow(
  wf: KObject,
  keepNodes: (n: Obj) => boolean = () => false,
  maxNodes = MAX_HOLDER_NODES,
): Obj {
  const meta = rec(wf.metadata);
  const spec = rec(wf.spec);
  const status = rec(wf.status);
  const parsed = workflowNodes(wf);
  const nodes =
    parsed.kind === 'nodes'
      ? Object.values(parsed.nodes)
          .filter((n) => keepNodes(n as unknown as Obj))
          .slice(0, maxNodes)
      : [];
  return {
    apiVersion: wf.apiVersion,
    kind: wf.kind ?? 'Workflow',
    metadata: pick(meta, ['name', 'namespace', 'uid', 'creationTimestamp', 'labels']),
    spec: {
      ...pick(spec, ['entrypoint', 'parallelism', 'synchronization', 'suspend', 'shutdown', 'activeDeadlineSeconds']),
      ...(Array.isArray(spec.templates) ? { templates: arr(spec.templates).map((t) => leanTemplate(rec(t))) } : {}),
    },
    status: {
      ...pick(status, ['phase', 'message', 'startedAt', 'finishedAt', 'progress', 'synchronization', 'conditions']),
      ...(Object.keys(rec(status.storedWorkflowTemplateSpec)).length
        ? { storedWorkflowTemplateSpec: storedSpec(rec(status.storedWorkflowTemplateSpec)) }
        : {}),
      ...(nodes.length ? { nodes: Object.fromEntries(nodes.map((n) => [n.id, n])) } : {}),
    },
  };
}

/** "ns/ConfigMap/name/key" or "ns/Mutex/name" (Argo's lock keys) and "ns/workflow[/node]" (its holder keys). */
function lockKeys(wf: KObject): { locks: string[]; holders: string[] } {
  const sync = rec(rec(wf.status).synchronization);
  const locks = new Set<string>();
  const holders = new Set<string>();
  for (const kind of ['semaphore', 'mutex']) {
    const s = rec(sync[kind]);
    for (const w of arr(s.waiting)) {
      const e = rec(w);
      const lock = e.semaphore ?? e.mutex;
      if (typeof lock === 'string') locks.add(lock);
      for (const h of [...arr(e.holders), e.holder]) if (typeof h === 'string') holders.add(h);
    }
  }
  return { locks: [...locks], holders: [...holders] };
}

/** The workflow a holder key names: "ns/wf/node" and "ns/wf" in the waiting workflow's namespace, or "wf". */
function holderWorkflow(holder: string, namespace: string): { namespace: string; name: string } {
  const parts = holder.split('/');
  return parts.length >= 2 ? { namespace: parts[0]!, name: parts[1]! } : { namespace, name: parts[0]! };
}

const isRunning = (n: Obj) => n.phase === 'Running' || n.phase === 'Pending';
/** The explained workflow's pods that run or wait, at most: what its own parallelism counts. */
const MAX_OWN_PODS = 50;
const isActivePod = (n: Obj) => n.type === 'Pod' && isRunning(n);

/** The workflow's running nodes and the nodes inside running step groups and DAGs (their done siblings too). */
function activeAndSiblings(wf: KObject): (n: Obj) => boolean {
  const parsed = workflowNodes(wf);
  const open = new Set(
    parsed.kind === 'nodes'
      ? Object.values(parsed.nodes)
          .filter((n) => n.phase === 'Running' && /^(Steps|DAG)$/.test(n.type ?? ''))
          .map((n) => n.id)
      : [],
  );
  return (n) => isRunning(n) || open.has(String(n.boundaryID ?? ''));
}

export interface WaitingContext {
  /** The unfinished workflows the session knows (whole), for parallelism slots and lock holders. */
  unfinished: KObject[];
  /** Where Argo's controller runs (its ConfigMap `workflow-controller-configmap`); default "argo". */
  controllerNamespace?: string;
  now?: Date;
}

/** Gathers the bundle of a waiting workflow (nodeId undefined: the whole workflow waits) or of a waiting step. */
export async function gatherWaitingBundle(
  kube: KubeClient,
  workflow: KObject,
  nodeId: string | undefined,
  ctx: WaitingContext,
): Promise<FailureBundle> {
  const now = ctx.now ?? new Date();
  const ns = workflow.metadata?.namespace ?? '';
  const name = workflow.metadata?.name ?? '';
  const step = nodeId ? await gatherBundle(kube, workflow, nodeId, now) : undefined;
  const events = step ? undefined : await kube.listEventsFor({ kind: 'Workflow', name, namespace: ns });
  const { locks, holders } = lockKeys(workflow);
  const known = new Map(ctx.unfinished.map((w) => [`${w.metadata?.namespace}/${w.metadata?.name}`, w]));
  const related: Obj[] = [];
  // The lock holders, read when the session does not have them whole.
  const holderKeys = [...new Set(holders.map((h) => holderWorkflow(h, ns)).map((h) => `${h.namespace}/${h.name}`))];
  for (const key of holderKeys.slice(0, MAX_HOLDERS)) {
    const [hns = '', hname = ''] = key.split('/');
    const wf = known.get(key) ?? (await kube.getWorkflow(hns, hname).then((r) => (r.ok ? r.value : undefined)));
    if (wf) related.push(leanWorkflow(wf, isRunning));
  }
  // The ConfigMaps that set the semaphores' limits.
  const configMaps = new Set(
    locks.flatMap((l) => {
      const [cns, kind, cm] = l.split('/');
      return kind === 'ConfigMap' && cns && cm ? [`${cns}/${cm}`] : [];
    }),
  );
  for (const key of configMaps) {
    const [cns = '', cm = ''] = key.split('/');
    const r = await kube.getConfigMap(cns, cm);
    if (r.ok) related.push(pick(r.value as Obj, ['apiVersion', 'kind', 'metadata', 'data']));
  }
  // What sets and holds the parallelism slots: the running workflows, the namespace's labels, the controller's config.
  const phase = String(rec(workflow.status).phase ?? '');
  if (!phase || phase === 'Pending' || phase === 'Running') {
    const running = ctx.unfinished
      .filter((w) => w !== workflow && rec(w.status).phase === 'Running')
      .filter((w) => !holderKeys.includes(`${w.metadata?.namespace}/${w.metadata?.name}`))
      .slice(0, MAX_RUNNING);
    for (const w of running) related.push(leanWorkflow(w));
    const [nsObj, controller] = await Promise.all([
      kube.getNamespace(ns),
      kube.getConfigMap(ctx.controllerNamespace ?? 'argo', 'workflow-controller-configmap'),
    ]);
    if (nsObj.ok) related.push(pick(nsObj.value as Obj, ['apiVersion', 'kind', 'metadata']));
    if (controller.ok) related.push(pick(controller.value as Obj, ['apiVersion', 'kind', 'metadata', 'data']));
  }
  // Never processed: whether the controller runs (its pods), when they can be read.
  const notRead: string[] = [];
  if (!phase) {
    const where = ctx.controllerNamespace ?? 'argo';
    const pods = await kube.listCore('pods', { namespace: where, labelSelector: 'app=workflow-controller', limit: 5 });
    // List items come without kind and apiVersion; typed clients hold times as Dates: plain JSON, kind set.
    const plain = (p: KObject) => JSON.parse(JSON.stringify(pick(p as Obj, ['metadata', 'status']))) as Obj;
    if (pods.ok) related.push(...pods.value.map((p) => ({ apiVersion: 'v1', kind: 'Pod', ...plain(p) })));
    else notRead.push(`the workflow controller's pods in namespace ${where}: ${pods.error.kind}`);
  }
  for (const r of related) {
    const meta = rec(r.metadata);
    delete meta.managedFields;
  }
  return {
    ...(step ?? { pod: null, node: null, logTail: '', events: events?.ok ? events.value : [] }),
    workflowNode: (step?.workflowNode ?? null) as FailureBundle['workflowNode'],
    workflow: step
      ? leanWorkflow(workflow, isActivePod, MAX_OWN_PODS)
      : leanWorkflow(workflow, activeAndSiblings(workflow), MAX_OWN_NODES),
    namespace: ns,
    related: [...arr(step?.related).map(rec), ...related],
    ...(notRead.length || step?.notRead ? { notRead: [...arr(step?.notRead).map(String), ...notRead] } : {}),
    observedAt: now.toISOString(),
  };
}
