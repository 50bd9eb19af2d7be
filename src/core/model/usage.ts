// Requested vs used, per step: the containers' requests and limits against what the metrics API measured while the
// step ran (peak, average), with verdicts in plain words: over-provisioned (peak under a third of the request: a
// smaller request suggested from the peak plus headroom) and near the limit (OOM risk). Without measurements, what
// Argo recorded (`resourcesDuration`: what the step held, requests × run time, not what it used).
import type { ArgoNode } from './argoNode';
import { arr, optStr, rec, type Obj } from './json';
import { isActive } from './phase';
import { formatDuration } from './present';
import { formatResource, quantityValue, roundRequest, type UsageResource } from './quantity';

/** One reading of the metrics API for a pod: per container, cores and bytes. */
export interface UsageSample {
  /** ISO time the metrics API measured (its `timestamp`). */
  at: string;
  containers: { name: string; cpu?: number; memory?: number }[];
}

/** Whether the cluster's metrics API answers: `absent` (no metrics.k8s.io), `forbidden`, or another failure. */
export type MetricsState = { state: 'served' } | { state: 'absent' | 'forbidden' | 'unavailable'; message: string };

export type UsageVerdict = 'over-provisioned' | 'near-limit' | 'ok' | 'unmeasured';

export interface UsageRow {
  container: string;
  resource: UsageResource;
  request?: string;
  limit?: string;
  peak?: string;
  average?: string;
  /** The peak as a whole percentage of the request. */
  percentOfRequest?: number;
  verdict: UsageVerdict;
  /** For an over-provisioned row: the request to set (peak plus headroom, rounded). */
  suggestedRequest?: string;
  /** One sentence: what to change and why. */
  advice?: string;
  /** A running step under a third of its request so far: judged once a minute of samples is in, or at its end. */
  underSoFar?: boolean;
}

/** What Argo recorded for a finished step: resource-seconds (requests × run time, not measured use). */
export interface ArgoRecorded {
  duration: string;
  /** Core-seconds. */
  cpuSeconds?: number;
  /** Seconds of 100Mi (Argo's memory unit). */
  memorySeconds?: number;
  /** What that averages to over the step's run: the resources it held. */
  cpuHeld?: string;
  memoryHeld?: string;
}

export interface UsageView {
  /** Where the used figures come from. */
  source: 'metrics' | 'argo' | 'none';
  /** Metrics API samples kept for the step. */
  samples: number;
  /** The span the samples cover. */
  sampledFor?: string;
  rows: UsageRow[];
  /** Plain-words findings, the most urgent first. */
  lines: string[];
  /** One note when usage cannot be measured (no metrics API, not allowed to read it). */
  note?: string;
  argo?: ArgoRecorded;
}

export interface UsageInputs {
  /** The step's pod (its containers' requests and limits), if it can be read or was recorded. */
  pod?: Obj;
  node?: ArgoNode;
  samples: readonly UsageSample[];
  metrics?: MetricsState;
  now: Date;
}

/** Over-provisioned below this fraction of the request (by the peak). */
export const OVER_PROVISIONED_BELOW = 1 / 3;
/** Near the limit above this fraction of it (by the peak). */
export const NEAR_LIMIT_ABOVE = 0.9;
/**
 * A smaller request is suggested for a running step only once its samples span this long (a step's memory often
 * grows after its first minute); a finished step's samples are all there is.
 */
export const SETTLED_AFTER_MS = 60_000;
/** Headroom over the observed peak for a suggested request. */
export const HEADROOM = 0.2;
/** Below these savings a smaller request is not worth a line (the executor's tiny requests). */
const MIN_SAVING: Record<UsageResource, number> = { cpu: 0.1, memory: 128 * 1024 ** 2 };
/** A raised memory limit is rounded up to this. */
const LIMIT_STEP = 256 * 1024 ** 2;
/** Argo's memory unit in resourcesDuration (ResourceQuantityDenominator: 100Mi). */
export const ARGO_MEMORY_UNIT = 100 * 1024 ** 2;

const RESOURCES: UsageResource[] = ['memory', 'cpu'];

interface Spec {
  name: string;
  requests: Partial<Record<UsageResource, number>>;
  limits: Partial<Record<UsageResource, number>>;
}

