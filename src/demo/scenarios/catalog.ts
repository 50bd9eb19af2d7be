import type { KubeObject, ResourceKind, Scenario } from '../world';
import {
  controllerConfigMap,
  controllerDeployment,
  controllerPod,
  DEMO_NODES,
  namespaceObject,
  nodeObject,
} from './cluster';
import { costlyRunsScenario } from './costlyRuns';
import { crowdedNamespaceScenario } from './crowdedNamespace';
import { pipelineScenario } from './pipeline';
import { largeFanOut, retriesExhausted } from './retriesAndFanOut';
import { slowRunScenario } from './slowRun';
import { waitingByDesignScenarios } from './waitingByDesign';
import { WAITING_NS } from './waitingKit';
import { LIMITED_NS, waitingLockScenarios } from './waitingLocks';
import { QUOTA_NS, waitingSchedulingScenarios } from './waitingScheduling';
import { waitingStartScenarios } from './waitingStart';

const ts = (s: string) => s;

const container = (image: string, command: string[]) => ({
  image,
  command,
  resources: { requests: { memory: '256Mi', cpu: '100m' }, limits: { memory: '512Mi' } },
});

/** Templates users reference from their workflows, and a schedule. */
const templates: KubeObject[] = [
  {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'WorkflowTemplate',
    metadata: { name: 'shared-steps', namespace: 'argo' },
    spec: {
      templates: [
        {
          name: 'train-model',
          inputs: { parameters: [{ name: 'epochs', value: '10' }] },
          outputs: { parameters: [{ name: 'accuracy', valueFrom: { path: '/tmp/accuracy' } }] },
          container: container('python:3.12.4', ['python', 'train.py']),
        },
        {
          name: 'notify-slack',
          inputs: { parameters: [{ name: 'message' }] },
          container: container('curlimages/curl:8.10.1', ['curl', '-X', 'POST']),
        },
      ],
    },
  },
  {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ClusterWorkflowTemplate',
    metadata: { name: 'data-quality' },
    spec: {
      templates: [
        {
          name: 'validate-table',
          inputs: { parameters: [{ name: 'table' }] },
          container: container('greatexpectations/great_expectations:1.2.0', ['gx', 'checkpoint', 'run']),
        },
      ],
    },
  },
  {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    metadata: { name: 'nightly-etl', namespace: 'argo' },
    spec: {
      schedules: ['0 2 * * *'],
      timezone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      workflowSpec: {
        entrypoint: 'main',
        templates: [{ name: 'main', container: container('python:3.12.4', ['python', 'etl.py']) }],
      },
    },
    status: { lastScheduledTime: '2026-11-22T01:00:00Z' },
  },
];

/** Namespaces and nodes, present from the start. */
const infrastructure: Scenario = {
  id: 'infrastructure',
  description:
    'Namespaces argo, ml-team, restricted (forbidden to the demo user), waiting, finance and reports (at most 2 ' +
    "running workflows), five nodes in three zones (one a spot node) and Argo's workflow-controller (v3.7: its Deployment, pod and " +
    'configmap).',
  steps: () => [
    {
      atMs: 0,
      // The player re-runs every scenario; only create what is missing, so a node another scenario took down (or
      // a template the user changed) is not reset behind its back.
      apply: (w) => {
        const ensure = (o: KubeObject) =>
          w.get(o.kind as ResourceKind, o.metadata.namespace, o.metadata.name) ?? w.put(o);
        for (const ns of ['argo', 'ml-team', 'restricted', 'default', WAITING_NS, QUOTA_NS])
          ensure(namespaceObject(ns));
        ensure(namespaceObject(LIMITED_NS, { 'workflows.argoproj.io/parallelism-limit': '2' }));
        for (const n of DEMO_NODES) ensure(nodeObject(n, w.now()));
        ensure(controllerDeployment(w.now()));
        ensure(controllerPod(w.now()));
        ensure(controllerConfigMap());
        for (const o of templates) ensure(o);
      },
    },
  ],
};

