// The evidence of why a pod cannot start where the scheduler or the apiserver put it on hold: the cluster's nodes
// (lean, at most MAX_CLUSTER_NODES) with what the pods on the closest ones already request, the pod's volume claims
// and their volumes (zones), and the namespace's ResourceQuotas or LimitRanges when they refused the pod. Bounded:
// one page of nodes, pods listed on at most MAX_COUNTED nodes, a few claims; what is forbidden is left out and said.
import { MAX_CLUSTER_NODES } from '../core/diagnose/bundle';
import { leanNode, nodeFits, podRequests, volumeAffinities, type LeanNode } from '../core/diagnose/nodeFit';
import type { KubeError } from './errors';
import type { KObject, KubeClient } from './kubeClient';

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Nodes whose pods are listed (to know what is in use on them): the closest ones. */
const MAX_COUNTED = 8;
/** Volume claims of a pod read at most. */
const MAX_CLAIMS = 4;

/** An object without its managedFields. */
function lean(o: KObject): Obj {
  const copy = JSON.parse(JSON.stringify(o)) as Obj;
  delete rec(copy.metadata).managedFields;
  return copy;
}

const why = (what: string, e: KubeError) => `${what}: ${e.kind}${e.status ? ` (${e.status})` : ''}`;

export interface Placement {
  clusterNodes?: LeanNode[];
  related: Obj[];
  events: Obj[];
  notRead: string[];
}

/** The pod's claims, their volumes and the claims' events. */
async function volumesOf(kube: KubeClient, pod: Obj, out: Placement): Promise<Obj[]> {
  const ns = String(rec(pod.metadata).namespace ?? '');
  const claims = arr(rec(pod.spec).volumes)
    .map((v) => String(rec(rec(v).persistentVolumeClaim).claimName ?? ''))
    .filter(Boolean)
    .slice(0, MAX_CLAIMS);
  const pvs: Obj[] = [];
  for (const claim of claims) {
    const r = await kube.getCore('persistentvolumeclaims', ns, claim);
    if (!r.ok) {
      if (r.error.kind !== 'notFound') out.notRead.push(why(`claim ${claim}`, r.error));
      continue;
    }
    out.related.push(lean(r.value));
    const events = await kube.listEventsFor({ kind: 'PersistentVolumeClaim', name: claim, namespace: ns });
    if (events.ok) out.events.push(...events.value.slice(-10).map(lean));
    const volume = String(rec(r.value.spec).volumeName ?? '');
    if (!volume) continue;
    const pv = await kube.getCore('persistentvolumes', undefined, volume);
    if (pv.ok) {
      const o = lean(pv.value);
      out.related.push(o);
      pvs.push(o);
    } else out.notRead.push(why(`volume ${volume}`, pv.error));
  }
  return pvs;
}

/** What the pods on a node that have not ended request, and how many they are; undefined when not listable. */
async function inUse(
  kube: KubeClient,
  node: string,
): Promise<{ requested: Map<string, number>; pods: number } | KubeError> {
  const r = await kube.listCore('pods', {
    fieldSelector: `spec.nodeName=${node},status.phase!=Succeeded,status.phase!=Failed`,
    limit: 500,
  });
  if (!r.ok) return r.error;
  const requested = new Map<string, number>();
  for (const p of r.value) for (const [k, v] of podRequests(rec(p.spec))) requested.set(k, (requested.get(k) ?? 0) + v);
  return { requested, pods: r.value.length };
}

/** Nodes, volumes and what is in use, for a pod the scheduler could not place. */
export async function gatherPlacement(kube: KubeClient, pod: Obj): Promise<Placement> {
  const out: Placement = { related: [], events: [], notRead: [] };
  const pvs = await volumesOf(kube, pod, out);
  const nodes = await kube.listCore('nodes', { limit: MAX_CLUSTER_NODES });
  if (!nodes.ok) {
    out.notRead.push(why('nodes', nodes.error));
    return out;
  }
  const lean = nodes.value.map((n) => leanNode(n as Obj));
  const closest = nodeFits(rec(pod.spec), lean, volumeAffinities(pvs))
    .slice(0, MAX_COUNTED)
    .map((f) => f.node.name);
  const counted = await Promise.all(closest.map((n) => inUse(kube, n)));
  const denied = counted.find((c): c is KubeError => 'kind' in c);
  if (denied) out.notRead.push(why('pods on the nodes', denied));
  out.clusterNodes = lean.map((n) => {
    const i = closest.indexOf(n.name);
    const c = i >= 0 ? counted[i] : undefined;
    return c && !('kind' in c)
      ? leanNode(nodes.value.find((x) => x.metadata?.name === n.name) as Obj, c.requested, c.pods)
      : n;
  });
  return out;
}

/** LimitRanger's and ResourceQuota's refusals, as the apiserver words them. */
const QUOTA = /exceeded quota|failed quota/;
const LIMIT_RANGE = /(maximum|minimum) \S+ usage per (Container|Pod)|must be (less|greater) than or equal to \S+ limit/;

/** The namespace's ResourceQuotas (and LimitRanges) when a message says they refused the pod. */
export async function gatherQuotas(kube: KubeClient, namespace: string, text: string): Promise<Placement> {
  const out: Placement = { related: [], events: [], notRead: [] };
  const want: ['resourcequotas' | 'limitranges', RegExp][] = [
    ['resourcequotas', QUOTA],
    ['limitranges', LIMIT_RANGE],
  ];
  for (const [plural, re] of want) {
    if (!re.test(text)) continue;
    const r = await kube.listCore(plural, { namespace, limit: 20 });
    // List items come without their kind.
    const kind = plural === 'resourcequotas' ? 'ResourceQuota' : 'LimitRange';
    if (r.ok) out.related.push(...r.value.map((o) => ({ apiVersion: 'v1', kind, ...lean(o) })));
    else out.notRead.push(why(`${plural} in ${namespace}`, r.error));
  }
  return out;
}
