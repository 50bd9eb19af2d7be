// Retry a finished workflow from its failed steps, as `argo retry` does (a port of Argo v4's
// workflow/util.FormulateRetryWorkflow): the failed and errored steps are deleted from the status (with their pods)
// and the step groups, DAGs and retry nodes above them reset to Running, so the controller runs again only what
// failed and keeps what succeeded. With `restartSuccessful` and a node selector, chosen succeeded steps run again
// too. Parameters may be overridden. Pure: the caller deletes the pods and writes the workflow.
import type { ArgoNode } from './argoNode';
import { arr, rec, str, type Obj } from './json';
import { workflowNodes } from './nodes';
import { podNameOfNode } from './podName';

export interface RetryOptions {
  /** Also re-run succeeded steps that `nodeSelector` matches (Argo's --restart-successful). */
  restartSuccessful?: boolean;
  /** Argo's --node-field-selector: "displayName=load,templateName!=x" (fields ANDed; = and !=). */
  nodeSelector?: string;
  /** Succeeded steps (node ids) to run again too: what a selector per step would pick (Argo's selectors AND). */
  rerunNodeIds?: string[];
  /** Argo's -p NAME=VALUE: the workflow's arguments overridden. */
  parameters?: Record<string, string>;
}

export type RetryPlan =
  | {
      ok: true;
      /** The workflow to write back (a PUT of the whole object, as Argo's server does). */
      workflow: Obj;
      /** Pods to delete first: those of the steps that run again. */
      podsToDelete: string[];
      /** The steps that run again (display names), for telling the user. */
      rerun: string[];
    }
  | { ok: false; error: string };

interface DagNode {
  n: ArgoNode;
  parent?: DagNode;
  children: DagNode[];
}

const GROUP_TYPES = new Set(['DAG', 'TaskGroup', 'StepGroup', 'Steps']);
const EXECUTION_TYPES = new Set(['Container', 'Pod', 'HTTP', 'Plugin']);
const failedOrError = (n: ArgoNode) => n.phase === 'Failed' || n.phase === 'Error';

/** Argo's node field selector: "f1=v1,f2!=v2" over displayName, id, name, templateName, phase, templateRef.*, inputs. */
export function parseNodeSelector(selector: string): ((n: ArgoNode) => boolean) | string {
  const terms: { field: string; value: string; not: boolean }[] = [];
  for (const part of selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9_.-]+)\s*(!=|==|=)\s*(.*)$/.exec(part);
    if (!m) return `"${part}" is not FIELD=VALUE or FIELD!=VALUE`;
    terms.push({ field: m[1]!, value: m[3]!, not: m[2] === '!=' });
  }
  const fieldOf = (n: ArgoNode, field: string): string => {
    if (field === 'templateRef.name') return str(n.templateRef?.name);
    if (field === 'templateRef.template') return str(n.templateRef?.template);
    const p = /^inputs\.parameters\.(.+)\.value$/.exec(field);
    if (p) return str(rec(arr(rec(n.inputs).parameters).find((x) => rec(x).name === p[1])).value ?? '');
    return str((n as Record<string, unknown>)[field]);
  };
  return (n) => terms.every((t) => (fieldOf(n, t.field) === t.value) !== t.not);
}

/** Builds the parent/children graph; null when a node has no parent (Argo refuses such a workflow). */
function newWorkflowsDag(wfName: string, nodes: Record<string, ArgoNode>): Map<string, DagNode> | string {
  const dag = new Map<string, DagNode>();
  const parentOf = new Map<string, string>();
  for (const n of Object.values(nodes)) {
    dag.set(n.id, { n, children: [] });
    for (const c of n.children ?? []) if (!parentOf.has(c)) parentOf.set(c, n.id);
  }
  for (const d of dag.values()) {
    const parentId = parentOf.get(d.n.id);
    const name = d.n.name ?? '';
    if (!parentId && name !== wfName && !name.startsWith(`${wfName}.onExit`))
      return `couldn't find parent node for ${d.n.id}`;
    d.parent = parentId ? dag.get(parentId) : undefined;
    for (const c of d.n.children ?? []) {
      const child = dag.get(c);
      if (!child) return `couldn't obtain child ${c}`;
      d.children.push(child);
    }
  }
  return dag;
}