/** Every scenario the demo cluster plays (`argo-doctor demo-cluster`, "Argo: Start Demo Cluster"). */
export const demoScenarios: Scenario[] = [
  infrastructure,
  pipelineScenario({
    id: 'etl-daily',
    description: 'A daily ETL pipeline (extract, transform, load) that succeeds.',
    namespace: 'argo',
    prefix: 'etl-daily',
    steps: [
      {
        name: 'extract',
        image: 'python:3.12.4',
        command: ['python', 'extract.py'],
        memoryLimit: '1Gi',
        durationMs: 6000,
        logs: [
          'INFO extract: connecting to warehouse',
          'INFO extract: 1,204,331 rows from orders',
          'INFO extract: wrote /tmp/orders.parquet (84 MB)',
        ],
        outcome: { kind: 'succeed' },
      },
      {
        name: 'transform',
        image: 'python:3.12.4',
        command: ['python', 'transform.py'],
        memoryLimit: '2Gi',
        durationMs: 8000,
        logs: [
          'INFO transform: deduplicating orders',
          'INFO transform: 1,198,002 rows after dedup',
          'INFO transform: joined customers (98.7% matched)',
        ],
        outcome: { kind: 'succeed' },
      },
      {
        name: 'load',
        image: 'python:3.12.4',
        command: ['python', 'load.py'],
        memoryLimit: '512Mi',
        durationMs: 4000,
        logs: ['INFO load: upserting into analytics.orders_daily', 'INFO load: done in 3.1s'],
        outcome: { kind: 'succeed' },
      },
    ],
  }),
  pipelineScenario({
    id: 'oom-main',
    description:
      'Feature engineering with pandas runs out of memory: the main container is OOMKilled (exit 137); pod GC removes the pod a minute later.',
    expectedRootCause: 'oom-killed-main',
    namespace: 'argo',
    prefix: 'features-build',
    podGCAfterMs: 60_000,
    labels: { team: 'data' },
    steps: [
      {
        name: 'fetch-events',
        image: 'python:3.12.4',
        command: ['python', 'fetch.py'],
        memoryLimit: '1Gi',
        durationMs: 5000,
        logs: [
          'INFO fetch: listing s3://lake/events/2026-11/ (412 files)',
          'INFO fetch: downloaded 412 files (2.1 GB)',
        ],
        outcome: { kind: 'succeed' },
      },
      {
        name: 'build-features',
        image: 'registry.example.com/ds/features:2026.11.1',
        command: ['python', '/app/build_features.py'],
        memoryLimit: '2Gi',
        durationMs: 12_000,
        node: 2,
        logs: [
          ts('INFO build_features: read_parquet (8.5M rows, 2.1 GB on disk)'),
          'INFO build_features: joining with customers table',
          'WARNING build_features: DataFrame.merge produced 31.2M rows',
          'INFO build_features: computing rolling windows (30d, 90d)',
        ],
        // Close to its 2Gi limit when measured; the merge's spike in between is what the kernel killed.
        usage: { main: { cpu: '950m', memory: '1.8Gi' }, wait: { cpu: '2m', memory: '24Mi' } },
        outcome: { kind: 'oom' },
      },
    ],
  }),
  pipelineScenario({
    id: 'image-tag-typo',
    description: 'A report step whose image tag does not exist: ErrImagePull, then ImagePullBackOff.',
    expectedRootCause: 'image-not-found',
    namespace: 'argo',
    prefix: 'weekly-report',
    steps: [
      {
        name: 'render',
        image: 'registry.example.com/analytics/report:v2.3.l',
        command: ['python', 'render.py'],
        memoryLimit: '512Mi',
        durationMs: 4000,
        logs: [],
        outcome: { kind: 'imagePull' },
      },
    ],
  }),
  pipelineScenario({
    id: 'image-pull-secret-missing',
    description: 'A private image pulled without imagePullSecrets: the registry refuses (authorization failed).',
    expectedRootCause: 'image-pull-auth-failed',
    namespace: 'ml-team',
    prefix: 'embed-documents',
    steps: [
      {
        name: 'embed',
        image: 'registry.internal.example.com/ml/embedder:0.9.2',
        command: ['python', 'embed.py'],
        memoryLimit: '2Gi',
        durationMs: 4000,
        logs: [],
        outcome: { kind: 'imagePull', auth: true },
      },
    ],
  }),
  pipelineScenario({
    id: 'gpu-unschedulable',
    description: 'Model training asks for a GPU no schedulable node has: the pod stays Pending until the deadline.',
    expectedRootCause: 'insufficient-resources',
    namespace: 'ml-team',
    prefix: 'train-resnet',
    steps: [
      {
        name: 'train',
        image: 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime',
        command: ['python', 'train.py'],
        memoryLimit: '8Gi',
        durationMs: 30_000,
        gpu: true,
        logs: [],
        outcome: {
          kind: 'unschedulable',
          message:
            '0/5 nodes are available: 1 node(s) had untolerated taint {nvidia.com/gpu: present}, 4 Insufficient nvidia.com/gpu. preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod.',
        },
      },
    ],
  }),
  pipelineScenario({
    id: 'node-lost',
    description:
      'The node running a Spark step stops reporting (NotReady); its pod is evicted and deleted, the step errors.',
    expectedRootCause: 'node-unreachable',
    namespace: 'ml-team',
    prefix: 'spark-aggregate',
    steps: [
      {
        name: 'aggregate',
        image: 'apache/spark:3.5.3',
        command: ['/opt/spark/bin/spark-submit', 'aggregate.py'],
        memoryLimit: '4Gi',
        durationMs: 15_000,
        node: 1,
        logs: [
          'INFO SparkContext: Running Spark version 3.5.3',
          'INFO DAGScheduler: Submitting 200 missing tasks from ResultStage 1',
          'INFO TaskSetManager: Finished task 57.0 in stage 1.0 (TID 57) (1/200)',
        ],
        outcome: { kind: 'nodeLost' },
      },
    ],
  }),
  pipelineScenario({
    id: 'stream-forever',
    description: 'A long-running ingestion step that keeps logging: try the live log tail on it.',
    namespace: 'argo',
    prefix: 'ingest-clickstream',
    steps: [
      {
        name: 'consume',
        image: 'python:3.12.4',
        command: ['python', 'consume.py'],
        memoryLimit: '1Gi',
        durationMs: 3000,
        logs: ['INFO consume: subscribed to topic clickstream (12 partitions)'],
        outcome: { kind: 'forever' },
      },
    ],
  }),
  pipelineScenario({
    id: 'over-provisioned',
    description:
      'A backfill step that asks for 8Gi of memory and 2 CPUs but uses about 600Mi and 150m: requested vs used.',
    namespace: 'argo',
    prefix: 'feature-backfill',
    steps: [
      {
        name: 'aggregate',
        image: 'python:3.12.4',
        command: ['python', 'aggregate.py', '--days', '90'],
        memoryLimit: '8Gi',
        cpuRequest: '2',
        durationMs: 3000,
        logs: ['INFO aggregate: reading 90 daily partitions of events'],
        usage: { main: { cpu: '150m', memory: '570Mi' }, wait: { cpu: '2m', memory: '24Mi' } },
        outcome: { kind: 'forever' },
      },
    ],
  }),
  pipelineScenario({
    id: 'near-memory-limit',
    description: 'A resize step whose memory stays near its 2Gi limit: one spike from being OOMKilled.',
    namespace: 'argo',
    prefix: 'thumbnail-resize',
    steps: [
      {
        name: 'resize',
        image: 'python:3.12.4',
        command: ['python', 'resize.py', '--batch', '5000'],
        memoryLimit: '2Gi',
        durationMs: 3000,
        logs: ['INFO resize: loading batch of 5000 images into memory'],
        usage: { main: { cpu: '450m', memory: '1.85Gi' }, wait: { cpu: '2m', memory: '24Mi' } },
        outcome: { kind: 'forever' },
      },
    ],
  }),
  pipelineScenario({
    id: 'oom-init',
    description: 'The init container runs out of memory while downloading a 6.4 GiB input artifact.',
    expectedRootCause: 'oom-killed-init',
    namespace: 'ml-team',
    prefix: 'prepare-training-set',
    steps: [
      {
        name: 'prepare',
        image: 'python:3.12.4',
        command: ['python', 'prepare.py'],
        memoryLimit: '1Gi',
        durationMs: 3000,
        logs: [],
        outcome: { kind: 'oom', container: 'init' },
      },
    ],
  }),
  pipelineScenario({
    id: 'oom-wait',
    description: 'Predictions finish, but the wait container is OOMKilled while saving a 3.8 GiB output.',
    expectedRootCause: 'oom-killed-wait',
    namespace: 'ml-team',
    prefix: 'predict-churn',
    steps: [
      {
        name: 'predict',
        image: 'registry.example.com/ml/churn:3.2.0',
        command: ['python', 'predict.py'],
        memoryLimit: '4Gi',
        durationMs: 6000,
        logs: ['INFO predict: loaded model churn-v3.2', 'INFO predict: wrote /tmp/predictions.json (3.8 GiB)'],
        outcome: { kind: 'oom', container: 'wait' },
      },
    ],
  }),
  pipelineScenario({
    id: 'missing-secret',
    description: 'A load step references a Secret that does not exist: CreateContainerConfigError.',
    expectedRootCause: 'missing-secret-or-configmap',
    namespace: 'argo',
    prefix: 'load-warehouse',
    steps: [
      {
        name: 'load',
        image: 'python:3.12.4',
        command: ['python', 'load.py'],
        memoryLimit: '512Mi',
        durationMs: 3000,
        logs: [],
        outcome: { kind: 'configError', message: 'secret "warehouse-credentials" not found' },
      },
    ],
  }),
  pipelineScenario({
    id: 'evicted-disk-pressure',
    description: 'A step writing large temporary files is evicted when its node runs out of disk.',
    expectedRootCause: 'evicted-ephemeral-storage',
    namespace: 'argo',
    prefix: 'dedupe-logs',
    steps: [
      {
        name: 'dedupe',
        image: 'python:3.12.4',
        command: ['python', 'dedupe.py'],
        memoryLimit: '2Gi',
        durationMs: 9000,
        node: 0,
        logs: ['INFO dedupe: spilling sort runs to /tmp', 'INFO dedupe: wrote 41 GB of sort runs'],
        outcome: {
          kind: 'evicted',
          message:
            'The node was low on resource: ephemeral-storage. Threshold quantity: 10%, available: 4%. Container main was using 41Gi, request is 0, has larger consumption of ephemeral-storage.',
        },
      },
    ],
  }),
  pipelineScenario({
    id: 'deadline-exceeded',
    description: 'A slow query runs past the template activeDeadlineSeconds and is killed.',
    expectedRootCause: 'pod-active-deadline-exceeded',
    namespace: 'argo',
    prefix: 'monthly-rollup',
    steps: [
      {
        name: 'rollup',
        image: 'python:3.12.4',
        command: ['python', 'rollup.py'],
        memoryLimit: '1Gi',
        durationMs: 12_000,
        logs: ['INFO rollup: running 14-table join', 'INFO rollup: still running (600s)'],
        outcome: { kind: 'deadline' },
      },
    ],
  }),
  pipelineScenario({
    id: 'executor-rbac',
    description: "The step's service account may not create workflowtaskresults: the executor cannot report outputs.",
    expectedRootCause: 'executor-rbac-taskresults',
    namespace: 'ml-team',
    prefix: 'export-metrics',
    steps: [
      {
        name: 'export',
        image: 'python:3.12.4',
        command: ['python', 'export.py'],
        memoryLimit: '512Mi',
        durationMs: 4000,
        logs: ['INFO export: metrics written to /tmp/metrics.json'],
        outcome: {
          kind: 'waitFailed',
          message:
            'wait: Error (exit code 1): workflowtaskresults.argoproj.io is forbidden: User "system:serviceaccount:ml-team:default" cannot create resource "workflowtaskresults" in API group "argoproj.io" in the namespace "ml-team"',
          waitLog: [
            'time="..." level=error msg="executor error: workflowtaskresults.argoproj.io is forbidden: User \\"system:serviceaccount:ml-team:default\\" cannot create resource \\"workflowtaskresults\\" in API group \\"argoproj.io\\" in the namespace \\"ml-team\\""',
          ],
        },
      },
    ],
  }),
  pipelineScenario({
    id: 'artifact-repo-missing',
    description: 'A step declares an output artifact but the cluster has no artifact repository configured.',
    expectedRootCause: 'artifact-repo-not-configured',
    namespace: 'argo',
    prefix: 'train-report',
    steps: [
      {
        name: 'report',
        image: 'python:3.12.4',
        command: ['python', 'report.py'],
        memoryLimit: '512Mi',
        durationMs: 4000,
        logs: ['INFO report: wrote /tmp/report.html'],
        outcome: {
          kind: 'waitFailed',
          message:
            'wait: Error (exit code 1): You need to configure artifact storage. More information on how to do this can be found in the docs: https://argo-workflows.readthedocs.io/en/latest/configure-artifact-repository/',
          waitLog: [
            'time="..." level=info msg="Saving output artifacts"',
            'time="..." level=error msg="executor error: You need to configure artifact storage."',
          ],
        },
      },
    ],
  }),
  retriesExhausted,
  largeFanOut,
  slowRunScenario(),
  // Cost with prices set (ml-team), and scale health (the crowded namespace).
  costlyRunsScenario(),
  crowdedNamespaceScenario(),
  // Waiting, not failing (namespaces waiting, finance and reports): each stays in its waiting state for half an hour.
  ...waitingLockScenarios,
  ...waitingSchedulingScenarios,
  ...waitingStartScenarios,
  ...waitingByDesignScenarios,
  pipelineScenario({
    id: 'restricted-namespace',
    description: 'A workflow in a namespace the demo user may not read: the UI explains the 403.',
    namespace: 'restricted',
    prefix: 'payroll-export',
    steps: [
      {
        name: 'export',
        image: 'python:3.12.4',
        command: ['python', 'export.py'],
        memoryLimit: '512Mi',
        durationMs: 5000,
        logs: ['INFO export: done'],
        outcome: { kind: 'succeed' },
      },
    ],
  }),
];
