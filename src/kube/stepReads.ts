import { workflowNodes } from '../core/model/nodes';
import { podNameOfNode } from '../core/model/podName';
import { buildStepSnapshot, type Read, type StepSnapshot } from '../core/model/stepDetails';
import type { FailureBundle } from '../core/diagnose/bundle';
import type { MetricsState, UsageSample } from '../core/model/usage';
import type { KObject, KResult, KubeClient } from './kubeClient';

type Obj = Record<string, unknown>;

/** client-node hands back typed objects with Date fields: back to the API's JSON (ISO strings), as the model expects. */
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

async function read(r: KResult<KObject>): Promise<Read<Obj>> {
  const x = await r;
  if (x.ok) return { ok: true, value: json(x.value) as Obj };
  return {
    ok: false,
    kind: x.error.kind === 'notFound' ? 'notFound' : x.error.kind === 'forbidden' ? 'forbidden' : 'other',
    message: x.error.message,
  };
}

/** Host nodes read per panel refresh at most, for the "where it ran" zones. */
const MAX_HOST_NODES = 30;

/**
 * Everything the step panel shows about one node of a workflow, read from the cluster in parallel: the pod, its
 * events, its node and that node's events, and the zones of the nodes the workflow's other steps ran on.
 * `nodeCache` keeps node objects between refreshes (they change rarely; the step's own node is always re-read).
 */
export async function readStep(
  kube: KubeClient,
  workflow: KObject,
  nodeId: string,
  nodeCache = new Map<string, Obj>(),
  now = new Date(),
  recorded?: FailureBundle,
  usage?: { samples: readonly UsageSample[]; metrics?: MetricsState },
): Promise<StepSnapshot | undefined> {
  const nodes = workflowNodes(workflow);
  if (nodes.kind !== 'nodes' || !nodes.nodes[nodeId]) return undefined;
  const n = nodes.nodes[nodeId]!;
  const ns = workflow.metadata?.namespace ?? '';
  const isPod = n.type === 'Pod';
  const podName = isPod ? podNameOfNode(workflow, n) : '';
  let [pod, podEvents] = isPod
    ? await Promise.all([
        read(kube.getPod(ns, podName)),
        kube.listEventsFor({ kind: 'Pod', name: podName, namespace: ns }),
      ])
    : [undefined, undefined];
  // The pod is gone (pod GC): show what was recorded when the step failed, and say so.
  let recordedAt: string | undefined;
  if (pod && !pod.ok && pod.kind === 'notFound' && recorded?.pod) {
    pod = { ok: true, value: recorded.pod };
    recordedAt = recorded.observedAt ?? 'an earlier time';
    if (!podEvents?.ok || !podEvents.value.length)
      podEvents = {
        ok: true,
        value: (recorded.events ?? []).filter(
          (e) => ((e.involvedObject as Obj | undefined)?.kind ?? 'Pod') === 'Pod',
        ) as KObject[],
      };
  }
  const hostName =
    (pod?.ok ? String(((pod.value.spec as Obj | undefined)?.nodeName as string | undefined) ?? '') : '') ||
    n.hostNodeName;
  const [node, nodeEvents] = hostName
    ? await Promise.all([read(kube.getNode(hostName)), kube.listEventsFor({ kind: 'Node', name: hostName })])
    : [undefined, undefined];
  if (node?.ok && hostName) nodeCache.set(hostName, node.value);
  // The other hosts the workflow ran on, in one pass over its nodes (there may be 100,000; hosts are few).
  const hostSet = new Set<string>();
  for (const id in nodes.nodes) {
    const h = nodes.nodes[id]?.hostNodeName;
    if (h) hostSet.add(h);
  }
  const hosts = [...hostSet].filter((h) => !nodeCache.has(h)).slice(0, MAX_HOST_NODES);
  const nodeReadsForbidden = node && !node.ok && node.kind === 'forbidden';
  if (!nodeReadsForbidden) {
    const more = await Promise.all(hosts.map(async (h) => [h, await read(kube.getNode(h))] as const));
    for (const [h, r] of more) if (r.ok) nodeCache.set(h, r.value);
  }
  const snapshot = buildStepSnapshot({
    workflow: workflow as Obj,
    nodes: nodes.nodes,
    nodeId,
    podName,
    pod,
    podEvents: podEvents?.ok ? json(podEvents.value as Obj[]) : [],
    node,
    nodeEvents: nodeEvents?.ok ? json(nodeEvents.value as Obj[]) : [],
    hostNodes: nodeCache,
    now,
    usage,
  });
  return recordedAt ? { ...snapshot, recordedAt } : snapshot;
}