/** Every node below `n` (breadth first). */
function descendants(n: DagNode): Set<string> {
  const out = new Set<string>();
  const queue = [n];
  for (let i = 0; i < queue.length; i++)
    for (const c of queue[i]!.children)
      if (!out.has(c.n.id)) {
        out.add(c.n.id);
        queue.push(c);
      }
  return out;
}

/** Nodes in breadth-first order from the root (the exit handler left out). */
function sortedFromRoot(dag: Map<string, DagNode>, wfName: string): DagNode[] {
  const root = [...dag.values()].find((d) => d.n.name === wfName);
  if (!root) return [];
  const seen = new Set([root.n.id]);
  const out = [root];
  for (let i = 0; i < out.length; i++)
    for (const c of out[i]!.children)
      if (!seen.has(c.n.id)) {
        seen.add(c.n.id);
        out.push(c);
      }
  return out;
}

/** Walks up from `n` to the first node `match` accepts, resetting it. */
function resetUntil(n: DagNode | undefined, match: (d: DagNode) => boolean, reset: (id: string) => void): DagNode {
  for (let cur = n; cur; cur = cur.parent)
    if (match(cur)) {
      reset(cur.n.id);
      return cur;
    }
  throw new Error('was seeking node but ran out of nodes to explore');
}

/** Resets the retry, step group and task group nodes above `n` and its boundaries, up to the root. */
function resetBoundaries(n: DagNode | undefined, reset: (id: string) => void): DagNode | undefined {
  let cur = n;
  for (;;) {
    if (!cur) return cur;
    if (cur.parent?.n.type === 'Retry') {
      reset(cur.parent.n.id);
      cur = cur.parent;
    }
    if (cur.parent && (cur.parent.n.type === 'StepGroup' || cur.parent.n.type === 'TaskGroup')) reset(cur.parent.n.id);
    const boundary = cur.n.boundaryID ?? '';
    if (!boundary) return cur.parent;
    cur = resetUntil(cur, (d) => d.n.id === boundary, reset);
  }
}

/** What to reset and delete so that `startId` runs again: it and below deleted, the path above it reset. */
function resetPath(start: DagNode): { reset: Set<string>; del: Set<string> } {
  const del = descendants(start);
  del.add(start.n.id);
  const reset = new Set<string>();
  if (!start.parent) return { reset, del };
  let cur: DagNode | undefined = start;
  while (cur) {
    if (GROUP_TYPES.has(cur.n.type ?? '')) {
      reset.add(cur.n.id);
      cur = resetBoundaries(cur, (id) => reset.add(id));
      continue;
    }
    if (cur.n.type === 'Retry' && failedOrError(cur.n)) reset.add(cur.n.id);
    else if (cur.n.type === 'Container') {
      const pod = resetUntil(
        cur,
        (d) => d.n.type === 'Pod',
        (id) => reset.add(id),
      );
      del.add(pod.n.id);
      for (const id of descendants(pod)) del.add(id);
      cur = pod;
      continue;
    }
    cur = cur.parent;
  }
  return { reset, del };
}

/** Whether a succeeded step (not chosen to run again) lies below `n`: then `n` is not re-run as failed. */
function succeededBelow(n: ArgoNode, nodes: Record<string, ArgoNode>, chosen: Set<string>, seen = new Set<string>()) {
  for (const c of n.children ?? []) {
    const child = nodes[c];
    if (!child || seen.has(c)) continue;
    seen.add(c);
    if ((!chosen.has(c) && child.phase === 'Succeeded') || succeededBelow(child, nodes, chosen, seen)) return true;
  }
  return false;
}

