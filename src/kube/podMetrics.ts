// Reading a pod's usage from the metrics API (metrics.k8s.io/v1beta1 PodMetrics, as metrics-server serves it). An
// absent API, a pod not measured yet and a forbidden read are answers, not errors.
import { arr, optStr, rec } from '../core/model/json';
import { quantityValue } from '../core/model/quantity';
import type { MetricsState, UsageSample } from '../core/model/usage';
import type { KubeError } from './errors';
import type { KubeClient } from './kubeClient';

export const METRICS_GROUP = 'metrics.k8s.io';

/** One PodMetrics object as a sample (cores and bytes per container), or undefined when it is not one. */
export function sampleOfPodMetrics(v: unknown): UsageSample | undefined {
  const o = rec(v);
  const at = optStr(o.timestamp);
  if (!at || Number.isNaN(Date.parse(at))) return undefined;
  const containers = arr(o.containers)
    .map(rec)
    .flatMap((c) => {
      const name = optStr(c.name);
      if (!name) return [];
      const usage = rec(c.usage);
      const cpu = quantityValue(usage.cpu);
      const memory = quantityValue(usage.memory);
      return [{ name, ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}) }];
    });
  return containers.length ? { at: new Date(Date.parse(at)).toISOString(), containers } : undefined;
}

export interface MetricsRead {
  metrics: MetricsState;
  /** Set when the metrics API measured the pod. */
  sample?: UsageSample;
}

/**
 * Reads a pod's PodMetrics. A 404 is either no metrics API (the group is not served: `absent`) or a pod the API has
 * not measured (yet, or any more): the API is `served` and no sample comes back.
 */
export async function readPodMetrics(kube: KubeClient, namespace: string, pod: string): Promise<MetricsRead> {
  const r = await kube.getPodMetrics(namespace, pod);
  if (r.ok) {
    const sample = sampleOfPodMetrics(r.value);
    return sample
      ? { metrics: { state: 'served' }, sample }
      : { metrics: { state: 'unavailable', message: `the PodMetrics of ${pod} hold no usable measurement.` } };
  }
  // A 404 with the group served: the pod is not measured (yet, or any more).
  const metrics = await failedReadState(kube, r.error);
  return { metrics: metrics ?? { state: 'served' } };
}

export interface NamespaceMetricsRead {
  metrics: MetricsState;
  /** Samples by pod name, for the pods the metrics API measured. */
  samples: Map<string, UsageSample>;
}

/** Reads every PodMetrics of a namespace at once (one request however many steps run there). */
export async function readNamespaceMetrics(kube: KubeClient, namespace: string): Promise<NamespaceMetricsRead> {
  const samples = new Map<string, UsageSample>();
  const r = await kube.listPodMetrics(namespace);
  if (r.ok) {
    for (const item of r.value) {
      const name = optStr(rec(rec(item).metadata).name);
      const sample = sampleOfPodMetrics(item);
      if (name && sample) samples.set(name, sample);
    }
    return { metrics: { state: 'served' }, samples };
  }
  return {
    metrics: (await failedReadState(kube, r.error)) ?? { state: 'unavailable', message: r.error.message },
    samples,
  };
}

/**
 * What a failed read says about the metrics API: `absent` when a 404 comes from a cluster that does not serve the
 * group, `forbidden`, `unavailable`; undefined for a 404 from a cluster that serves it (the object is not there).
 */
async function failedReadState(kube: KubeClient, error: KubeError): Promise<MetricsState | undefined> {
  if (error.kind === 'notFound') {
    const g = await kube.servesApiGroup(METRICS_GROUP);
    return g.ok && !g.value
      ? { state: 'absent', message: 'The cluster does not serve metrics.k8s.io (no metrics-server).' }
      : undefined;
  }
  return { state: error.kind === 'forbidden' ? 'forbidden' : 'unavailable', message: error.message };
}
