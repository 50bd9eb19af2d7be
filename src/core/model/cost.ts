// What a workflow run cost, from the prices the user set (per CPU-hour, GiB-hour, GPU-hour) and what each pod step
// used: Argo's `resourcesDuration` on its node (an estimate Argo computes from the pod's requests, or limits, times
// its containers' run time), else the step template's requests times the step's duration. Also what went to retries
// (failed attempts that were tried again) and to re-running steps that had already succeeded (a resubmitted run).
// What a run used, whatever the prices (`runUsage`), is counted step by step the same way, for the run history.
import type { ArgoNode } from './argoNode';
import { rec, arr, optStr, str } from './json';
import { workflowNodes } from './nodes';
import { isFailed } from './phase';
import { parseQuantity } from './stepDetails';
import type { Workflow } from './workflow';
import { templateOfNode, templatesOf } from './workflowTemplates';

/** Prices per hour, all optional; no price set means no cost is shown anywhere. */
export interface CostPrices {
  cpuHour?: number;
  memoryGiBHour?: number;
  gpuHour?: number;
  /** A symbol ("$", "€") or a code ("EUR"); "$" when unset. */
  currency?: string;
  /** The fraction taken off on spot / preemptible nodes (0.7 = 70% cheaper); 0 when unset. */
  spotDiscount?: number;
}

/** Resources used: CPU in core-seconds, memory in GiB-seconds, GPUs in GPU-seconds. */
export interface Usage {
  cpuCoreSeconds: number;
  memoryGiBSeconds: number;
  gpuSeconds: number;
}

export interface Money {
  cpu: number;
  memory: number;
  gpu: number;
  total: number;
}

export interface StepCost {
  nodeId: string;
  /** The step's name in the run (without the workflow's name). */
  name: string;
  /** Its display name (a retried step's own, without the attempt). */
  label: string;
  cost: Money;
  spot: boolean;
  /** Where its usage came from: Argo's resourcesDuration, or requests × duration. */
  source: 'argo' | 'requests';
  /** A failed attempt of a retried step that was tried again. */
  retry: boolean;
  /** A step that had succeeded in the run this one was resubmitted from. */
  rerun: boolean;
}

export interface WorkflowCost {
  currency: string;
  cost: Money;
  steps: StepCost[];
  /** Failed attempts tried again: their cost and count. */
  retries: { cost: number; attempts: number };
  /** A resubmitted run: the run it came from, and (when that run was here to compare) what re-running cost. */
  resubmittedFrom?: string;
  reruns?: { cost: number; steps: number };
  spotSteps: number;
  /** Pod steps with neither resourcesDuration nor a duration: not counted. */
  unpriced: number;
}

export const RESUBMITTED_FROM_LABEL = 'workflows.argoproj.io/resubmitted-from-workflow';
/** Argo's base amount for memory in resourcesDuration: 100Mi (1Gi before v3.0). */
const MEMORY_BASE_GIB = 100 / 1024;

