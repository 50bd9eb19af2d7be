// Collects the failure bundle of a failed step from the cluster: the node, its pod, the events of the pod and of
// its node, the node object, log tails of the containers that failed, retry attempts and upstream steps.
import type { BundleNode, FailureBundle } from '../core/diagnose/bundle';
import type { ArgoNode } from '../core/model/argoNode';
import { workflowNodes } from '../core/model/nodes';
import { podNameOfNode } from '../core/model/podName';
import type { KObject, KubeClient } from './kubeClient';

type Obj = Record<string, unknown>;
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const LOG_LINES = 80;

function template(workflow: KObject, name: string | undefined): Obj | undefined {
  const status = (workflow.status ?? {}) as Obj;
  const spec = (workflow.spec ?? {}) as Obj;
  const stored = Object.values((status.storedTemplates as Obj | undefined) ?? {}) as Obj[];
  const local = (spec.templates as Obj[] | undefined) ?? [];
  return [...local, ...stored].find((t) => t?.name === name);
}

/** Steps whose outputs this node may have consumed: DAG dependencies and the previous step group, plus retry attempts. */
function relatedOf(nodes: Record<string, ArgoNode>, n: ArgoNode): ArgoNode[] {
  const out = new Map<string, ArgoNode>();
  for (const c of n.children ?? []) if (nodes[c] && n.type === 'Retry') out.set(c, nodes[c]!);
  for (const p of Object.values(nodes)) {
    if (p.id === n.id || p.boundaryID !== n.boundaryID) continue;
    // In a DAG a task's children are the tasks that depend on it; in steps the previous group points at the next.
    if ((p.children ?? []).includes(n.id) && p.type !== 'StepGroup' && p.type !== 'Retry') out.set(p.id, p);
  }
  // Steps: nodes of the previous step group (name "wf[i].step").
  const idx = /\[(\d+)\]\.[^.]+$/.exec(n.name ?? '')?.[1];
  if (idx !== undefined && Number(idx) > 0) {
    const prefix = (n.name ?? '').replace(/\[\d+\]\.[^.]+$/, `[${Number(idx) - 1}].`);
    for (const p of Object.values(nodes)) if (p.name?.startsWith(prefix) && p.type !== 'StepGroup') out.set(p.id, p);
  }
  return [...out.values()].slice(0, 20);
}

/** A bundle's log tail holds main's lines as they are and other containers' lines prefixed with "[name] ". */
const tailLine = (container: string, line: string) => (container === 'main' ? line : `[${container}] ${line}`);

/** The lines of one container in a bundle's log tail (the inverse of how gatherBundle writes it). */
export function containerLinesOf(logTail: string, container: string): string[] {
  const prefix = tailLine(container, '');
  return logTail
    .split('\n')
    .filter((l) => (container === 'main' ? !/^\[[a-z0-9-]+\] /.test(l) : l.startsWith(prefix)))
    .map((l) => l.slice(prefix.length));
}

async function logTail(
  kube: KubeClient,
  namespace: string,
  pod: string,
  container: string,
  previous = false,
): Promise<string[]> {
  const lines: string[] = [];
  const r = await kube.readPodLog({
    namespace,
    pod,
    container,
    tailLines: LOG_LINES,
    previous,
    onLines: (l) => lines.push(...l),
  });
  return r.ok ? lines : [];
}

/** Reads everything about a failed step; what cannot be read (pod gone, forbidden) is simply absent. */
export async function gatherBundle(
  kube: KubeClient,
  workflow: KObject,
  nodeId: string,
  now = new Date(),
): Promise<FailureBundle | undefined> {
  const parsed = workflowNodes(workflow);
  if (parsed.kind !== 'nodes' || !parsed.nodes[nodeId]) return undefined;
  const nodes = parsed.nodes;
  const n = nodes[nodeId]!;
  const ns = workflow.metadata?.namespace ?? '';
  const isPod = n.type === 'Pod';
  const podName = isPod ? podNameOfNode(workflow, n) : '';
  const podR = isPod ? await kube.getPod(ns, podName) : undefined;
  const pod = podR?.ok ? (json(podR.value) as Obj) : null;
  const hostName =
    (pod ? String(((pod.spec as Obj | undefined)?.nodeName as string | undefined) ?? '') : '') || n.hostNodeName || '';
  const [podEvents, nodeR, nodeEvents] = await Promise.all([
    isPod ? kube.listEventsFor({ kind: 'Pod', name: podName, namespace: ns }) : undefined,
    hostName ? kube.getNode(hostName) : undefined,
    hostName ? kube.listEventsFor({ kind: 'Node', name: hostName }) : undefined,
  ]);
  // Log tails of the containers that did not end well (main by default), each line tagged like `argo logs` does.
  const log: string[] = [];
  if (pod) {
    const status = (pod.status ?? {}) as Obj;
    const statuses = [
      ...((status.initContainerStatuses as Obj[] | undefined) ?? []),
      ...((status.containerStatuses as Obj[] | undefined) ?? []),
    ];
    const bad = statuses
      .filter((s) => {
        const t = ((s.state as Obj | undefined)?.terminated ?? (s.lastState as Obj | undefined)?.terminated) as
          Obj | undefined;
        return t && t.exitCode !== 0;
      })
      .map((s) => String(s.name));
    const containers = [...new Set(['main', ...bad])];
    for (const c of containers) {
      const lines = await logTail(kube, ns, podName, c);
      log.push(...lines.map((l) => tailLine(c, l)));
    }
  }
  const tmpl = template(workflow, n.templateName);
  const spec = (workflow.spec ?? {}) as Obj;
  const related: BundleNode[] = relatedOf(nodes, n).map((r) => ({ ...(r as BundleNode) }));
  return {
    workflowNode: { ...(n as BundleNode) },
    workflow: workflow.metadata?.name,
    namespace: ns,
    pod,
    events: json([...(podEvents?.ok ? podEvents.value : []), ...(nodeEvents?.ok ? nodeEvents.value : [])]) as Obj[],
    node: nodeR?.ok ? (json(nodeR.value) as Obj) : null,
    logTail: log.join('\n'),
    relatedNodes: related,
    templateHints: tmpl
      ? { activeDeadlineSeconds: tmpl.activeDeadlineSeconds, retryStrategy: tmpl.retryStrategy }
      : undefined,
    templateOutputs: (tmpl?.outputs as Obj | undefined) ?? undefined,
    workflowSpecHints: {
      serviceAccountName: spec.serviceAccountName,
      podGC: spec.podGC,
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
    },
    observedAt: now.toISOString(),
  };
}
