// Samples the metrics API for the running steps whose panels are open (every SAMPLE_MS at most per step), keeps a
// bounded history per step and hands it to a keeper (the evidence store), so a step's usage outlives its pod.
import type { MetricsState, UsageSample } from '../core/model/usage';
import type { KubeClient } from './kubeClient';
import { readPodMetrics } from './podMetrics';

export interface StepKey {
  context: string;
  namespace: string;
  workflow: string;
  nodeId: string;
}

/** Where samples are kept beyond memory (EvidenceStore implements it). */
export interface UsageKeeper {
  getUsage(context: string, namespace: string, workflow: string, nodeId: string): UsageSample[] | undefined;
  putUsage(context: string, namespace: string, workflow: string, nodeId: string, samples: UsageSample[]): void;
}

export interface SamplerOptions {
  /** A step is sampled at most this often. */
  everyMs: number;
  /** Samples kept per step (the oldest go first). */
  maxSamples: number;
  /** After the cluster said it has no metrics API, ask again only after this long. */
  absentRecheckMs: number;
}

export const SAMPLE_MS = 15_000;
export const DEFAULT_SAMPLER: SamplerOptions = { everyMs: SAMPLE_MS, maxSamples: 240, absentRecheckMs: 10 * 60_000 };

const keyOf = (k: StepKey) => `${k.context}\u0000${k.namespace}\u0000${k.workflow}\u0000${k.nodeId}`;

export class UsageSampler {
  private readonly history = new Map<string, UsageSample[]>();
  private readonly lastTry = new Map<string, number>();
  private readonly state = new Map<string, { metrics: MetricsState; at: number }>();
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly keeper?: UsageKeeper,
    private readonly opts: SamplerOptions = DEFAULT_SAMPLER,
    private readonly now: () => number = Date.now,
  ) {}

  /** The samples kept for a step (from memory, else from the keeper). */
  samples(k: StepKey): UsageSample[] {
    const key = keyOf(k);
    let h = this.history.get(key);
    if (!h) {
      const kept = this.keeper?.getUsage(k.context, k.namespace, k.workflow, k.nodeId);
      h = Array.isArray(kept) ? kept.slice(-this.opts.maxSamples) : [];
      if (h.length) this.history.set(key, h);
    }
    return h;
  }

  /** What the metrics API of a context last answered, if it was asked. */
  metrics(context: string): MetricsState | undefined {
    return this.state.get(context)?.metrics;
  }

  /**
   * Reads the pod's usage if the step was not sampled in the last `everyMs` (and the context's metrics API is not
   * known to be absent); resolves true when a new sample was kept.
   */
  async sampleIfDue(kube: KubeClient, k: StepKey, pod: string): Promise<boolean> {
    const key = keyOf(k);
    const t = this.now();
    if (this.inFlight.has(key) || t - (this.lastTry.get(key) ?? -Infinity) < this.opts.everyMs) return false;
    const known = this.state.get(k.context);
    if (known?.metrics.state === 'absent' && t - known.at < this.opts.absentRecheckMs) return false;
    this.lastTry.set(key, t);
    this.inFlight.add(key);
    try {
      const r = await readPodMetrics(kube, k.namespace, pod);
      this.state.set(k.context, { metrics: r.metrics, at: t });
      if (!r.sample) return false;
      const h = this.samples(k);
      if (h.length && h[h.length - 1]!.at >= r.sample.at) return false;
      const next = [...h, r.sample].slice(-this.opts.maxSamples);
      this.history.set(key, next);
      this.keeper?.putUsage(k.context, k.namespace, k.workflow, k.nodeId, next);
      return true;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Forgets a step held in memory (its panel closed); the keeper still has it. */
  release(k: StepKey): void {
    this.history.delete(keyOf(k));
    this.lastTry.delete(keyOf(k));
  }
}
