// Waiting states on the real cluster, enforced by Argo's real controller and the real apiserver: a semaphore held by
// another workflow, a namespace's parallelism limit, a workflow's own parallelism, a ResourceQuota that refuses a
// pod. Each scenario makes its objects, waits (watching) until the state holds, and `done` removes them.
import * as k8s from '@kubernetes/client-node';
import type { KObject } from '../../src/kube/kubeClient';
import { phaseOf, watchWorkflow, type WaitingScenarios } from './clusterTarget';

type Nodes = Record<string, { id: string; type: string; phase: string; displayName?: string; message?: string }>;
const nodesOf = (wf: KObject | undefined) => Object.values(((wf?.status as { nodes?: Nodes }) ?? {}).nodes ?? {});
const runningPod = (wf: KObject | undefined) => nodesOf(wf).some((n) => n.type === 'Pod' && n.phase === 'Running');
const WAIT_MS = 90_000;

/** Builds a one-step workflow the way realTarget's `stepWorkflow` does (passed in: no import cycle). */
type StepWorkflow = (
  prefix: string,
  opts: { duration?: string; template?: Record<string, unknown>; extra?: Record<string, unknown> },
) => KObject;

export function realWaitingScenarios(admin: k8s.KubeConfig, stepWorkflow: StepWorkflow): WaitingScenarios {
  const custom = admin.makeApiClient(k8s.CustomObjectsApi);
  const core = admin.makeApiClient(k8s.CoreV1Api);
  const wfApi = (namespace: string) => ({ group: 'argoproj.io', version: 'v1alpha1', namespace, plural: 'workflows' });
  const submit = async (namespace: string, wf: KObject) =>
    (await custom.createNamespacedCustomObject({ ...wfApi(namespace), body: wf })) as KObject;
  const remove = async (namespace: string, name: string) => {
    await custom.deleteNamespacedCustomObject({ ...wfApi(namespace), name }).catch(() => undefined);
  };
  const until = async (wf: KObject, pred: (w: KObject | undefined) => boolean, what: string) => {
    const ns = wf.metadata!.namespace!;
    return (await watchWorkflow(admin, ns, wf.metadata!.name!, pred, WAIT_MS, what))!;
  };
  const cleanup =
    (ns: string, wfs: KObject[], more: () => Promise<unknown> = async () => {}) =>
    async () => {
      await Promise.all(wfs.map((w) => remove(ns, w.metadata!.name!)));
      await more();
    };

  return {
    async semaphoreHeld() {
      const ns = 'argo';
      const cm = 'argo-doctor-locks';
      await core.deleteNamespacedConfigMap({ name: cm, namespace: ns }).catch(() => undefined);
      await core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: cm }, data: { 'db-writers': '1' } },
      });
      const sync = { synchronization: { semaphores: [{ configMapKeyRef: { name: cm, key: 'db-writers' } }] } };
      const holder = await submit(ns, stepWorkflow('writes-db', { duration: '10m', extra: sync }));
      const started: KObject[] = [holder];
      try {
        await until(holder, runningPod, 'the holder to take the lock and run');
        const waiter = await submit(ns, stepWorkflow('also-writes-db', { duration: '2s', extra: sync }));
        started.push(waiter);
        const waiting = await until(
          waiter,
          (w) => phaseOf(w) === 'Pending' && /Waiting for .*db-writers/.test(String(rec(w?.status).message ?? '')),
          "Argo to hold the second workflow back on the lock ('Waiting for … lock')",
        );
        return {
          workflow: waiting,
          rootCause: 'semaphore-held',
          mentions: ['db-writers', cm, holder.metadata!.name!],
          done: cleanup(ns, started, () => core.deleteNamespacedConfigMap({ name: cm, namespace: ns })),
        };
      } catch (e) {
        await cleanup(ns, started)();
        throw e;
      }
    },

    async namespaceParallelism() {
      // A namespace of its own: other tests' workflows (in argo, ml-team) would take its one slot.
      const ns = 'argo-doctor-limited';
      const label = 'workflows.argoproj.io/parallelism-limit';
      await core.createNamespace({ body: { metadata: { name: ns, labels: { [label]: '1' } } } });
      const done = async () => {
        await core.deleteNamespace({ name: ns }).catch(() => undefined);
      };
      try {
        const first = await submitWhenAccountExists(ns, () =>
          submit(ns, stepWorkflow('nightly-features', { duration: '10m' })),
        );
        await until(first, runningPod, 'the first workflow to run');
        const second = await submit(ns, stepWorkflow('hourly-features', { duration: '2s' }));
        const waiting = await until(
          second,
          (w) => /postponed because too many workflows are already running/.test(String(rec(w?.status).message ?? '')),
          "Argo to postpone the second workflow (the namespace's parallelism limit)",
        );
        return {
          workflow: waiting,
          rootCause: 'parallelism-limit',
          mentions: [label, 'is 1', first.metadata!.name!],
          done,
        };
      } catch (e) {
        await done();
        throw e;
      }
    },

    async workflowParallelism() {
      const ns = 'argo';
      const work = (stepWorkflow('x', { duration: '10m' }).spec as { templates: Record<string, unknown>[] })
        .templates[0];
      const wf = await submit(ns, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { generateName: 'backfill-' },
        spec: {
          entrypoint: 'main',
          parallelism: 1,
          templates: [
            {
              name: 'main',
              steps: [
                [
                  { name: 'backfill-2024', template: 'work' },
                  { name: 'backfill-2025', template: 'work' },
                ],
              ],
            },
            { ...work, name: 'work' },
          ],
        },
      });
      try {
        const running = await until(wf, runningPod, 'one of the two steps to run');
        const ran = nodesOf(running).find((n) => n.type === 'Pod' && n.phase === 'Running')!.displayName!;
        const other = ran === 'backfill-2024' ? 'backfill-2025' : 'backfill-2024';
        return {
          workflow: running,
          rootCause: 'parallelism-limit',
          mentions: ['spec.parallelism', other, ran],
          done: cleanup(ns, [wf]),
        };
      } catch (e) {
        await cleanup(ns, [wf])();
        throw e;
      }
    },

    async quotaExceeded() {
      const ns = 'argo-doctor-quota';
      await core.createNamespace({ body: { metadata: { name: ns } } });
      const done = async () => {
        await core.deleteNamespace({ name: ns }).catch(() => undefined);
      };
      try {
        await core.createNamespacedResourceQuota({
          namespace: ns,
          body: { metadata: { name: 'team-compute' }, spec: { hard: { 'requests.cpu': '1', pods: '20' } } },
        });
        // Argo's own containers (init, wait) request nothing; a quota on requests.cpu refuses such pods unless a
        // LimitRange gives them a default, as clusters with quotas do.
        await core.createNamespacedLimitRange({
          namespace: ns,
          body: {
            metadata: { name: 'defaults' },
            spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '50m', memory: '64Mi' } }] },
          },
        });
        const wf = await submitWhenAccountExists(ns, () =>
          submit(
            ns,
            stepWorkflow('train-large', {
              duration: '10m',
              template: {
                container: {
                  image: 'python:3.12.4',
                  command: ['python', 'train.py'],
                  resources: { requests: { cpu: '4', memory: '8Gi' }, limits: { memory: '8Gi' } },
                },
              },
            }),
          ),
        );
        const refused = (w: KObject | undefined) =>
          nodesOf(w).find((n) => n.type === 'Pod' && /exceeded quota/.test(n.message ?? ''));
        const waiting = await until(wf, (w) => !!refused(w), "the apiserver to refuse the step's pod (quota)");
        return {
          workflow: waiting,
          nodeId: refused(waiting)!.id,
          rootCause: 'resource-quota-exceeded',
          mentions: ['team-compute', 'requests.cpu'],
          done,
        };
      } catch (e) {
        await done();
        throw e;
      }
    },
  } satisfies WaitingScenarios;

  /** Pods need the namespace's `default` ServiceAccount, which the controller-manager creates a moment later. */
  async function submitWhenAccountExists(ns: string, create: () => Promise<KObject>): Promise<KObject> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no default ServiceAccount in ${ns} after 30 s`)), 30_000);
      let req: AbortController | undefined;
      void new k8s.Watch(admin)
        .watch(
          `/api/v1/namespaces/${ns}/serviceaccounts`,
          { fieldSelector: 'metadata.name=default' },
          (type) => {
            if (type === 'ADDED') {
              clearTimeout(timer);
              req?.abort();
              resolve();
            }
          },
          () => undefined,
        )
        .then((c) => (req = c));
    });
    return create();
  }
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