function resetNode(n: ArgoNode, now: string): ArgoNode {
  const out: ArgoNode = { ...n };
  if (n.type === 'Suspend' && rec(n.outputs).parameters) {
    out.outputs = {
      ...rec(n.outputs),
      parameters: arr(rec(n.outputs).parameters).map((p) => ({
        name: rec(p).name,
        valueFrom: { supplied: {} },
      })),
    };
  }
  if (n.phase !== 'Skipped') out.phase = 'Running';
  delete out.message;
  out.startedAt = now;
  out.finishedAt = null as unknown as string;
  return out;
}

/** The plan to retry `wf` (whole, decoded status.nodes), or why Argo would refuse it. */
export function formulateRetry(wf: Obj, options: RetryOptions, now: Date): RetryPlan {
  const meta = rec(wf.metadata);
  const status = rec(wf.status);
  const wfName = str(meta.name);
  const phase = str(status.phase);
  const selectorText = options.nodeSelector?.trim() ?? '';
  const ids = options.rerunNodeIds ?? [];
  if (phase === 'Succeeded') {
    if ((!options.restartSuccessful || !selectorText) && !ids.length)
      return { ok: false, error: 'To retry a succeeded workflow, choose the succeeded steps to run again.' };
  } else if (phase !== 'Failed' && phase !== 'Error')
    return { ok: false, error: `Cannot retry a workflow in phase ${phase || '(none)'}: only a finished one.` };
  if (status.offloadNodeStatusVersion)
    return { ok: false, error: "Its node status is offloaded to Argo's database, which only Argo Server reads." };
  const parsed = workflowNodes(wf);
  if (parsed.kind !== 'nodes') return { ok: false, error: 'Its node status could not be read.' };
  // Nodes by their id (a node without one takes its key, as Argo's status map does).
  const nodes: Record<string, ArgoNode> = {};
  for (const [key, n] of Object.entries(parsed.nodes)) nodes[n.id || key] = n.id ? n : { ...n, id: key };
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');

  // The new workflow: not completed, no phase (the controller takes it up again), no message, started now.
  const labels = { ...rec(meta.labels) };
  delete labels['workflows.argoproj.io/completed'];
  delete labels['workflows.argoproj.io/workflow-archiving-status'];
  const spec = { ...rec(wf.spec) };
  delete spec.shutdown;
  if (spec.activeDeadlineSeconds === 0) delete spec.activeDeadlineSeconds;
  const newStatus: Obj = { ...status };
  const conditions = arr(status.conditions).filter((c) => rec(c).type !== 'Completed');
  newStatus.conditions = [...conditions, { type: 'Completed', status: 'False' }];
  newStatus.phase = '';
  delete newStatus.message;
  delete newStatus.compressedNodes;
  newStatus.startedAt = stamp;
  newStatus.finishedAt = null;
  newStatus.persistentVolumeClaims = [];
  if (status.storedWorkflowTemplateSpec) {
    const stored = { ...rec(status.storedWorkflowTemplateSpec) };
    delete stored.shutdown;
    newStatus.storedWorkflowTemplateSpec = stored;
  }
  if (options.parameters && Object.keys(options.parameters).length) {
    const given = Object.entries(options.parameters).map(([name, value]) => ({ name, value }));
    const args = rec(spec.arguments);
    const kept = arr(args.parameters).filter((p) => !(str(rec(p).name) in options.parameters!));
    spec.arguments = { ...args, parameters: [...given, ...kept] };
    if (newStatus.storedWorkflowTemplateSpec) {
      const stored = rec(newStatus.storedWorkflowTemplateSpec);
      newStatus.storedWorkflowTemplateSpec = {
        ...stored,
        arguments: { ...rec(stored.arguments), parameters: [...given, ...kept] },
      };
    }
  }

  // Which nodes run again: the chosen succeeded ones, and the failed execution nodes with nothing succeeded below.
  const chosen = new Set<string>();
  if (options.restartSuccessful && selectorText) {
    const match = parseNodeSelector(selectorText);
    if (typeof match === 'string') return { ok: false, error: `Bad node selector: ${match}` };
    for (const n of Object.values(nodes)) if (match(n)) chosen.add(n.id);
  }
  for (const id of ids) if (nodes[id]) chosen.add(id);
  const toRun = new Set(chosen);
  const retryParent = new Map<string, ArgoNode>();
  for (const n of Object.values(nodes)) if (n.type === 'Retry') for (const c of n.children ?? []) retryParent.set(c, n);
  for (const n of Object.values(nodes)) {
    if (!failedOrError(n) || !EXECUTION_TYPES.has(n.type ?? '')) continue;
    const retried = rec(n.nodeFlag).retried === true;
    const subject = (retried && retryParent.get(n.id)) || n;
    if (!succeededBelow(subject, nodes, chosen)) toRun.add(n.id);
  }

  const dag = newWorkflowsDag(wfName, nodes);
  if (typeof dag === 'string') return { ok: false, error: `Argo would refuse it: ${dag}` };
  const sorted = sortedFromRoot(dag, wfName);
  if (!sorted.length) return { ok: false, error: 'Its root node is missing from the status.' };
  const reset = new Set<string>();
  const del = new Set<string>();
  try {
    for (const d of sorted) {
      if (!toRun.has(d.n.id) || del.has(d.n.id)) continue;
      const path = resetPath(d);
      for (const id of path.reset) reset.add(id);
      for (const id of path.del) del.add(id);
    }
  } catch (e) {
    return { ok: false, error: `Argo would refuse it: ${(e as Error).message}` };
  }
  // With new parameters, the groups being reset expand again: their children go.
  if (options.parameters && Object.keys(options.parameters).length)
    for (const id of reset) {
      const n = nodes[id];
      if (del.has(id) || !n || (n.type !== 'TaskGroup' && n.type !== 'StepGroup')) continue;
      for (const c of descendants(dag.get(id)!)) del.add(c);
    }

  const onExit = `${wfName}.onExit`;
  const podsToDelete = new Set<string>();
  const newNodes: Record<string, ArgoNode> = {};
  for (const id of reset) if (!del.has(id) && nodes[id]) newNodes[id] = resetNode(nodes[id]!, stamp);
  for (const id of del) if (nodes[id]?.type === 'Pod') podsToDelete.add(podNameOfNode(wf, nodes[id]!));
  for (const n of Object.values(nodes)) {
    const drop = del.has(n.id) || (n.name ?? '').startsWith(onExit);
    if (!newNodes[n.id] && !drop) newNodes[n.id] = { ...n };
    if (n.name === onExit) {
      const exitNode = dag.get(n.id);
      for (const id of exitNode ? [n.id, ...descendants(exitNode)] : [n.id])
        if (nodes[id]) podsToDelete.add(podNameOfNode(wf, nodes[id]!));
    }
  }
  for (const n of Object.values(newNodes)) {
    const old = nodes[n.id]!;
    n.children = (old.children ?? []).filter((c) => !del.has(c));
    const outbound = arr(old.outboundNodes).map(str);
    if (old.outboundNodes !== undefined) n.outboundNodes = outbound.filter((c) => !del.has(c));
  }
  newStatus.nodes = newNodes;
  const rerun = [...del]
    .map((id) => nodes[id])
    .filter((n): n is ArgoNode => !!n && n.type === 'Pod')
    .map((n) => n.displayName ?? n.name ?? n.id);
  return {
    ok: true,
    workflow: { ...wf, metadata: { ...meta, labels }, spec, status: newStatus },
    podsToDelete: [...podsToDelete],
    rerun: [...new Set(rerun)],
  };
}
