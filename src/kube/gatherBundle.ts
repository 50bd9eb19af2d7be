// Collects the failure bundle of a failed step from the cluster: the node, its pod, the events of the pod and of
// its node, the node object, log tails of the containers that failed, retry attempts and upstream steps. Bounded
// whatever the workflow's size: the step and a few related nodes (see core/diagnose/bundle.ts), the newest events,
// log tails of a few lines, and no fields nothing reads (managedFields, a node's image list).
import { bundleNode, relatedNodesOf, type FailureBundle } from '../core/diagnose/bundle';
import { workflowNodes } from '../core/model/nodes';
import { podNameOfNode } from '../core/model/podName';
import { gatherPlacement, gatherQuotas, type Placement } from './gatherPlacement';
import type { KObject, KubeClient } from './kubeClient';

type Obj = Record<string, unknown>;
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const LOG_LINES = 80;
/** Characters of one log line kept (a line may be a megabyte of JSON). */
const LOG_LINE_CHARS = 2000;
/** Events kept at most, per object, the newest. */
const MAX_EVENTS = 50;

function template(workflow: KObject, name: string | undefined): Obj | undefined {
  const status = (workflow.status ?? {}) as Obj;
  const spec = (workflow.spec ?? {}) as Obj;
  const stored = Object.values((status.storedTemplates as Obj | undefined) ?? {}) as Obj[];
  const local = (spec.templates as Obj[] | undefined) ?? [];
  return [...local, ...stored].find((t) => t?.name === name);
}

/** An object as plain JSON without its managedFields (kilobytes nobody reads). */
function plain(v: unknown): Obj {
  const o = json(v) as Obj;
  const meta = o.metadata as Obj | undefined;
  if (meta) delete meta.managedFields;
  return o;
}

/** A node object without its image list (hundreds of entries on a busy node; no rule reads it). */
function plainNode(v: unknown): Obj {
  const o = plain(v);
  const status = o.status as Obj | undefined;
  if (status) delete status.images;
  return o;
}

/** The newest `MAX_EVENTS` events, as plain JSON. */
function newest(events: unknown[]): Obj[] {
  const time = (e: Obj) =>
    String(e.lastTimestamp ?? e.eventTime ?? (e.metadata as Obj | undefined)?.creationTimestamp ?? '');
  const list = events.map(plain);
  return list.length > MAX_EVENTS ? list.sort((a, b) => time(b).localeCompare(time(a))).slice(0, MAX_EVENTS) : list;
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
    onLines: (l) => {
      for (const x of l) lines.push(x.length > LOG_LINE_CHARS ? `${x.slice(0, LOG_LINE_CHARS)}…` : x);
      // Followed logs and servers that ignore tailLines: keep the tail only.
      if (lines.length > 2 * LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
    },
  });
  if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
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
  const pod = podR?.ok ? plain(podR.value) : null;
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
  // A pod no node takes: the nodes that come closest, its volumes. A pod the apiserver refused: the quotas.
  const extra: Placement[] = [];
  if (pod && unscheduled(pod)) extra.push(await gatherPlacement(kube, pod));
  extra.push(await gatherQuotas(kube, ns, String(n.message ?? '')));
  const clusterNodes = extra.find((x) => x.clusterNodes)?.clusterNodes;
  const related = extra.flatMap((x) => x.related);
  const notRead = extra.flatMap((x) => x.notRead);
  return {
    workflowNode: bundleNode(n),
    workflow: workflow.metadata?.name,
    namespace: ns,
    pod,
    events: [
      ...newest(podEvents?.ok ? podEvents.value : []),
      ...newest(nodeEvents?.ok ? nodeEvents.value : []),
      ...extra.flatMap((x) => x.events),
    ],
    node: nodeR?.ok ? plainNode(nodeR.value) : null,
    logTail: log.join('\n'),
    relatedNodes: relatedNodesOf(nodes, n).map(bundleNode),
    templateHints: tmpl
      ? { activeDeadlineSeconds: tmpl.activeDeadlineSeconds, retryStrategy: tmpl.retryStrategy }
      : undefined,
    templateOutputs: (tmpl?.outputs as Obj | undefined) ?? undefined,
    workflowSpecHints: {
      serviceAccountName: spec.serviceAccountName,
      podGC: spec.podGC,
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
    },
    ...(clusterNodes ? { clusterNodes } : {}),
    ...(related.length ? { related } : {}),
    ...(notRead.length ? { notRead } : {}),
    observedAt: now.toISOString(),
  };
}

/** A pod the scheduler has not placed: no node, and its PodScheduled condition False. */
function unscheduled(pod: Obj): boolean {
  const spec = (pod.spec ?? {}) as Obj;
  const conditions = (((pod.status ?? {}) as Obj).conditions as Obj[] | undefined) ?? [];
  return !spec.nodeName && conditions.some((c) => c?.type === 'PodScheduled' && c.status === 'False');
}
