// Which nodes come closest to taking a pod the scheduler could not place, and why each does not fit: its labels
// against the pod's nodeSelector and required node affinity, its zone against the pod's volumes, its taints against
// the pod's tolerations, what it can allocate against what the pod asks and what the pods already on it use. The
// scheduler's own message only counts nodes per reason; this names them. Pure: from a bundle's lean nodes.
import { arr, rec, str, type Obj } from '../model/json';
import { parseQuantity } from '../model/stepDetails';

/** A node as a bundle carries it: what scheduling reads, and what its pods already request (when listed). */
export interface LeanNode {
  name: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  allocatable: Record<string, string>;
  unschedulable?: boolean;
  ready?: boolean;
  /** What the pods on it that have not ended request; absent when they could not be listed. */
  requested?: Record<string, string>;
  /** How many such pods. */
  pods?: number;
}

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
const INSTANCE_LABEL = 'node.kubernetes.io/instance-type';
const strMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(rec(v)).map(([k, x]) => [k, str(x)]));

const taintsOf = (v: unknown): LeanNode['taints'] =>
  arr(v)
    .map(rec)
    .map((t) => ({ key: str(t.key), ...(str(t.value) ? { value: str(t.value) } : {}), effect: str(t.effect) }));

/** A Node object (or a bundle's lean node, read defensively) as a LeanNode; `requested` from its pods when known. */
export function leanNode(o: Obj, requested?: Map<string, number>, pods?: number): LeanNode {
  if (typeof o.name === 'string' && !o.metadata)
    return {
      name: o.name,
      labels: strMap(o.labels),
      taints: taintsOf(o.taints),
      allocatable: strMap(o.allocatable),
      ...(o.unschedulable === true ? { unschedulable: true } : {}),
      ...(typeof o.ready === 'boolean' ? { ready: o.ready } : {}),
      ...(o.requested && typeof o.requested === 'object' ? { requested: strMap(o.requested) } : {}),
      ...(typeof o.pods === 'number' ? { pods: o.pods } : {}),
    };
  const meta = rec(o.metadata);
  const spec = rec(o.spec);
  const status = rec(o.status);
  const ready = arr(status.conditions)
    .map(rec)
    .find((c) => str(c.type) === 'Ready');
  return {
    name: str(meta.name),
    labels: strMap(meta.labels),
    taints: taintsOf(spec.taints),
    allocatable: strMap(status.allocatable),
    ...(spec.unschedulable === true ? { unschedulable: true } : {}),
    ...(ready ? { ready: str(ready.status) === 'True' } : {}),
    ...(requested
      ? { requested: Object.fromEntries([...requested].map(([k, v]) => [k, formatAmount(k, v)])), pods: pods ?? 0 }
      : {}),
  };
}

/** What a pod asks of a node, as the scheduler counts it: the larger of its biggest init container and the rest. */
export function podRequests(podSpec: Obj): Map<string, number> {
  const sum = new Map<string, number>();
  const initMax = new Map<string, number>();
  const add = (m: Map<string, number>, c: Obj, max: boolean) => {
    const res = rec(c.resources);
    // A container that sets only a limit is given a request of the same amount.
    const req = { ...strMap(res.limits), ...strMap(res.requests) };
    for (const [k, v] of Object.entries(req)) {
      const q = parseQuantity(v);
      if (q === undefined) continue;
      m.set(k, max ? Math.max(m.get(k) ?? 0, q) : (m.get(k) ?? 0) + q);
    }
  };
  for (const c of arr(podSpec.containers).map(rec)) add(sum, c, false);
  for (const c of arr(podSpec.initContainers).map(rec)) add(initMax, c, true);
  const out = new Map<string, number>();
  for (const k of new Set([...sum.keys(), ...initMax.keys()]))
    out.set(k, Math.max(sum.get(k) ?? 0, initMax.get(k) ?? 0));
  return out;
}

/** An amount of a resource in its usual unit: "500m"/"2.5" CPUs, "12Gi"/"512Mi" bytes, "2" GPUs. */
export function formatAmount(resource: string, v: number): string {
  if (resource === 'cpu') return v < 1 ? `${Math.round(v * 1000)}m` : `${+v.toFixed(2)}`;
  if (resource === 'memory' || resource.endsWith('storage'))
    return v >= 1024 ** 3 ? `${+(v / 1024 ** 3).toFixed(2)}Gi` : `${+(v / 1024 ** 2).toFixed(0)}Mi`;
  return `${+v.toFixed(2)}`;
}

/** One reason a node does not take the pod. */
export interface Misfit {
  kind: 'selector' | 'volumeZone' | 'taint' | 'resource' | 'unschedulable' | 'notReady';
  /** For resources: which one. */
  resource?: string;
  words: string;
}

export interface NodeFit {
  node: LeanNode;
  misfits: Misfit[];
  /** How far the node is from fitting: selectors and volume zones far, taints nearer, a small shortfall nearest. */
  distance: number;
}

interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

const requirements = (term: Obj): Requirement[] =>
  arr(term.matchExpressions)
    .map(rec)
    .map((e) => ({ key: str(e.key), operator: str(e.operator) || 'In', values: arr(e.values).map(str) }));