/** The pod's (non-init) containers with their requests and limits; unreadable quantities count as unset. */
export function containerSpecs(pod: Obj | undefined): Spec[] {
  const read = (v: unknown) => {
    const o = rec(v);
    const out: Partial<Record<UsageResource, number>> = {};
    for (const r of RESOURCES) {
      const q = quantityValue(o[r]);
      if (q !== undefined) out[r] = q;
    }
    return out;
  };
  return arr(rec(rec(pod).spec).containers)
    .map(rec)
    .flatMap((c) => {
      const name = optStr(c.name);
      const res = rec(c.resources);
      return name ? [{ name, requests: read(res.requests), limits: read(res.limits) }] : [];
    });
}

const pct = (a: number, b: number) => Math.round((a / b) * 100);

function row(spec: Spec | undefined, name: string, r: UsageResource, values: number[], settled: boolean): UsageRow {
  const request = spec?.requests[r];
  // Kubernetes sets the request to the limit when only the limit is given.
  const limit = spec?.limits[r];
  const req = request ?? limit;
  const base: UsageRow = {
    container: name,
    resource: r,
    ...(req !== undefined ? { request: formatResource(r, req) } : {}),
    ...(limit !== undefined ? { limit: formatResource(r, limit) } : {}),
    verdict: 'unmeasured',
  };
  if (!values.length) return base;
  const peak = Math.max(...values);
  const average = values.reduce((a, b) => a + b, 0) / values.length;
  const out: UsageRow = {
    ...base,
    peak: formatResource(r, peak),
    average: formatResource(r, average),
    ...(req ? { percentOfRequest: pct(peak, req) } : {}),
    verdict: 'ok',
  };
  const what = r === 'cpu' ? 'CPU' : 'memory';
  if (limit && peak > NEAR_LIMIT_ABOVE * limit) {
    out.verdict = 'near-limit';
    out.advice =
      r === 'memory'
        ? `Risk of OOMKilled: ${name}'s memory peaked at ${formatResource(r, peak)}, ${pct(peak, limit)}% of its ${formatResource(r, limit)} limit. Raise the limit to ${formatResource(r, Math.ceil((peak * (1 + HEADROOM)) / LIMIT_STEP) * LIMIT_STEP)} or hold less in memory.`
        : `${name} runs at its CPU limit (peak ${formatResource(r, peak)}, ${pct(peak, limit)}% of ${formatResource(r, limit)}): it is throttled and runs slower. Raise the limit or remove it.`;
    return out;
  }
  if (req && peak < OVER_PROVISIONED_BELOW * req) {
    const suggested = roundRequest(r, peak * (1 + HEADROOM));
    if (req - suggested >= MIN_SAVING[r] && !settled) out.underSoFar = true;
    else if (req - suggested >= MIN_SAVING[r]) {
      out.verdict = 'over-provisioned';
      out.suggestedRequest = formatResource(r, suggested);
      const unit = r === 'cpu' ? ' CPU' : '';
      out.advice = `Request ${out.suggestedRequest}${unit} instead of ${formatResource(r, req)}${unit}: the ${what} peak was ${formatResource(r, peak)} (${pct(peak, req)}% of the request).`;
    }
  }
  return out;
}

function argoRecorded(node: ArgoNode | undefined): ArgoRecorded | undefined {
  const rd = rec((node as Obj | undefined)?.resourcesDuration);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  const cpu = num(rd.cpu);
  const memory = num(rd.memory);
  if (cpu === undefined && memory === undefined) return undefined;
  const start = Date.parse(node?.startedAt ?? '');
  const end = Date.parse(node?.finishedAt ?? '');
  const seconds = Number.isNaN(start) || Number.isNaN(end) || end <= start ? undefined : (end - start) / 1000;
  return {
    duration: seconds ? formatDuration(seconds * 1000) : 'an unknown time',
    ...(cpu !== undefined ? { cpuSeconds: cpu } : {}),
    ...(memory !== undefined ? { memorySeconds: memory } : {}),
    ...(seconds && cpu !== undefined ? { cpuHeld: formatResource('cpu', cpu / seconds) } : {}),
    ...(seconds && memory !== undefined
      ? { memoryHeld: formatResource('memory', (memory * ARGO_MEMORY_UNIT) / seconds) }
      : {}),
  };
}

