import type { Scenario } from '../world';
import { DEMO_NODES, namespaceObject, nodeObject } from './cluster';
import { pipelineScenario } from './pipeline';

const ts = (s: string) => s;

/** Namespaces and nodes, present from the start. */
const infrastructure: Scenario = {
  id: 'infrastructure',
  description: 'Namespaces argo, ml-team and restricted (forbidden to the demo user) and four nodes in three zones.',
  steps: () => [
    {
      atMs: 0,
      apply: (w) => {
        for (const ns of ['argo', 'ml-team', 'restricted', 'default']) w.put(namespaceObject(ns));
        for (const n of DEMO_NODES) w.put(nodeObject(n, w.now()));
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
      { name: 'extract', image: 'python:3.12.4', command: ['python', 'extract.py'], memoryLimit: '1Gi', durationMs: 6000, logs: ['INFO extract: connecting to warehouse', 'INFO extract: 1,204,331 rows from orders', 'INFO extract: wrote /tmp/orders.parquet (84 MB)'], outcome: { kind: 'succeed' } },
      { name: 'transform', image: 'python:3.12.4', command: ['python', 'transform.py'], memoryLimit: '2Gi', durationMs: 8000, logs: ['INFO transform: deduplicating orders', 'INFO transform: 1,198,002 rows after dedup', 'INFO transform: joined customers (98.7% matched)'], outcome: { kind: 'succeed' } },
      { name: 'load', image: 'python:3.12.4', command: ['python', 'load.py'], memoryLimit: '512Mi', durationMs: 4000, logs: ['INFO load: upserting into analytics.orders_daily', 'INFO load: done in 3.1s'], outcome: { kind: 'succeed' } },
    ],
  }),
  pipelineScenario({
    id: 'oom-main',
    description: 'Feature engineering with pandas runs out of memory: the main container is OOMKilled (exit 137); pod GC removes the pod a minute later.',
    expectedRootCause: 'oom-killed-main',
    namespace: 'argo',
    prefix: 'features-build',
    podGCAfterMs: 60_000,
    labels: { team: 'data' },
    steps: [
      { name: 'fetch-events', image: 'python:3.12.4', command: ['python', 'fetch.py'], memoryLimit: '1Gi', durationMs: 5000, logs: ['INFO fetch: listing s3://lake/events/2026-11/ (412 files)', 'INFO fetch: downloaded 412 files (2.1 GB)'], outcome: { kind: 'succeed' } },
      {
        name: 'build-features',
        image: 'registry.example.com/ds/features:2026.11.1',
        command: ['python', '/app/build_features.py'],
        memoryLimit: '2Gi',
        durationMs: 12_000,
        node: 2,
        logs: [ts('INFO build_features: read_parquet (8.5M rows, 2.1 GB on disk)'), 'INFO build_features: joining with customers table', 'WARNING build_features: DataFrame.merge produced 31.2M rows', 'INFO build_features: computing rolling windows (30d, 90d)'],
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
    steps: [{ name: 'render', image: 'registry.example.com/analytics/report:v2.3.l', command: ['python', 'render.py'], memoryLimit: '512Mi', durationMs: 4000, logs: [], outcome: { kind: 'imagePull' } }],
  }),
  pipelineScenario({
    id: 'gpu-unschedulable',
    description: 'Model training asks for a GPU no schedulable node has: the pod stays Pending until the deadline.',
    expectedRootCause: 'insufficient-resources',
    namespace: 'ml-team',
    prefix: 'train-resnet',
    steps: [{ name: 'train', image: 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime', command: ['python', 'train.py'], memoryLimit: '8Gi', durationMs: 30_000, gpu: true, logs: [], outcome: { kind: 'unschedulable', message: '0/4 nodes are available: 1 node(s) had untolerated taint {nvidia.com/gpu: present}, 3 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.' } }],
  }),
  pipelineScenario({
    id: 'node-lost',
    description: 'The node running a Spark step stops reporting (NotReady); its pod is evicted and deleted, the step errors.',
    expectedRootCause: 'node-lost',
    namespace: 'ml-team',
    prefix: 'spark-aggregate',
    steps: [{ name: 'aggregate', image: 'apache/spark:3.5.3', command: ['/opt/spark/bin/spark-submit', 'aggregate.py'], memoryLimit: '4Gi', durationMs: 15_000, node: 1, logs: ['INFO SparkContext: Running Spark version 3.5.3', 'INFO DAGScheduler: Submitting 200 missing tasks from ResultStage 1', 'INFO TaskSetManager: Finished task 57.0 in stage 1.0 (TID 57) (1/200)'], outcome: { kind: 'nodeLost' } }],
  }),
  pipelineScenario({
    id: 'stream-forever',
    description: 'A long-running ingestion step that keeps logging: try the live log tail on it.',
    namespace: 'argo',
    prefix: 'ingest-clickstream',
    steps: [{ name: 'consume', image: 'python:3.12.4', command: ['python', 'consume.py'], memoryLimit: '1Gi', durationMs: 3000, logs: ['INFO consume: subscribed to topic clickstream (12 partitions)'], outcome: { kind: 'forever' } }],
  }),
  pipelineScenario({
    id: 'restricted-namespace',
    description: 'A workflow in a namespace the demo user may not read: the UI explains the 403.',
    namespace: 'restricted',
    prefix: 'payroll-export',
    steps: [{ name: 'export', image: 'python:3.12.4', command: ['python', 'export.py'], memoryLimit: '512Mi', durationMs: 5000, logs: ['INFO export: done'], outcome: { kind: 'succeed' } }],
  }),
];
