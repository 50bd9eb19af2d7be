// The cluster a cluster-layer test runs against, chosen by ARGO_DOCTOR_CLUSTER: `demo` (our simulator, default) or
// `real` (etcd + kube-apiserver + scheduler + controller-manager + kwok + Argo's workflow-controller, see
// test/real-cluster). Tests ask for what they need in words both can answer ("a workflow whose main container was
// OOMKilled") and read everything through the Kubernetes API, as the extension does.
import type { RequestOptions } from 'node:https';
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
  /** A step that ran longer than its template's activeDeadlineSeconds, stopped by the kubelet. */
  deadlineExceeded(): Promise<KObject>;
  /** A workflow whose main container was OOMKilled, resolved once Argo's pod GC has deleted its pods. */
  podCollected(): Promise<KObject>;
  /** A step retried twice (retryStrategy limit 2), its attempts failing with exit 1, OOM, exit 1; Argo gave up. */
  retriesExhausted(): Promise<KObject>;
  /**
   * A step whose node stopped reporting while it ran, caught while Argo keeps it Running and its pod is Terminating
   * (evicted by the node's unreachable taint, with no kubelet to confirm). `recover` brings the node back and
   * resolves with the workflow once Argo has errored the step ("pod deleted").
   */
  nodeLost(): Promise<{ workflow: KObject; recover(): Promise<KObject> }>;
  /** A submitted workflow of two steps of a few seconds each, once its first step runs. */
  twoSteps(): Promise<KObject>;
  /**
   * A two-step workflow whose second step takes the first one's output parameter `rows` (1204331), once it
   * succeeded; absent where the cluster cannot pass outputs (the demo does not model them).
   */
  passesOutputs?(): Promise<KObject>;
  /** A workflow that succeeds within seconds; resolves once it has. */
  succeeded(): Promise<KObject>;
  /**
   * Workflows that wait on what the cluster enforces (a semaphore, a parallelism limit, a ResourceQuota), caught while
   * they wait; absent where the target does not have that state.
   */
  readonly waiting?: WaitingScenarios;
  /**
   * A finished, failed workflow of two steps: `kept` succeeded, `failed` failed as the workflow's parameter
   * `parameter` told it to; retried with `parameter` set to `fix`, the failed step succeeds. Absent where the
   * cluster's controller does not retry.
   */
  failedOnParameter?(): Promise<{ workflow: KObject; kept: string; failed: string; parameter: string; fix: string }>;
  /** Resolves with the workflow once `pred` holds for it (it is watched, not polled); rejects after `ms`. */
  waitWorkflow(
    namespace: string,
    name: string,
    pred: (wf: KObject | undefined) => boolean,
    ms: number,
    what: string,
  ): Promise<KObject | undefined>;
  stop(): Promise<void>;
}

/** A waiting state and the names an explanation of it must give; `done` ends what the scenario started. */
export interface WaitingCase {
  /** The workflow to explain, as last seen. */
  workflow: KObject;
  /** The step that waits; undefined when the whole workflow waits. */
  nodeId?: string;
  /** The id the explanation must name as its root cause. */
  rootCause: string;
  /** What the explanation must mention (lock, holders, limit, quota, …). */
  mentions: string[];
  done(): Promise<void>;
}

export interface WaitingScenarios {
  /** A workflow waiting for a semaphore (ConfigMap limit 1) held by another, running workflow. */
  semaphoreHeld(): Promise<WaitingCase>;
  /** A workflow postponed by its namespace's parallelism limit (label workflows.argoproj.io/parallelism-limit). */
  namespaceParallelism(): Promise<WaitingCase>;
  /** A workflow whose spec.parallelism 1 lets one of its two parallel steps run; the other has not started. */
  workflowParallelism(): Promise<WaitingCase>;
  /** A step whose pod the namespace's ResourceQuota refuses: it asks more CPU than the quota allows. */
  quotaExceeded(): Promise<WaitingCase>;
}

export const phaseOf = (wf: KObject | undefined): string => (wf?.status as { phase?: string } | undefined)?.phase ?? '';
export const MISSING_IMAGE = 'registry.example.com/analytics/report:v2.3.l';
export const pullingNode = (wf: KObject | undefined) =>
  Object.values(
    (wf?.status as { nodes?: Record<string, { id: string; type: string; phase: string; message?: string }> })?.nodes ??
      {},
  ).find((n) => n.type === 'Pod' && n.phase === 'Pending' && /ImagePullBackOff/.test(n.message ?? ''));
