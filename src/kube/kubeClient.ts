import type { Result } from '../core/result';
import type { KubeError } from './errors';

/** A Kubernetes object as JSON. */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export type KResult<T> = Promise<Result<T, KubeError>>;

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  follow?: boolean;
  tailLines?: number;
  previous?: boolean;
  sinceTime?: string;
  /** Receives lines in batches as they arrive. */
  onLines(lines: string[]): void;
  signal?: AbortSignal;
}

export type ArgoPlural = 'workflows' | 'workflowtemplates' | 'cronworkflows';

/** Core v1 collections the evidence of a waiting step reads (nodes that come closest, quotas, volumes, pods). */
export type CorePlural =
  'nodes' | 'pods' | 'resourcequotas' | 'limitranges' | 'persistentvolumeclaims' | 'persistentvolumes';

export interface CoreListOptions {
  /** Omitted: all namespaces (or a cluster-scoped collection). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** At most this many items (one page). */
  limit?: number;
}

/** What the extension reads from and writes to a cluster. Expected failures are values, never exceptions. */
export interface KubeClient {
  /** The image of Argo's workflow-controller Deployment (its tag is the Argo version), if one can be read. */
  argoControllerImage(): KResult<string | undefined>;
  listArgo(plural: ArgoPlural, namespace: string): KResult<KObject[]>;
  listClusterWorkflowTemplates(): KResult<KObject[]>;
  getWorkflow(namespace: string, name: string): KResult<KObject>;
  /** Pods of a workflow, by the workflows.argoproj.io/workflow label. */
  listWorkflowPods(namespace: string, workflow: string): KResult<KObject[]>;
  getPod(namespace: string, name: string): KResult<KObject>;
  /** Events about one object (pod, node, workflow), oldest first. */
  listEventsFor(involved: { kind: string; name: string; namespace?: string }): KResult<KObject[]>;
  getNode(name: string): KResult<KObject>;
  /** A ConfigMap (e.g. the limits of Argo's semaphores, or the controller's configuration). */
  getConfigMap(namespace: string, name: string): KResult<KObject>;
  /** A Namespace object (its labels may set Argo's namespace parallelism). */
  getNamespace(name: string): KResult<KObject>;
  listNamespaces(): KResult<string[]>;
  /** One page of a core v1 collection (bounded by `limit`). */
  listCore(plural: CorePlural, opts?: CoreListOptions): KResult<KObject[]>;
  /** One core v1 object (namespace undefined for cluster-scoped ones: nodes, persistentvolumes). */
  getCore(plural: CorePlural, namespace: string | undefined, name: string): KResult<KObject>;
  /** A pod's PodMetrics from the metrics API (`metrics.k8s.io/v1beta1`, served by metrics-server). */
  getPodMetrics(namespace: string, name: string): KResult<KObject>;
  /** The PodMetrics of every measured pod of a namespace (one request). */
  listPodMetrics(namespace: string): KResult<KObject[]>;
  /** Whether the cluster serves an API group (discovery: `GET /apis/<group>` answers; a 404 is `false`). */
  servesApiGroup(group: string): KResult<boolean>;
  /** Streams a container's log; resolves when the stream ends (or is aborted). */
  readPodLog(req: LogRequest): KResult<void>;
  /** spec.shutdown: Stop|Terminate, or spec.suspend. */
  patchWorkflow(namespace: string, name: string, patch: { spec: Record<string, unknown> }): KResult<KObject>;
  /** Creates a new run of a workflow from its spec (generateName from the old name). */
  resubmitWorkflow(namespace: string, old: KObject): KResult<KObject>;
  deleteWorkflow(namespace: string, name: string): KResult<void>;
  /** Writes a workflow back whole (a PUT with its resourceVersion: a conflict when it changed meanwhile). */
  replaceWorkflow(namespace: string, name: string, body: KObject): KResult<KObject>;
  /** Deletes a pod (e.g. of a step that is retried). */
  deletePod(namespace: string, name: string): KResult<void>;
  /** Submits a new workflow (e.g. from a template or a cron workflow). */
  createWorkflow(namespace: string, body: KObject): KResult<KObject>;
  /** JSON merge patch of any namespaced Argo object (e.g. spec.suspend of a CronWorkflow). */
  patchArgo(plural: ArgoPlural, namespace: string, name: string, patch: Record<string, unknown>): KResult<KObject>;
}