function satisfies(labels: Record<string, string>, r: Requirement): boolean {
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return v !== undefined && r.values.includes(v);
    case 'NotIn':
      return v === undefined || !r.values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(r.values[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(r.values[0]);
    default:
      return false;
  }
}

/** Required node selector terms: any term whose requirements all hold. */
const matchesTerms = (labels: Record<string, string>, terms: Obj[]): boolean =>
  terms.length === 0 || terms.some((t) => requirements(t).every((r) => satisfies(labels, r)));

const requirementWords = (r: Requirement) =>
  r.operator === 'In'
    ? `${r.key} in (${r.values.join(', ')})`
    : r.operator === 'Exists' || r.operator === 'DoesNotExist'
      ? `${r.key} ${r.operator}`
      : `${r.key} ${r.operator} (${r.values.join(', ')})`;

function tolerated(taint: LeanNode['taints'][number], tolerations: Obj[]): boolean {
  return tolerations.some((t) => {
    const key = str(t.key);
    const op = str(t.operator) || 'Equal';
    const effect = str(t.effect);
    if (effect && effect !== taint.effect) return false;
    if (op === 'Exists') return !key || key === taint.key;
    return key === taint.key && str(t.value) === (taint.value ?? '');
  });
}

const taintWords = (t: LeanNode['taints'][number]) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** The volumes' node affinity (PersistentVolume spec.nodeAffinity.required) the pod brings along. */
export interface VolumeAffinity {
  volume: string;
  terms: Obj[];
}

export function volumeAffinities(pvs: Obj[]): VolumeAffinity[] {
  return pvs
    .map((pv) => ({
      volume: str(rec(pv.metadata).name),
      terms: arr(rec(rec(rec(pv.spec).nodeAffinity).required).nodeSelectorTerms).map(rec),
    }))
    .filter((v) => v.terms.length > 0);
}

/** Each node with the reasons it does not take the pod, closest first (those that fit, if any, come first). */
export function nodeFits(podSpec: Obj, nodes: LeanNode[], volumes: VolumeAffinity[] = []): NodeFit[] {
  const selector = strMap(podSpec.nodeSelector);
  const terms = arr(
    rec(rec(rec(podSpec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms,
  ).map(rec);
  const tolerations = arr(podSpec.tolerations).map(rec);
  const asks = podRequests(podSpec);
  return nodes
    .map((node): NodeFit => {
      const misfits: Misfit[] = [];
      let distance = 0;
      const miss = (m: Misfit, d: number) => {
        misfits.push(m);
        distance += d;
      };
      if (node.unschedulable) miss({ kind: 'unschedulable', words: 'cordoned (unschedulable)' }, 50);
      if (node.ready === false) miss({ kind: 'notReady', words: 'NotReady' }, 50);
      for (const [k, v] of Object.entries(selector))
        if (node.labels[k] !== v)
          miss(
            {
              kind: 'selector',
              words: `${k} is ${node.labels[k] === undefined ? 'not set' : node.labels[k]}, the step's nodeSelector asks ${v}`,
            },
            100,
          );
      if (!matchesTerms(node.labels, terms))
        miss(
          {
            kind: 'selector',
            words: `its labels match none of the step's required node affinity terms (${terms
              .map((t) => requirements(t).map(requirementWords).join(' and '))
              .join('; or ')})`,
          },
          100,
        );
      for (const v of volumes)
        if (!matchesTerms(node.labels, v.terms)) {
          const zones = v.terms
            .flatMap((t) => requirements(t).filter((r) => /zone/.test(r.key)))
            .flatMap((r) => r.values);
          miss(
            {
              kind: 'volumeZone',
              words: zones.length
                ? `volume ${v.volume} is in zone ${zones.join(' or ')}`
                : `volume ${v.volume}'s node affinity excludes it`,
            },
            100,
          );
        }
      for (const t of node.taints)
        if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(t, tolerations))
          miss({ kind: 'taint', words: `taint ${taintWords(t)} not tolerated` }, 10);
      for (const [r, ask] of asks) {
        if (ask <= 0) continue;
        const alloc = parseQuantity(node.allocatable[r] ?? '') ?? 0;
        const usedRaw = node.requested?.[r];
        const used = node.requested ? (parseQuantity(usedRaw ?? '0') ?? 0) : 0;
        if (alloc - used >= ask) continue;
        const inUse = node.requested ? `, ${formatAmount(r, used)} in use` : '';
        // Nearer when the node has some of it, nearer still when what it lacks is only what others use now.
        const lacking = (ask - Math.min(alloc, ask)) / ask;
        miss(
          {
            kind: 'resource',
            resource: r,
            words: alloc
              ? `${formatAmount(r, alloc)} ${r} allocatable${inUse}; the step asks ${formatAmount(r, ask)}`
              : `no ${r}; the step asks ${formatAmount(r, ask)}`,
          },
          1 + lacking + 0.5 * Math.min(1, used / ask),
        );
      }
      return { node, misfits, distance };
    })
    .sort((a, b) => a.distance - b.distance || a.node.name.localeCompare(b.node.name));
}

/** "gpu-node-1 (zone us-east-1a, g5.xlarge): 1 nvidia.com/gpu allocatable, 1 in use; the step asks 2". */
export function nodeFitLine(f: NodeFit): string {
  const where = [
    f.node.labels[ZONE_LABEL] ? `zone ${f.node.labels[ZONE_LABEL]}` : '',
    f.node.labels[INSTANCE_LABEL] ?? '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${f.node.name}${where ? ` (${where})` : ''}: ${f.misfits.map((m) => m.words).join('; ') || 'fits now'}`;
}
