// What a waiting step or workflow waits on, read from the Workflow objects a bundle holds: the locks of Argo's
// synchronization (semaphores, mutexes), the workflows that hold them or hold a parallelism slot, the controller's
// configmap, suspend nodes, durations. No user-facing words here: those are in the detectors' texts sections.
//
// Argo versions differ: the spec names one lock (`synchronization.semaphore` / `mutex`, 3.4–3.5) or lists them
// (`semaphores` / `mutexes`, 3.6+ and 4.x); the status keeps `synchronization.semaphore|mutex.{holding,waiting}`.
// Lock names are `ns/ConfigMap/name/key`, `ns/Database/name` (3.7+) or `ns/Mutex/name`.
import { arr, rec, str, type Obj } from '../model/json';
import { secondsBetween, type Facts } from './bundle';

export interface LockName {
  /** As Argo writes it: "ml-team/ConfigMap/semaphore-limits/gpu-jobs". */
  full: string;
  namespace: string;
  /** ConfigMap, Database or Mutex ('' when the name has another shape). */
  kind: string;
  /** The ConfigMap's name, the database semaphore's or the mutex's name. */
  name: string;
  /** The ConfigMap key of a ConfigMap semaphore. */
  key: string;
}

export function parseLock(full: string): LockName {
  const [namespace = '', kind = '', name = '', ...key] = full.split('/');
  if (!['ConfigMap', 'Database', 'Mutex'].includes(kind)) return { full, namespace: '', kind: '', name: full, key: '' };
  return { full, namespace, kind, name, key: key.join('/') };
}

/** A lock's short name: the ConfigMap key of a ConfigMap semaphore, else the name. */
export const lockShort = (l: LockName): string => l.key || l.name;

export interface SyncEntry {
  lock: 'semaphore' | 'mutex';
  name: LockName;
  /** The holders as Argo lists them: "ns/workflow/nodeId", "ns/workflow", "workflow" or "nodeId". */
  holders: string[];
}

/** The locks a workflow status lists as held or waited for. */
export function syncEntries(workflow: Obj, role: 'holding' | 'waiting'): SyncEntry[] {
  const sync = rec(rec(workflow.status).synchronization);
  const out: SyncEntry[] = [];
  for (const lock of ['semaphore', 'mutex'] as const)
    for (const part of [sync[lock], sync[`${lock}s`]])
      for (const e of arr(rec(part)[role]).map(rec)) {
        const name = str(e[lock]) || str(e.name) || str(e.lock);
        if (!name) continue;
        const holders = [...arr(e.holders).map(str), str(e.holder)].filter(Boolean);
        out.push({ lock, name: parseLock(name), holders });
      }
  return out;
}

/** "Waiting for ns/ConfigMap/cm/key lock. Lock status: 0/2" in any of the texts. */
export interface LockMessage {
  name: LockName;
  /** Free slots and the limit, when the message gives them. */
  free?: number;
  limit?: number;
  message: string;
}

const WAITING_FOR_LOCK = /Waiting for (\S+?) lock\.?(?:\s*Lock status:\s*(\d+)\s*\/\s*(\d+))?/;

export function lockMessages(texts: string[]): LockMessage[] {
  const out: LockMessage[] = [];
  for (const t of texts) {
    const m = WAITING_FOR_LOCK.exec(t);
    if (!m) continue;
    out.push({
      name: parseLock(m[1]!),
      free: m[2] === undefined ? undefined : Number(m[2]),
      limit: m[3] === undefined ? undefined : Number(m[3]),
      message: t,
    });
  }
  return out;
}

export const isKind = (o: Obj, kind: string): boolean => str(o.kind) === kind;
export const nameOf = (o: Obj): string => str(rec(o.metadata).name);
export const namespaceOf = (o: Obj): string => str(rec(o.metadata).namespace);
export const phaseOf = (wf: Obj): string => str(rec(wf.status).phase);
export const labelsOf = (o: Obj): Record<string, string> =>
  Object.fromEntries(Object.entries(rec(rec(o.metadata).labels)).map(([k, v]) => [k, str(v)]));

/** The other Workflows the bundle holds (never the explained one itself). */
export function relatedWorkflows(f: Facts): Obj[] {
  return f.related.filter(
    (o) =>
      isKind(o, 'Workflow') &&
      !!nameOf(o) &&
      !(nameOf(o) === f.workflowName && (namespaceOf(o) || f.workflowNamespace) === f.workflowNamespace),
  );
}

