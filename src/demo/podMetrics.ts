// The demo's metrics API (metrics.k8s.io/v1beta1), answering as metrics-server does: PodMetrics of running pods,
// measured on a 15 s window, cpu in nanocores and memory in Ki. What a container uses comes from the pod's
// USAGE_ANNOTATION (what a scenario says it typically uses), else a share of its request, and moves a little in
// time as real usage does.
import { arr, optStr, rec } from '../core/model/json';
import { quantityValue } from '../core/model/quantity';
import type { KubeObject } from './world';

export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';
/** JSON `{ "<container>": { "cpu": "120m", "memory": "560Mi" } }`: what the container typically uses. */
export const USAGE_ANNOTATION = 'demo.argo-doctor.dev/usage';
/** metrics-server scrapes the kubelets every 15 s. */
export const METRICS_RESOLUTION_MS = 15_000;

/** A stable number in [0, 1) for a name, so containers do not move in step. */
function phaseOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

function typical(pod: KubeObject, container: { name: string; resources: unknown }): { cpu: number; memory: number } {
  let stated: Record<string, unknown> = {};
  try {
    stated = rec(rec(JSON.parse(pod.metadata.annotations?.[USAGE_ANNOTATION] ?? '{}'))[container.name]);
  } catch {
    // not JSON: use the default shares
  }
  const requests = rec(rec(container.resources).requests);
  const cpu = quantityValue(stated.cpu) ?? 0.4 * (quantityValue(requests.cpu) ?? 0.1);
  const memory = quantityValue(stated.memory) ?? 0.5 * (quantityValue(requests.memory) ?? 64 * 1024 ** 2);
  return { cpu, memory };
}

/** The PodMetrics of a pod at `now`, or undefined when metrics-server would have none (not running). */
export function podMetricsOf(pod: KubeObject, now: Date): KubeObject | undefined {
  const status = rec(pod.status);
  if (optStr(status.phase) !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
  const running = new Set(
    arr(status.containerStatuses)
      .map(rec)
      .filter((s) => rec(s.state).running)
      .map((s) => optStr(s.name)),
  );
  const at = Math.floor(now.getTime() / METRICS_RESOLUTION_MS) * METRICS_RESOLUTION_MS;
  const containers = arr(rec(pod.spec).containers)
    .map(rec)
    .flatMap((c) => {
      const name = optStr(c.name);
      if (!name || !running.has(name)) return [];
      const t = typical(pod, { name, resources: c.resources });
      const wave = Math.sin(at / 40_000 + 2 * Math.PI * phaseOf(`${pod.metadata.name}/${name}`));
      return [
        {
          name,
          usage: {
            cpu: `${Math.round(t.cpu * (1 + 0.15 * wave) * 1e9)}n`,
            memory: `${Math.round((t.memory * (1 + 0.06 * wave)) / 1024)}Ki`,
          },
        },
      ];
    });
  if (!containers.length) return undefined;
  const timestamp = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      creationTimestamp: now.toISOString().replace(/\.\d+Z$/, 'Z'),
      labels: { ...(pod.metadata.labels ?? {}) },
    },
    timestamp,
    window: '15s',
    containers,
  };
}

/** The metrics API's discovery documents (pods only: the demo serves no NodeMetrics). */
export function metricsDiscovery(): Record<string, unknown> {
  const gv = { groupVersion: METRICS_API_VERSION, version: 'v1beta1' };
  return {
    '/apis/metrics.k8s.io': {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'metrics.k8s.io',
      versions: [gv],
      preferredVersion: gv,
    },
    '/apis/metrics.k8s.io/v1beta1': {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: METRICS_API_VERSION,
      resources: [{ name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] }],
    },
  };
}

/** Which metrics API path a request addresses: `/apis/metrics.k8s.io/v1beta1/[namespaces/NS/]pods[/NAME]`. */
export function metricsTarget(pathname: string): { namespace?: string; name?: string } | undefined {
  const m = /^\/apis\/metrics\.k8s\.io\/v1beta1\/(?:namespaces\/([^/]+)\/)?pods(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!m) return undefined;
  const dec = (s: string | undefined) => (s === undefined ? undefined : decodeURIComponent(s));
  return { namespace: dec(m[1]), name: dec(m[2]) };
}