/** Whether any price is set (a positive number). */
export function hasPrices(p: CostPrices | undefined): p is CostPrices {
  return !!p && [p.cpuHour, p.memoryGiBHour, p.gpuHour].some((v) => typeof v === 'number' && v > 0);
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

/**
 * Argo's resourcesDuration (resource name → seconds of its base amount) as usage: `cpu` is in core-seconds (base 1
 * core), `memory` in 100Mi-seconds, GPUs (`nvidia.com/gpu`, `amd.com/gpu`, any `…/gpu`) in GPU-seconds (base 1).
 * Undefined when there is none.
 */
export function usageOfResourcesDuration(rd: unknown): Usage | undefined {
  const r = rec(rd);
  const keys = Object.keys(r);
  if (!keys.length) return undefined;
  let gpu = 0;
  for (const k of keys) if (k === 'gpu' || k.endsWith('/gpu')) gpu += num(r[k]);
  return { cpuCoreSeconds: num(r.cpu), memoryGiBSeconds: num(r.memory) * MEMORY_BASE_GIB, gpuSeconds: gpu };
}

/**
 * Usage from a template's container requests (else limits, else Argo's defaults of 100m CPU and 100Mi memory, as
 * Argo estimates it) over `seconds`.
 */
export function usageOfRequests(template: unknown, seconds: number): Usage {
  const t = rec(template);
  const containers = [rec(t.container), rec(t.script), ...arr(rec(t.containerSet).containers).map(rec)].filter(
    (c) => Object.keys(c).length,
  );
  let cpu = 0;
  let mem = 0;
  let gpu = 0;
  for (const c of containers.length ? containers : [{}]) {
    const res = rec(rec(c).resources);
    const amount = (name: string): number | undefined => {
      const q = optStr(rec(res.requests)[name]) ?? optStr(rec(res.limits)[name]);
      return q === undefined ? undefined : parseQuantity(q);
    };
    cpu += amount('cpu') ?? 0.1;
    mem += amount('memory') ?? 100 * 1024 ** 2;
    for (const k of new Set([...Object.keys(rec(res.requests)), ...Object.keys(rec(res.limits))]))
      if (k.endsWith('/gpu')) gpu += amount(k) ?? 0;
  }
  const s = Math.max(0, seconds);
  return { cpuCoreSeconds: cpu * s, memoryGiBSeconds: (mem / 1024 ** 3) * s, gpuSeconds: gpu * s };
}

/** The price of some usage; spot usage with the spot discount taken off. */
export function priceOf(u: Usage, p: CostPrices, spot = false): Money {
  const f = spot ? 1 - Math.min(1, num(p.spotDiscount)) : 1;
  const cpu = (u.cpuCoreSeconds / 3600) * num(p.cpuHour) * f;
  const memory = (u.memoryGiBSeconds / 3600) * num(p.memoryGiBHour) * f;
  const gpu = (u.gpuSeconds / 3600) * num(p.gpuHour) * f;
  return { cpu, memory, gpu, total: cpu + memory + gpu };
}

/** "$4.12", "€0.30", "12.50 EUR", "<$0.01". */
export function formatMoney(amount: number, currency = '$'): string {
  const code = /^[A-Za-z]{3}$/.test(currency);
  const fmt = (n: number) =>
    n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) as string;
  if (amount > 0 && amount < 0.005) return code ? `<0.01 ${currency}` : `<${currency}0.01`;
  return code ? `${fmt(amount)} ${currency}` : `${currency}${fmt(amount)}`;
}

const seconds = (from: string | undefined, to: string | undefined, now: Date): number => {
  const a = from ? Date.parse(from) : NaN;
  const b = to ? Date.parse(to) : now.getTime();
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : (b - a) / 1000;
};

/**
 * The step a pod node belongs to, the same across runs: its name without the workflow's name, and for an attempt of
 * a retried step, the retried step's name (attempts are numbered differently in each run).
 */
function stepKeys(wfName: string, nodes: Record<string, ArgoNode>): Map<string, { key: string; retry?: ArgoNode }> {
  const parentOf = new Map<string, ArgoNode>();
  // Node status read as is: anything that is not an object is no node.
  const nodeAt = (id: string) => (nodes[id] && typeof nodes[id] === 'object' ? nodes[id] : undefined);
  for (const id in nodes) for (const c of arr(nodeAt(id)?.children)) parentOf.set(str(c), nodes[id]!);
  // "wf[0].prepare" and "wf.step": the same step in another run is "other[0].prepare", "other.step".
  const strip = (name: string) =>
    wfName && name.startsWith(wfName) ? name.slice(wfName.length).replace(/^\./, '') : name;
  const out = new Map<string, { key: string; retry?: ArgoNode }>();
  for (const id in nodes) {
    const n = nodeAt(id);
    if (n?.type !== 'Pod') continue;
    const parent = parentOf.get(id);
    const retry = parent?.type === 'Retry' ? parent : undefined;
    out.set(id, { key: strip(optStr((retry ?? n).name) ?? optStr(n.displayName) ?? id), retry });
  }
  return out;
}

