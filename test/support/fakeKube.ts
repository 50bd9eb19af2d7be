// An in-memory KubeClient for unit tests of the logic above the cluster (evidence recording, explaining, actions):
// objects are plain JSON put in by the test; every call is recorded; a failure can be injected per method.
import { err, ok } from '../../src/core/result';
import type { KubeError } from '../../src/kube/errors';
import type {
  ArgoPlural,
  CoreListOptions,
  CorePlural,
  KObject,
  KResult,
  KubeClient,
  LogRequest,
} from '../../src/kube/kubeClient';

type Method = keyof KubeClient;
const CORE_KINDS: Record<string, CorePlural> = {
  ResourceQuota: 'resourcequotas',
  LimitRange: 'limitranges',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  PersistentVolume: 'persistentvolumes',
};

/** A field selector's requirements (`a.b=c`, `a.b!=c`) tested on an object. */
function fieldsMatch(o: KObject, selector: string | undefined): boolean {
  const get = (path: string) =>
    String(path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o) ?? '');
  return (selector ?? '')
    .split(',')
    .filter(Boolean)
    .every((req) => {
      const [, path, op, value] = /^([\w.]+)(!=|==|=)(.*)$/.exec(req) ?? [];
      return path ? (op === '!=' ? get(path) !== value : get(path) === value) : false;
    });
}

/** A label selector of `k=v` requirements tested on an object. */
const labelsMatch = (o: KObject, selector: string | undefined): boolean =>
  (selector ?? '')
    .split(',')
    .filter(Boolean)
    .every((req) => {
      const [k, v] = req.split('=');
      return o.metadata?.labels?.[k!] === v;
    });

/** What a fake read returns for an object that is not there. */
const MISSING = Symbol('missing');

export class FakeKube implements KubeClient {
  readonly workflows = new Map<string, KObject>();
  readonly pods = new Map<string, KObject>();
  readonly nodes = new Map<string, KObject>();
  /** ConfigMaps by "namespace/name"; Namespaces by name. */
  readonly configMaps = new Map<string, KObject>();
  readonly namespaceObjects = new Map<string, KObject>();
  /** Other core objects (ResourceQuotas, LimitRanges, PVCs, PVs) by plural, then "namespace/name". */
  readonly core = new Map<CorePlural, Map<string, KObject>>();
  /** Events by the involved object's "kind/namespace/name". */
  readonly events = new Map<string, KObject[]>();
  /** PodMetrics by "namespace/pod" (what metrics-server serves); `metricsApi: false` as a cluster without it. */
  readonly podMetrics = new Map<string, KObject>();
  metricsApi = true;
  /** Log lines by "namespace/pod/container". */
  readonly logs = new Map<string, string[]>();
  /** Every call, in order: method and its first argument(s), for asserting what was read or written. */
  readonly calls: { method: Method; args: unknown[] }[] = [];
  private readonly failures = new Map<Method, KubeError>();

  /** Makes every later call of `method` fail with `error` (e.g. forbidden), until `heal`. */
  fail(method: Method, error: KubeError): this {
    this.failures.set(method, error);
    return this;
  }

  heal(method: Method): this {
    this.failures.delete(method);
    return this;
  }