/** The workflow a holder string names, among the related ones when one matches. */
export function holderWorkflow(
  holder: string,
  lock: LockName,
  f: Facts,
): { name: string; workflow?: Obj; step?: string } {
  const parts = holder.split('/');
  const wfs = relatedWorkflows(f);
  // Another step of the explained workflow itself ("ns/self/nodeId", or a node id of its own).
  const self = f.workflowName;
  const nodeId =
    parts.length >= 3 ? parts[2]! : parts.length === 1 && self && holder.startsWith(`${self}-`) ? holder : '';
  if (self && nodeId && (parts.length === 1 || parts[1] === self)) {
    const node = nodesOf(f.workflow).find((n) => str(n.id) === nodeId);
    return { name: self, step: (node && (str(node.displayName) || str(node.name))) || nodeId };
  }
  // "ns/wf/node" or "ns/wf": the workflow is the second part; a single part is a workflow or one of its node ids.
  const candidate = parts.length >= 2 ? parts[1]! : parts[0]!;
  const exact = wfs.find((w) => nameOf(w) === candidate);
  if (exact) return { name: candidate, workflow: exact };
  const owner = wfs.find((w) => candidate.startsWith(`${nameOf(w)}-`));
  if (owner) return { name: nameOf(owner), workflow: owner };
  // Related workflows that list this lock as held claim it even when the holder string is unusual.
  const holding = wfs.find((w) =>
    syncEntries(w, 'holding').some((e) => e.name.full === lock.full && e.holders.includes(holder)),
  );
  if (holding) return { name: nameOf(holding), workflow: holding };
  return { name: candidate };
}

/** The workflows holding a lock: named by the waiting entry, and the related ones that list it as held. */
export function lockHolders(
  f: Facts,
  lock: LockName,
  named: string[],
): { name: string; workflow?: Obj; step?: string }[] {
  const out = new Map<string, { name: string; workflow?: Obj; step?: string }>();
  for (const h of named) {
    const w = holderWorkflow(h, lock, f);
    const key = w.step ? `${w.name}/${w.step}` : w.name;
    if (!out.has(key) || w.workflow) out.set(key, w);
  }
  for (const w of relatedWorkflows(f))
    if (syncEntries(w, 'holding').some((e) => e.name.full === lock.full || sameLock(e.name, lock)))
      out.set(nameOf(w), { name: nameOf(w), workflow: w });
  return [...out.values()];
}

/** Two lock names for the same lock (namespaces may be left out by older holders' status). */
export const sameLock = (a: LockName, b: LockName): boolean =>
  a.full === b.full || (a.kind === b.kind && a.name === b.name && a.key === b.key && (!a.namespace || !b.namespace));

/** The limit of a ConfigMap semaphore, from the ConfigMap the bundle holds. */
export function configMapLimit(f: Facts, lock: LockName): number | undefined {
  if (lock.kind !== 'ConfigMap') return undefined;
  const cm = f.related.find(
    (o) => isKind(o, 'ConfigMap') && nameOf(o) === lock.name && (!namespaceOf(o) || namespaceOf(o) === lock.namespace),
  );
  const v = rec(cm?.data)[lock.key];
  const n = Number.parseInt(str(v), 10);
  return Number.isFinite(n) ? n : undefined;
}

/** A workflow's nodes (status.nodes as a map, or a list). */
export function nodesOf(wf: Obj): Obj[] {
  const nodes = rec(wf.status).nodes;
  return (Array.isArray(nodes) ? nodes : Object.values(rec(nodes))).map(rec);
}

/** A workflow's suspend nodes that are still waiting (Running or Pending). */
export const waitingSuspends = (wf: Obj): Obj[] =>
  nodesOf(wf).filter((n) => str(n.type) === 'Suspend' && ['Running', 'Pending'].includes(str(n.phase)));

/** A template of the workflow's spec by name. */
export function templateOf(wf: Obj, name: string): Obj {
  return rec(
    arr(rec(wf.spec).templates)
      .map(rec)
      .find((t) => str(t.name) === name),
  );
}

/** Seconds since an ISO time, at the time the bundle was captured (NaN when either is unknown). */
export const ageAt = (f: Facts, iso: string): number => secondsBetween(iso, f.observedAt);

/** A duration as Argo and Kubernetes write it ("30s", "2m", "1h30m", "90", 90) in seconds, NaN when unreadable. */
export function durationSeconds(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = str(v).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s|d)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== s) return NaN;
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
  return parts.reduce((n, p) => n + Number(p[1]) * unit[p[2]!]!, 0);
}

/** The controller's configmap among the related objects, and a setting from it (data key or the `config` YAML). */
export function controllerSetting(f: Facts, key: string): { value: string; configMap: Obj } | undefined {
  for (const cm of f.related.filter((o) => isKind(o, 'ConfigMap'))) {
    const data = rec(cm.data);
    const direct = str(data[key]);
    const isController = /workflow-controller/.test(nameOf(cm));
    if (direct && (isController || key !== 'parallelism')) return { value: direct, configMap: cm };
    const inConfig = new RegExp(`^\\s*${key}:\\s*"?([\\w.-]+)"?\\s*$`, 'm').exec(str(data.config))?.[1];
    if (inConfig) return { value: inConfig, configMap: cm };
  }
  return undefined;
}