/** Requested vs used for one step (a pod node). */
export function usageView(i: UsageInputs): UsageView {
  const specs = containerSpecs(i.pod);
  const samples = [...i.samples]
    .filter((s) => !Number.isNaN(Date.parse(s.at)))
    .sort((a, b) => a.at.localeCompare(b.at));
  // The main container first (the one a template's resources set), then the others in pod order.
  const names = [
    ...new Set([...specs.map((s) => s.name), ...samples.flatMap((s) => s.containers.map((c) => c.name))]),
  ].sort((a, b) => Number(b === 'main') - Number(a === 'main'));
  const measured = samples.length > 0;
  const span = measured ? Date.parse(samples[samples.length - 1]!.at) - Date.parse(samples[0]!.at) : 0;
  const running = isActive(i.node?.phase);
  const settled = !running || span >= SETTLED_AFTER_MS;
  const rows = measured
    ? names.flatMap((name) => {
        const spec = specs.find((s) => s.name === name);
        return RESOURCES.map((r) =>
          row(
            spec,
            name,
            r,
            samples.flatMap((s) => {
              const v = s.containers.find((c) => c.name === name)?.[r];
              return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? [v] : [];
            }),
            settled,
          ),
        );
      })
    : [];
  const argo = argoRecorded(i.node);
  const lines: string[] = [];
  for (const v of ['near-limit', 'over-provisioned'] as const)
    for (const r of rows) if (r.verdict === v && r.advice) lines.push(r.advice);
  let sampledFor: string | undefined;
  if (measured) {
    sampledFor = formatDuration(span);
    const under = rows.filter((r) => r.underSoFar);
    if (under.length)
      lines.push(
        `So far ${under.map((r) => `${r.container} uses ${r.percentOfRequest}% of its ${r.resource} request`).join(', ')}: a smaller request is suggested after a minute of samples, or when the step ends.`,
      );
    else if (!lines.length) lines.push('Every container uses between a third of its request and 90% of its limit.');
    lines.push(
      `Measured by the metrics API: ${samples.length} sample${samples.length === 1 ? '' : 's'}${span > 0 ? ` over ${sampledFor}` : ''}, while the step ran.`,
    );
  }
  let note: string | undefined;
  const m = i.metrics;
  if (!measured && m && m.state !== 'served')
    note =
      m.state === 'absent'
        ? 'This cluster serves no metrics API (metrics.k8s.io, installed with metrics-server): what the step uses cannot be measured. Shown instead: what Argo recorded.'
        : m.state === 'forbidden'
          ? `You may not read the metrics API (pods in metrics.k8s.io): ${m.message}`
          : `The metrics API did not answer: ${m.message}`;
  if (argo) {
    const parts = [
      argo.cpuSeconds !== undefined ? `${Math.round(argo.cpuSeconds)} CPU-seconds` : '',
      argo.memorySeconds !== undefined ? `${Math.round(argo.memorySeconds)} seconds of 100Mi memory` : '',
    ].filter(Boolean);
    const held = [argo.cpuHeld ? `${argo.cpuHeld} CPU` : '', argo.memoryHeld ? `${argo.memoryHeld} memory` : '']
      .filter(Boolean)
      .join(' and ');
    lines.push(
      `Argo recorded ${parts.join(' and ')} over ${argo.duration}${held ? `: ${held} held on average` : ''}. Argo counts each container's request (else its limit, else 100m CPU and 100Mi) × its run time, not what it used.`,
    );
  }
  if (!measured && !argo && !note)
    lines.push(
      running
        ? 'No usage measured yet: the metrics API is read every 15 seconds while the step runs.'
        : 'No usage was measured while the step ran, and Argo recorded no resource duration for it.',
    );
  return {
    source: measured ? 'metrics' : argo ? 'argo' : 'none',
    samples: samples.length,
    ...(sampledFor && samples.length > 1 ? { sampledFor } : {}),
    rows,
    lines,
    ...(note ? { note } : {}),
    ...(argo ? { argo } : {}),
  };
}