  put(o: KObject): this {
    const key = `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
    if (o.kind === 'Workflow') this.workflows.set(key, o);
    else if (o.kind === 'Pod') this.pods.set(key, o);
    else if (o.kind === 'Node') this.nodes.set(o.metadata?.name ?? '', o);
    else if (o.kind === 'ConfigMap') this.configMaps.set(key, o);
    else if (o.kind === 'Namespace') this.namespaceObjects.set(o.metadata?.name ?? '', o);
    else if (o.kind && CORE_KINDS[o.kind]) {
      const plural = CORE_KINDS[o.kind]!;
      if (!this.core.has(plural)) this.core.set(plural, new Map());
      this.core.get(plural)!.set(key, o);
    } else throw new Error(`FakeKube.put: unsupported kind ${o.kind}`);
    return this;
  }

  event(involved: { kind: string; name: string; namespace?: string }, e: KObject): this {
    const key = `${involved.kind}/${involved.namespace ?? ''}/${involved.name}`;
    this.events.set(key, [...(this.events.get(key) ?? []), e]);
    return this;
  }

  private async call<T>(method: Method, args: unknown[], result: () => T | typeof MISSING, what: string): KResult<T> {
    this.calls.push({ method, args });
    const failure = this.failures.get(method);
    if (failure) return err(failure);
    const value = result();
    return value === MISSING ? err({ kind: 'notFound', status: 404, message: `${what} not found` }) : ok(value);
  }

  /** The workflow-controller image the fake cluster reports (e.g. 'quay.io/argoproj/workflow-controller:v3.7.2'). */
  controllerImage: string | undefined = undefined;

  argoControllerImage(): KResult<string | undefined> {
    return this.call('argoControllerImage', [], () => this.controllerImage, 'the workflow-controller');
  }

  listArgo(plural: ArgoPlural, namespace: string): KResult<KObject[]> {
    const all = plural === 'workflows' ? [...this.workflows.values()] : [];
    return this.call(
      'listArgo',
      [plural, namespace],
      () => all.filter((w) => w.metadata?.namespace === namespace),
      plural,
    );
  }
  listClusterWorkflowTemplates(): KResult<KObject[]> {
    return this.call('listClusterWorkflowTemplates', [], () => [], 'templates');
  }
  getWorkflow(namespace: string, name: string): KResult<KObject> {
    return this.call(
      'getWorkflow',
      [namespace, name],
      () => this.workflows.get(`${namespace}/${name}`) ?? MISSING,
      name,
    );
  }
  listWorkflowPods(namespace: string, workflow: string): KResult<KObject[]> {
    return this.call(
      'listWorkflowPods',
      [namespace, workflow],
      () =>
        [...this.pods.values()].filter(
          (p) =>
            p.metadata?.namespace === namespace && p.metadata.labels?.['workflows.argoproj.io/workflow'] === workflow,
        ),
      workflow,
    );
  }
  getPod(namespace: string, name: string): KResult<KObject> {
    return this.call(
      'getPod',
      [namespace, name],
      () => this.pods.get(`${namespace}/${name}`) ?? MISSING,
      `pod ${name}`,
    );
  }
  listEventsFor(involved: { kind: string; name: string; namespace?: string }): KResult<KObject[]> {
    const key = `${involved.kind}/${involved.namespace ?? ''}/${involved.name}`;
    return this.call('listEventsFor', [involved], () => this.events.get(key) ?? [], key);
  }
  getNode(name: string): KResult<KObject> {
    return this.call('getNode', [name], () => this.nodes.get(name) ?? MISSING, `node ${name}`);
  }
  getConfigMap(namespace: string, name: string): KResult<KObject> {
    return this.call(
      'getConfigMap',
      [namespace, name],
      () => this.configMaps.get(`${namespace}/${name}`) ?? MISSING,
      `config map ${name}`,
    );
  }
  getNamespace(name: string): KResult<KObject> {
    return this.call('getNamespace', [name], () => this.namespaceObjects.get(name) ?? MISSING, `namespace ${name}`);
  }
  listNamespaces(): KResult<string[]> {
    return this.call(
      'listNamespaces',
      [],
      () => [...new Set([...this.workflows.values()].map((w) => w.metadata?.namespace ?? ''))],
      'namespaces',
    );
  }
  private coreObjects(plural: CorePlural): KObject[] {
    if (plural === 'nodes') return [...this.nodes.values()];
    if (plural === 'pods') return [...this.pods.values()];
    return [...(this.core.get(plural)?.values() ?? [])];
  }
  listCore(plural: CorePlural, opts: CoreListOptions = {}): KResult<KObject[]> {
    return this.call(
      'listCore',
      [plural, opts],
      () =>
        this.coreObjects(plural)
          .filter((o) => !opts.namespace || o.metadata?.namespace === opts.namespace)
          .filter((o) => labelsMatch(o, opts.labelSelector) && fieldsMatch(o, opts.fieldSelector))
          .slice(0, opts.limit ?? Infinity),
      plural,
    );
  }
  getCore(plural: CorePlural, namespace: string | undefined, name: string): KResult<KObject> {
    return this.call(
      'getCore',
      [plural, namespace, name],
      () =>
        this.coreObjects(plural).find(
          (o) => o.metadata?.name === name && (o.metadata?.namespace ?? '') === (namespace ?? ''),
        ) ?? MISSING,
      `${plural} ${name}`,
    );
  }
  getPodMetrics(namespace: string, name: string): KResult<KObject> {
    return this.call(
      'getPodMetrics',
      [namespace, name],
      () => (this.metricsApi ? (this.podMetrics.get(`${namespace}/${name}`) ?? MISSING) : MISSING),
      `podmetrics.metrics.k8s.io "${namespace}/${name}"`,
    );
  }
  listPodMetrics(namespace: string): KResult<KObject[]> {
    return this.call(
      'listPodMetrics',
      [namespace],
      () =>
        this.metricsApi
          ? [...this.podMetrics.entries()].filter(([k]) => k.startsWith(`${namespace}/`)).map(([, v]) => v)
          : MISSING,
      `podmetrics.metrics.k8s.io in ${namespace}`,
    );
  }
  servesApiGroup(group: string): KResult<boolean> {
    return this.call('servesApiGroup', [group], () => group !== 'metrics.k8s.io' || this.metricsApi, group);
  }
  readPodLog(req: LogRequest): KResult<void> {
    return this.call(
      'readPodLog',
      [{ namespace: req.namespace, pod: req.pod, container: req.container }],
      () => {
        const lines = this.logs.get(`${req.namespace}/${req.pod}/${req.container}`) ?? [];
        if (lines.length) req.onLines(req.tailLines ? lines.slice(-req.tailLines) : lines);
      },
      'log',
    );
  }
  patchWorkflow(namespace: string, name: string, patch: { spec: Record<string, unknown> }): KResult<KObject> {
    return this.call(
      'patchWorkflow',
      [namespace, name, patch],
      () => {
        const wf = this.workflows.get(`${namespace}/${name}`);
        if (wf) wf.spec = { ...(wf.spec as object), ...patch.spec };
        return wf ?? MISSING;
      },
      name,
    );
  }
  resubmitWorkflow(namespace: string, old: KObject): KResult<KObject> {
    return this.call('resubmitWorkflow', [namespace, old.metadata?.name], () => ({ ...old }), 'workflow');
  }
  deleteWorkflow(namespace: string, name: string): KResult<void> {
    return this.call(
      'deleteWorkflow',
      [namespace, name],
      () => (this.workflows.delete(`${namespace}/${name}`) ? undefined : MISSING),
      name,
    );
  }
  replaceWorkflow(namespace: string, name: string, body: KObject): KResult<KObject> {
    return this.call(
      'replaceWorkflow',
      [namespace, name, body],
      () => {
        const key = `${namespace}/${name}`;
        if (!this.workflows.has(key)) return MISSING;
        this.workflows.set(key, body);
        return body;
      },
      name,
    );
  }
  deletePod(namespace: string, name: string): KResult<void> {
    return this.call(
      'deletePod',
      [namespace, name],
      () => (this.pods.delete(`${namespace}/${name}`) ? undefined : MISSING),
      `pod ${name}`,
    );
  }
  createWorkflow(namespace: string, body: KObject): KResult<KObject> {
    return this.call('createWorkflow', [namespace, body], () => body, 'workflow');
  }
  patchArgo(plural: ArgoPlural, namespace: string, name: string, patch: Record<string, unknown>): KResult<KObject> {
    return this.call('patchArgo', [plural, namespace, name, patch], () => ({ metadata: { name, namespace } }), name);
  }
}
