// The cluster a cluster-layer test runs against, chosen by ARGO_DOCTOR_CLUSTER: `demo` (our simulator, default) or
// `real` (etcd + kube-apiserver + scheduler + controller-manager + kwok + Argo's workflow-controller, see
// test/real-cluster). Tests ask for what they need in words both can answer ("a workflow whose main container was
// OOMKilled") and read everything through the Kubernetes API, as the extension does.
import * as k8s from '@kubernetes/client-node';
import type { KObject } from '../../src/kube/kubeClient';

export type TargetKind = 'demo' | 'real';
export const TARGET: TargetKind = process.env.ARGO_DOCTOR_CLUSTER === 'real' ? 'real' : 'demo';

/** Failures both clusters can produce, with the root cause Explain must name. */
export const OUTCOMES = {
  oom: 'oom-killed-main',
  'exit:1': 'main-exit-nonzero',
  'image-pull': 'image-not-found',
  'init-oom': 'oom-killed-init',
  'evicted-disk': 'evicted-ephemeral-storage',
} as const;
export type Outcome = keyof typeof OUTCOMES;

export interface ClusterTarget {
  readonly kind: TargetKind;
  readonly kubeconfigPath: string;
  /** admin: may do everything; user: a namespaced user whose RBAC forbids `forbiddenNamespace`. */
  kubeConfig(who?: 'admin' | 'user'): k8s.KubeConfig;
  readonly namespace: string;
  readonly forbiddenNamespace: string;
  /** A workflow that failed with this outcome, caught while its failed pod still exists. */
  failed(outcome: Outcome): Promise<KObject>;
  /** A workflow whose step waits on an image that does not exist (ImagePullBackOff); Argo keeps it Pending. */
  pendingOnImage(): Promise<KObject>;
  /** A workflow with a step that runs for minutes and logs as it goes. */
  running(): Promise<KObject>;
  /** A workflow that succeeds within seconds; resolves once it has. */
  succeeded(): Promise<KObject>;
  /** Resolves with the workflow once `pred` holds for it (it is watched, not polled); rejects after `ms`. */
  waitWorkflow(namespace: string, name: string, pred: (wf: KObject | undefined) => boolean, ms: number, what: string): Promise<KObject | undefined>;
  stop(): Promise<void>;
}

export const phaseOf = (wf: KObject | undefined): string => ((wf?.status as { phase?: string } | undefined)?.phase ?? '');
export const MISSING_IMAGE = 'registry.example.com/analytics/report:v2.3.l';
export const pullingNode = (wf: KObject | undefined) =>
  Object.values(((wf?.status as { nodes?: Record<string, { id: string; type: string; phase: string; message?: string }> })?.nodes) ?? {}).find(
    (n) => n.type === 'Pod' && n.phase === 'Pending' && /ImagePullBackOff/.test(n.message ?? ''),
  );
export const isDone = (wf: KObject | undefined) => /^(Succeeded|Failed|Error)$/.test(phaseOf(wf));

/** Watches one namespace's workflows until `pred` holds for the named one. */
export function watchWorkflow(kc: k8s.KubeConfig, namespace: string, name: string, pred: (wf: KObject | undefined) => boolean, ms: number, what: string): Promise<KObject | undefined> {
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  return new Promise((resolve, reject) => {
    let done = false;
    let req: AbortController | undefined;
    const finish = (e: Error | undefined, wf?: KObject) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req?.abort();
      if (e) reject(e);
      else resolve(wf);
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${ms / 1000} s waiting for ${what} (workflow ${namespace}/${name} is ${last ? phaseOf(last) || 'without phase' : 'absent'})`)), ms);
    let last: KObject | undefined;
    const check = (wf: KObject | undefined) => {
      last = wf;
      if (pred(wf)) finish(undefined, wf);
    };
    const loop = async () => {
      while (!done) {
        let rv = '';
        try {
          const list = (await custom.listNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace, plural: 'workflows', fieldSelector: `metadata.name=${name}` })) as { items: KObject[]; metadata: { resourceVersion: string } };
          check(list.items[0]);
          rv = list.metadata.resourceVersion;
        } catch (e) {
          return finish(e as Error);
        }
        if (done) return;
        // Watch from the list's version; when the stream ends (timeouts, a dropped connection), list again.
        await new Promise<void>((r) => {
          new k8s.Watch(kc)
            .watch(
              `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/workflows`,
              { fieldSelector: `metadata.name=${name}`, resourceVersion: rv, allowWatchBookmarks: true },
              (type, obj: KObject) => {
                if (type === 'DELETED') check(undefined);
                else if (type !== 'BOOKMARK') check(obj);
              },
              () => r(),
            )
            .then((c) => {
              req = c;
              if (done) c.abort();
            })
            .catch(() => r());
        });
      }
    };
    void loop();
  });
}

export async function startClusterTarget(): Promise<ClusterTarget> {
  return TARGET === 'real' ? (await import('./realTarget')).startRealTarget() : (await import('./demoTarget')).startDemoTarget();
}
