// Samples the metrics API for running steps, keeps a bounded history per step and hands it to a keeper (the evidence
// store), so a step's usage outlives its pod. Two ways in: a step whose panel is open (one pod, every SAMPLE_MS at
// most), and every running step of a namespace in the background (one list of the namespace's PodMetrics per
// round, kept to disk at most every `saveEveryMs` per step and once more when the step stops running).
import type { MetricsState, UsageSample } from '../core/model/usage';
import type { KubeClient } from './kubeClient';
import { readNamespaceMetrics, readPodMetrics } from './podMetrics';

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
  /** Every step of a workflow with kept samples, by node id (node ids are kept as file-safe names). */
  usageOfWorkflow?(context: string, namespace: string, workflow: string): Map<string, UsageSample[]>;
}

/** A running step and the name of its pod. */
export interface RunningStep {
  key: StepKey;
  pod: string;
}

export interface SamplerOptions {
  /** A step is sampled at most this often. */
  everyMs: number;
  /** Samples kept per step (the oldest go first). */
  maxSamples: number;
  /** After the cluster said it has no metrics API, ask again only after this long. */
  absentRecheckMs: number;
  /** A step sampled in the background is written to the keeper at most this often (and when it stops running). */
  saveEveryMs: number;
}

export const SAMPLE_MS = 15_000;
/** Workflows whose kept samples are cached for their panels, at most. */
const MAX_WORKFLOWS_READ = 20;
export const DEFAULT_SAMPLER: SamplerOptions = {
  everyMs: SAMPLE_MS,
  maxSamples: 240,
  absentRecheckMs: 10 * 60_000,
  saveEveryMs: 60_000,
};

const keyOf = (k: StepKey) => `${k.context}\u0000${k.namespace}\u0000${k.workflow}\u0000${k.nodeId}`;

export class UsageSampler {
  private readonly history = new Map<string, UsageSample[]>();
  private readonly lastTry = new Map<string, number>();
  private readonly state = new Map<string, { metrics: MetricsState; at: number }>();
  private readonly inFlight = new Set<string>();
  /** Steps sampled in the background, by key: what is not yet written to the keeper, and when it last was. */
  private readonly background = new Map<
    string,
    { k: StepKey; namespaceKey: string; unsaved: boolean; savedAt: number }
  >();
  /** The keeper's samples of the workflows asked for lately, and when they were read. */
  private readonly keptOfWorkflow = new Map<string, { at: number; samples: Map<string, UsageSample[]> }>();
  /** context + namespace whose metrics could not be read in the background, and when. */
  private readonly namespaceFailed = new Map<string, number>();

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

  /** The samples of every step of a workflow that has some, by node id: the keeper's, then those in memory. */
  samplesOfWorkflow(context: string, namespace: string, workflow: string): Map<string, UsageSample[]> {
    const prefix = keyOf({ context, namespace, workflow, nodeId: '' });
    // What the keeper has is read at most once a round (a panel asks on every refresh; a fan-out has hundreds).
    const t = this.now();
    let kept = this.keptOfWorkflow.get(prefix);
    if (!kept || t - kept.at >= this.opts.everyMs) {
      kept = { at: t, samples: this.keeper?.usageOfWorkflow?.(context, namespace, workflow) ?? new Map() };
      this.keptOfWorkflow.set(prefix, kept);
      if (this.keptOfWorkflow.size > MAX_WORKFLOWS_READ)
        this.keptOfWorkflow.delete(this.keptOfWorkflow.keys().next().value!);
    }
    const out = new Map(kept.samples);
    for (const [key, h] of this.history) if (key.startsWith(prefix) && h.length) out.set(key.slice(prefix.length), h);
    return out;
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
      const next = this.add(k, r.sample);
      if (!next) return false;
      this.keeper?.putUsage(k.context, k.namespace, k.workflow, k.nodeId, next);
      const bg = this.background.get(key);
      if (bg) Object.assign(bg, { unsaved: false, savedAt: t });
      return true;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * Samples every running step of one namespace with a single read of its PodMetrics. Steps of the namespace sampled
   * in an earlier round and absent from `running` have stopped: their samples are written to the keeper and dropped
   * from memory. Resolves with how many steps got a new sample. A namespace whose metrics cannot be read (no metrics
   * API, forbidden) is asked again only after `absentRecheckMs`.
   */
  async sampleRunning(kube: KubeClient, context: string, namespace: string, running: RunningStep[]): Promise<number> {
    const t = this.now();
    const namespaceKey = `${context}\u0000${namespace}`;
    const current = new Set(running.map((s) => keyOf(s.key)));
    for (const [key, bg] of this.background)
      if (bg.namespaceKey === namespaceKey && !current.has(key)) {
        this.save(key, bg, t);
        this.background.delete(key);
        this.release(bg.k);
      }
    if (!running.length || t - (this.namespaceFailed.get(namespaceKey) ?? -Infinity) < this.opts.absentRecheckMs)
      return 0;
    const r = await readNamespaceMetrics(kube, namespace);
    this.state.set(context, { metrics: r.metrics, at: t });
    if (r.metrics.state !== 'served') {
      this.namespaceFailed.set(namespaceKey, t);
      return 0;
    }
    this.namespaceFailed.delete(namespaceKey);
    let got = 0;
    for (const s of running) {
      const sample = r.samples.get(s.pod);
      if (!sample) continue;
      const key = keyOf(s.key);
      const bg = this.background.get(key) ?? { k: s.key, namespaceKey, unsaved: false, savedAt: -Infinity };
      this.background.set(key, bg);
      if (!this.add(s.key, sample)) continue;
      got++;
      bg.unsaved = true;
      if (t - bg.savedAt >= this.opts.saveEveryMs) this.save(key, bg, t);
    }
    return got;
  }

  /** Writes every step sampled in the background that has unsaved samples (e.g. when the extension stops). */
  flush(): void {
    const t = this.now();
    for (const [key, bg] of this.background) this.save(key, bg, t);
  }

  /** Appends a sample newer than the step's last one; the new history, or undefined when it was not newer. */
  private add(k: StepKey, sample: UsageSample): UsageSample[] | undefined {
    const h = this.samples(k);
    if (h.length && h[h.length - 1]!.at >= sample.at) return undefined;
    const next = [...h, sample].slice(-this.opts.maxSamples);
    this.history.set(keyOf(k), next);
    return next;
  }

  private save(key: string, bg: { k: StepKey; unsaved: boolean; savedAt: number }, t: number): void {
    if (!bg.unsaved) return;
    const h = this.history.get(key);
    if (h?.length) this.keeper?.putUsage(bg.k.context, bg.k.namespace, bg.k.workflow, bg.k.nodeId, h);
    bg.unsaved = false;
    bg.savedAt = t;
  }

  /** Forgets a step held in memory (its panel closed); the keeper still has it. */
  release(k: StepKey): void {
    if (this.background.has(keyOf(k))) return; // still sampled in the background: forgotten when it stops running

    this.history.delete(keyOf(k));
    this.lastTry.delete(keyOf(k));
  }
}
