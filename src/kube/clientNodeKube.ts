import { Writable } from 'node:stream';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Log,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import { err, ok } from '../core/result';
import { toKubeError } from './errors';
import { rawGetJson } from './rawGet';
import type { ArgoPlural, CoreListOptions, CorePlural, KObject, KResult, KubeClient, LogRequest } from './kubeClient';

const GROUP = { group: 'argoproj.io', version: 'v1alpha1' } as const;

async function attempt<T>(what: string, fn: () => Promise<T>): KResult<T> {
  try {
    return ok(await fn());
  } catch (e) {
    return err(toKubeError(e, what));
  }
}

/** KubeClient on @kubernetes/client-node 1.x. */
export class ClientNodeKube implements KubeClient {
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly apps: AppsV1Api;

  constructor(private readonly kc: KubeConfig) {
    this.apps = kc.makeApiClient(AppsV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
  }

  argoControllerImage(): KResult<string | undefined> {
    return attempt('the workflow-controller Deployment', async () => {
      const list = await this.apps.listDeploymentForAllNamespaces({ labelSelector: 'app=workflow-controller' });
      const containers = list.items.flatMap((d) => d.spec?.template.spec?.containers ?? []);
      return (containers.find((c) => c.name === 'workflow-controller') ?? containers[0])?.image;
    });
  }

  listArgo(plural: ArgoPlural, namespace: string): KResult<KObject[]> {
    return attempt(
      `${plural} in ${namespace}`,
      async () =>
        ((await this.custom.listNamespacedCustomObject({ ...GROUP, namespace, plural })) as { items: KObject[] }).items,
    );
  }

  listClusterWorkflowTemplates(): KResult<KObject[]> {
    return attempt(
      'cluster workflow templates',
      async () =>
        (
          (await this.custom.listClusterCustomObject({ ...GROUP, plural: 'clusterworkflowtemplates' })) as {
            items: KObject[];
          }
        ).items,
    );
  }

  getWorkflow(namespace: string, name: string): KResult<KObject> {
    return attempt(
      `workflow ${name}`,
      async () =>
        (await this.custom.getNamespacedCustomObject({ ...GROUP, namespace, plural: 'workflows', name })) as KObject,
    );
  }

  listWorkflowPods(namespace: string, workflow: string): KResult<KObject[]> {
    return attempt(
      `pods of ${workflow}`,
      async () =>
        (await this.core.listNamespacedPod({ namespace, labelSelector: `workflows.argoproj.io/workflow=${workflow}` }))
          .items as unknown as KObject[],
    );
  }

  getPod(namespace: string, name: string): KResult<KObject> {
    return attempt(
      `pod ${name}`,
      async () => (await this.core.readNamespacedPod({ namespace, name })) as unknown as KObject,
    );
  }

  listEventsFor(involved: { kind: string; name: string; namespace?: string }): KResult<KObject[]> {
    const fieldSelector = `involvedObject.kind=${involved.kind},involvedObject.name=${involved.name}`;
    return attempt(`events of ${involved.kind} ${involved.name}`, async () => {
      const list = involved.namespace
        ? await this.core.listNamespacedEvent({ namespace: involved.namespace, fieldSelector })
        : await this.core.listEventForAllNamespaces({ fieldSelector });
      const time = (e: KObject) => {
        const t = e.lastTimestamp ?? e.eventTime;
        return t instanceof Date ? t.toISOString() : String(t ?? '');
      };
      return (list.items as unknown as KObject[]).sort((a, b) => time(a).localeCompare(time(b)));
    });
  }

  getNode(name: string): KResult<KObject> {
    return attempt(`node ${name}`, async () => (await this.core.readNode({ name })) as unknown as KObject);
  }

  getConfigMap(namespace: string, name: string): KResult<KObject> {
    return attempt(
      `config map ${name}`,
      async () => (await this.core.readNamespacedConfigMap({ namespace, name })) as unknown as KObject,
    );
  }

  getNamespace(name: string): KResult<KObject> {
    return attempt(`namespace ${name}`, async () => (await this.core.readNamespace({ name })) as unknown as KObject);
  }

  listNamespaces(): KResult<string[]> {
    return attempt('namespaces', async () =>
      (await this.core.listNamespace()).items.map((n) => n.metadata?.name ?? '').filter(Boolean),
    );
  }

  listCore(plural: CorePlural, opts: CoreListOptions = {}): KResult<KObject[]> {
    const { namespace, labelSelector, fieldSelector, limit } = opts;
    const q = { labelSelector, fieldSelector, limit };
    const c = this.core;
    const list = (): Promise<{ items: unknown[] }> => {
      switch (plural) {
        case 'nodes':
          return c.listNode(q);
        case 'persistentvolumes':
          return c.listPersistentVolume(q);
        case 'pods':
          return namespace ? c.listNamespacedPod({ namespace, ...q }) : c.listPodForAllNamespaces(q);
        case 'resourcequotas':
          return namespace
            ? c.listNamespacedResourceQuota({ namespace, ...q })
            : c.listResourceQuotaForAllNamespaces(q);
        case 'limitranges':
          return namespace ? c.listNamespacedLimitRange({ namespace, ...q }) : c.listLimitRangeForAllNamespaces(q);
        case 'persistentvolumeclaims':
          return namespace
            ? c.listNamespacedPersistentVolumeClaim({ namespace, ...q })
            : c.listPersistentVolumeClaimForAllNamespaces(q);
      }
    };
    return attempt(`${plural}${namespace ? ` in ${namespace}` : ''}`, async () => (await list()).items as KObject[]);
  }

  getCore(plural: CorePlural, namespace: string | undefined, name: string): KResult<KObject> {
    const c = this.core;
    const ns = namespace ?? '';
    const read = (): Promise<unknown> => {
      switch (plural) {
        case 'nodes':
          return c.readNode({ name });
        case 'persistentvolumes':
          return c.readPersistentVolume({ name });
        case 'pods':
          return c.readNamespacedPod({ namespace: ns, name });
        case 'resourcequotas':
          return c.readNamespacedResourceQuota({ namespace: ns, name });
        case 'limitranges':
          return c.readNamespacedLimitRange({ namespace: ns, name });
        case 'persistentvolumeclaims':
          return c.readNamespacedPersistentVolumeClaim({ namespace: ns, name });
      }
    };
    return attempt(`${plural} ${name}`, async () => (await read()) as KObject);
  }

  getPodMetrics(namespace: string, name: string): KResult<KObject> {
    return attempt(
      `metrics of pod ${name}`,
      async () =>
        (await this.custom.getNamespacedCustomObject({
          group: 'metrics.k8s.io',
          version: 'v1beta1',
          namespace,
          plural: 'pods',
          name,
        })) as KObject,
    );
  }

  listPodMetrics(namespace: string): KResult<KObject[]> {
    return attempt(`metrics of the pods in ${namespace}`, async () => {
      const list = (await this.custom.listNamespacedCustomObject({
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        namespace,
        plural: 'pods',
      })) as { items?: KObject[] };
      return Array.isArray(list.items) ? list.items : [];
    });
  }

  async servesApiGroup(group: string): KResult<boolean> {
    try {
      await rawGetJson(this.kc, `/apis/${encodeURIComponent(group)}`, 'application/json');
      return ok(true);
    } catch (e) {
      const error = toKubeError(e, `the API group ${group}`);
      return error.kind === 'notFound' ? ok(false) : err(error);
    }
  }

  readPodLog(req: LogRequest): KResult<void> {
    return attempt(`logs of ${req.pod}/${req.container}`, async () => {
      let partial = '';
      let done: () => void = () => {};
      const finished = new Promise<void>((r) => (done = r));
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          const text = partial + chunk.toString('utf8');
          const lines = text.split('\n');
          partial = lines.pop() ?? '';
          if (lines.length) req.onLines(lines);
          cb();
        },
        final(cb) {
          if (partial) req.onLines([partial]);
          partial = '';
          done();
          cb();
        },
      });
      sink.on('close', () => done());
      const controller = await new Log(this.kc).log(req.namespace, req.pod, req.container, sink, {
        follow: req.follow,
        tailLines: req.tailLines,
        previous: req.previous,
        sinceTime: req.sinceTime,
      });
      const abort = () => {
        controller.abort();
        done();
      };
      if (req.signal?.aborted) abort();
      req.signal?.addEventListener('abort', abort, { once: true });
      await finished;
    });
  }

  patchWorkflow(namespace: string, name: string, patch: { spec: Record<string, unknown> }): KResult<KObject> {
    return attempt(
      `workflow ${name}`,
      async () =>
        (await this.custom.patchNamespacedCustomObject(
          { ...GROUP, namespace, plural: 'workflows', name, body: patch },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        )) as KObject,
    );
  }

  resubmitWorkflow(namespace: string, old: KObject): KResult<KObject> {
    const name = old.metadata?.name ?? 'workflow';
    const base = (old.metadata?.generateName as string | undefined) ?? `${name.replace(/-[a-z0-9]{5}$/, '')}-`;
    const spec = { ...((old.spec as Record<string, unknown>) ?? {}) };
    delete spec.shutdown;
    delete spec.suspend;
    const body = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        generateName: base,
        namespace,
        labels: { ...(old.metadata?.labels ?? {}), 'workflows.argoproj.io/resubmitted-from-workflow': name },
      },
      spec,
    };
    delete (body.metadata.labels as Record<string, string>)['workflows.argoproj.io/phase'];
    delete (body.metadata.labels as Record<string, string>)['workflows.argoproj.io/completed'];
    return attempt(
      `resubmitting ${name}`,
      async () =>
        (await this.custom.createNamespacedCustomObject({ ...GROUP, namespace, plural: 'workflows', body })) as KObject,
    );
  }

  deleteWorkflow(namespace: string, name: string): KResult<void> {
    return attempt(`workflow ${name}`, async () => {
      await this.custom.deleteNamespacedCustomObject({ ...GROUP, namespace, plural: 'workflows', name });
    });
  }

  replaceWorkflow(namespace: string, name: string, body: KObject): KResult<KObject> {
    return attempt(
      `workflow ${name}`,
      async () =>
        (await this.custom.replaceNamespacedCustomObject({
          ...GROUP,
          namespace,
          plural: 'workflows',
          name,
          body,
        })) as KObject,
    );
  }

  deletePod(namespace: string, name: string): KResult<void> {
    return attempt(`pod ${name}`, async () => {
      await this.core.deleteNamespacedPod({ namespace, name });
    });
  }

  createWorkflow(namespace: string, body: KObject): KResult<KObject> {
    return attempt(
      `submitting ${body.metadata?.name ?? body.metadata?.generateName ?? 'a workflow'}`,
      async () =>
        (await this.custom.createNamespacedCustomObject({ ...GROUP, namespace, plural: 'workflows', body })) as KObject,
    );
  }

  patchArgo(plural: ArgoPlural, namespace: string, name: string, patch: Record<string, unknown>): KResult<KObject> {
    return attempt(
      `${plural} ${name}`,
      async () =>
        (await this.custom.patchNamespacedCustomObject(
          { ...GROUP, namespace, plural, name, body: patch },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        )) as KObject,
    );
  }
}