/** The steps that succeeded in a run (keys as `stepKeys` makes them); undefined without its node status. */
export function succeededSteps(wf: Workflow | undefined): Set<string> | undefined {
  const parsed = wf ? workflowNodes(wf) : undefined;
  if (!wf || parsed?.kind !== 'nodes') return undefined;
  const out = new Set<string>();
  for (const [id, { key }] of stepKeys(wf.metadata?.name ?? '', parsed.nodes))
    if (parsed.nodes[id]!.phase === 'Succeeded') out.add(key);
  return out;
}

export interface CostOptions {
  /** Kubernetes nodes known to be spot / preemptible. */
  spotNodes?: ReadonlySet<string>;
  /** For a resubmitted run: the run it was resubmitted from, whole (a summary or nothing: not compared). */
  previous?: Workflow;
  now?: Date;
}

/** One pod step's usage, or why it has none; memoized steps (cache hits) are left out. */
type StepUsage =
  | { id: string; key: string; retry?: ArgoNode; usage: Usage; source: StepCost['source']; spot: boolean }
  | { id: string; key: string; retry?: ArgoNode; usage?: undefined; counted: boolean };

/** The usage of each pod step of a run (the same for its cost and for the record of what it used). */
function stepUsages(wf: Workflow, nodes: Record<string, ArgoNode>, opts: CostOptions): StepUsage[] {
  const now = opts.now ?? new Date();
  const out: StepUsage[] = [];
  let templates: ReturnType<typeof templatesOf> | undefined;
  for (const [id, { key, retry }] of stepKeys(wf.metadata?.name ?? '', nodes)) {
    const n = nodes[id]!;
    if (rec(n.memoizationStatus).hit === true) continue;
    let usage = usageOfResourcesDuration(n.resourcesDuration);
    let source: StepCost['source'] = 'argo';
    if (!usage) {
      const s = n.startedAt ? seconds(n.startedAt, n.finishedAt, now) : NaN;
      if (!(s >= 0)) {
        out.push({ id, key, retry, counted: n.phase !== 'Pending' && n.phase !== 'Skipped' && n.phase !== 'Omitted' });
        continue;
      }
      usage = usageOfRequests(templateOfNode(wf, n, (templates ??= templatesOf(wf))), s);
      source = 'requests';
    }
    const spot = !!n.hostNodeName && !!opts.spotNodes?.has(n.hostNodeName);
    out.push({ id, key, retry, usage, source, spot });
  }
  return out;
}

/** What a run used, whatever the prices: all its pod steps, and of that the part on spot nodes. */
export interface RunUsage extends Usage {
  /** The part of the usage on spot / preemptible nodes (priced with the spot discount); absent when none. */
  spot?: Usage;
}

const addUsage = (a: Usage, b: Usage): Usage => ({
  cpuCoreSeconds: a.cpuCoreSeconds + b.cpuCoreSeconds,
  memoryGiBSeconds: a.memoryGiBSeconds + b.memoryGiBSeconds,
  gpuSeconds: a.gpuSeconds + b.gpuSeconds,
});
const NO_USAGE: Usage = { cpuCoreSeconds: 0, memoryGiBSeconds: 0, gpuSeconds: 0 };

/**
 * What a run used, step by step as `workflowCost` counts it, summed (priced with `priceOfRunUsage`, it comes to the
 * same total); undefined without node status.
 */
export function runUsage(wf: Workflow, opts: Omit<CostOptions, 'previous'> = {}): RunUsage | undefined {
  const parsed = workflowNodes(wf);
  if (parsed.kind !== 'nodes') return undefined;
  let all = NO_USAGE;
  let spot: Usage | undefined;
  for (const s of stepUsages(wf, parsed.nodes, opts)) {
    if (!s.usage) continue;
    all = addUsage(all, s.usage);
    if (s.spot) spot = addUsage(spot ?? NO_USAGE, s.usage);
  }
  return { ...all, ...(spot ? { spot } : {}) };
}