export const isDone = (wf: KObject | undefined) => /^(Succeeded|Failed|Error)$/.test(phaseOf(wf));

/** Watches one namespace's workflows until `pred` holds for the named one. */
export function watchWorkflow(
  kc: k8s.KubeConfig,
  namespace: string,
  name: string,
  pred: (wf: KObject | undefined) => boolean,
  ms: number,
  what: string,
): Promise<KObject | undefined> {
  return watchUntil(
    kc,
    `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/workflows`,
    { fieldSelector: `metadata.name=${name}` },
    (items) => pred(items[0]),
    ms,
    what,
    `workflow ${namespace}/${name}`,
  ).then((items) => items[0]);
}

/** Watches the pods of one workflow until `pred` holds for them. */
export function watchWorkflowPods(
  kc: k8s.KubeConfig,
  namespace: string,
  workflow: string,
  pred: (pods: KObject[]) => boolean,
  ms: number,
  what: string,
): Promise<KObject[]> {
  return watchUntil(
    kc,
    `/api/v1/namespaces/${namespace}/pods`,
    { labelSelector: `workflows.argoproj.io/workflow=${workflow}` },
    pred,
    ms,
    what,
    `pods of ${namespace}/${workflow}`,
  );
}

/** Lists then watches a collection (listing again whenever the stream ends) until `pred` holds for its items. */
function watchUntil(
  kc: k8s.KubeConfig,
  collection: string,
  selector: Record<string, string>,
  pred: (items: KObject[]) => boolean,
  ms: number,
  what: string,
  subject: string,
): Promise<KObject[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    let req: AbortController | undefined;
    const items = new Map<string, KObject>();
    const finish = (e: Error | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req?.abort();
      if (e) reject(e);
      else resolve([...items.values()]);
    };
    const describe = () => {
      const all = [...items.values()];
      if (!all.length) return 'absent';
      return all
        .map((o) =>
          o.kind === 'Workflow' || !o.kind ? phaseOf(o) || 'without phase' : `${o.metadata?.name} ${phaseOf(o)}`,
        )
        .join(', ');
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(`timed out after ${Math.round(ms / 100) / 10} s waiting for ${what} (${subject}: ${describe()})`),
        ),
      Math.max(ms, 0),
    );
    const check = () => {
      if (pred([...items.values()])) finish(undefined);
    };
    const key = (o: KObject) => o.metadata?.uid ?? `${o.metadata?.namespace}/${o.metadata?.name}`;
    const loop = async () => {
      while (!done) {
        let rv = '';
        try {
          const query = new URLSearchParams(selector).toString();
          const list = (await requestJson(kc, `${collection}?${query}`)) as {
            items: KObject[];
            metadata: { resourceVersion: string };
          };
          items.clear();
          for (const o of list.items) items.set(key(o), o);
          check();
          rv = list.metadata.resourceVersion;
        } catch (e) {
          return finish(e as Error);
        }
        if (done) return;
        // Watch from the list's version; when the stream ends (timeouts, a dropped connection), list again.
        await new Promise<void>((r) => {
          new k8s.Watch(kc)
            .watch(
              collection,
              { ...selector, resourceVersion: rv, allowWatchBookmarks: true },
              (type, obj: KObject) => {
                if (type === 'BOOKMARK') return;
                if (type === 'DELETED') items.delete(key(obj));
                else items.set(key(obj), obj);
                check();
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

/** GET a path of the apiserver as JSON, with the kubeconfig's credentials. */
async function requestJson(kc: k8s.KubeConfig, pathAndQuery: string): Promise<unknown> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in the kubeconfig');
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const url = new URL(cluster.server.replace(/\/$/, '') + pathAndQuery);
  const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      { ...opts, method: 'GET', headers: { ...(opts.headers ?? {}), Accept: 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 300)
            return reject(new Error(`GET ${pathAndQuery}: HTTP ${res.statusCode}: ${body.slice(0, 300)}`));
          try {
            resolve(JSON.parse(body));
          } catch (e) {
            reject(e as Error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

type PodNodeStatus = { id: string; displayName?: string; type?: string; phase?: string; startedAt?: string };
/** A workflow's pod node by its display name (the step's name), as the API returned it. */
export const podNode = (wf: KObject | undefined, name: string): PodNodeStatus | undefined =>
  Object.values(((wf?.status as { nodes?: Record<string, PodNodeStatus> }) ?? {}).nodes ?? {}).find(
    (n) => n.type === 'Pod' && n.displayName === name,
  );