/** The price of what a run used: its spot part with the spot discount taken off. */
export function priceOfRunUsage(u: RunUsage, p: CostPrices): Money {
  const s = u.spot ?? NO_USAGE;
  const onDemand = priceOf(
    {
      cpuCoreSeconds: Math.max(0, u.cpuCoreSeconds - s.cpuCoreSeconds),
      memoryGiBSeconds: Math.max(0, u.memoryGiBSeconds - s.memoryGiBSeconds),
      gpuSeconds: Math.max(0, u.gpuSeconds - s.gpuSeconds),
    },
    p,
  );
  const spot = priceOf(s, p, true);
  return {
    cpu: onDemand.cpu + spot.cpu,
    memory: onDemand.memory + spot.memory,
    gpu: onDemand.gpu + spot.gpu,
    total: onDemand.total + spot.total,
  };
}

/** What a run cost, step by step; undefined without prices or without node status. */
export function workflowCost(
  wf: Workflow,
  prices: CostPrices | undefined,
  opts: CostOptions = {},
): WorkflowCost | undefined {
  if (!hasPrices(prices)) return undefined;
  const parsed = workflowNodes(wf);
  if (parsed.kind !== 'nodes') return undefined;
  const nodes = parsed.nodes;
  const resubmittedFrom = optStr(wf.metadata?.labels?.[RESUBMITTED_FROM_LABEL]);
  const before = resubmittedFrom ? succeededSteps(opts.previous) : undefined;
  const out: WorkflowCost = {
    currency: prices.currency || '$',
    cost: { cpu: 0, memory: 0, gpu: 0, total: 0 },
    steps: [],
    retries: { cost: 0, attempts: 0 },
    ...(resubmittedFrom ? { resubmittedFrom } : {}),
    ...(before ? { reruns: { cost: 0, steps: 0 } } : {}),
    spotSteps: 0,
    unpriced: 0,
  };
  const rerunKeys = new Set<string>();
  for (const step of stepUsages(wf, nodes, opts)) {
    const { id, key, retry } = step;
    if (!step.usage) {
      if (step.counted) out.unpriced++;
      continue;
    }
    const { usage, source, spot } = step;
    const n = nodes[id]!;
    const cost = priceOf(usage, prices, spot);
    // A failed attempt followed by another one: what retrying cost.
    const attempts = arr(retry?.children).filter((c) => nodes[str(c)]?.type === 'Pod');
    const isRetry =
      !!retry && isFailed(n.phase) && attempts.indexOf(id) >= 0 && attempts.indexOf(id) < attempts.length - 1;
    const rerun = !!before?.has(key);
    const label = (retry ?? n).displayName ?? key;
    out.steps.push({ nodeId: id, name: key, label, cost, spot, source, retry: isRetry, rerun });
    out.cost.cpu += cost.cpu;
    out.cost.memory += cost.memory;
    out.cost.gpu += cost.gpu;
    out.cost.total += cost.total;
    if (spot) out.spotSteps++;
    if (isRetry) {
      out.retries.cost += cost.total;
      out.retries.attempts++;
    }
    if (rerun && out.reruns) {
      out.reruns.cost += cost.total;
      rerunKeys.add(key);
    }
  }
  if (out.reruns) out.reruns.steps = rerunKeys.size;
  return out;
}

/** A finished run's cost from its status total alone (a summary: no steps, no spot); undefined without prices. */
export function totalCost(wf: Workflow, prices: CostPrices | undefined): Money | undefined {
  if (!hasPrices(prices)) return undefined;
  const usage = usageOfResourcesDuration(wf.status?.resourcesDuration);
  return usage ? priceOf(usage, prices) : undefined;
}
