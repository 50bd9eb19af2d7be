// Waiting scenarios where Argo's controller holds a workflow back: a semaphore or a mutex other workflows hold
// (status.synchronization as the controller writes it, holders "ns/name"), the workflow's own parallelism, the
// namespace's parallelism limit (the throttler's message), and a controller instance ID no controller serves (the
// workflow never gets a status). Each holder really runs, with its pod on a node.
import type { KubeObject, Scenario } from '../world';
import { DEMO_NODES } from './cluster';
import {
  type Kit,
  node,
  pod,
  rootNode,
  runningStatus,
  runningStepWorkflow,
  steadyScenario,
  WAITING_NS,
  workflow,
} from './waitingKit';

type Obj = Record<string, unknown>;

/** The namespace whose label limits it to 2 running workflows. */
export const LIMITED_NS = 'reports';
const POSTPONED = 'Workflow processing has been postponed because too many workflows are already running';

/** A workflow the controller keeps Pending (never started) with its message and synchronization status. */
function pendingWorkflow(k: Kit, ns: string, prefix: string, minAgo: number, spec: Obj, status: Obj): KubeObject {
  return workflow({
    k,
    name: k.name(prefix),
    namespace: ns,
    createdMinAgo: minAgo,
    spec: {
      entrypoint: 'main',
      templates: [{ name: 'main', container: { image: 'python:3.12.4', command: ['python', `${prefix}.py`] } }],
      ...spec,
    },
    status: { phase: 'Pending', startedAt: null, finishedAt: null, ...status },
  });
}

const semaphore = steadyScenario({
  id: 'waiting-semaphore',
  description:
    'A load workflow waits for the db-writers semaphore (limit 2 in ConfigMap semaphore-limits), held by two ' +
    'running loads.',
  expectedRootCause: 'semaphore-held',
  build: (k) => {
    const lock = `${WAITING_NS}/ConfigMap/semaphore-limits/db-writers`;
    const sync = { semaphores: [{ configMapKeyRef: { name: 'semaphore-limits', key: 'db-writers' } }] };
    const holders = [
      { prefix: 'load-orders', step: 'upsert', minAgo: 26, host: DEMO_NODES[0]!.name },
      { prefix: 'load-payments', step: 'upsert', minAgo: 13, host: DEMO_NODES[1]!.name },
    ];
    const configMap: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'semaphore-limits', namespace: WAITING_NS, creationTimestamp: k.ago(60 * 24 * 7) },
      data: { 'db-writers': '2', 'gpu-jobs': '4' },
    };
    return [
      configMap,
      ...holders.flatMap((h) =>
        runningStepWorkflow(k, {
          namespace: WAITING_NS,
          prefix: h.prefix,
          step: h.step,
          image: 'registry.example.com/data/loader:7.2.0',
          requests: { cpu: '500m', memory: '1Gi' },
          startedMinAgo: h.minAgo,
          host: h.host,
          spec: { synchronization: sync },
          status: { synchronization: { semaphore: { holding: [{ semaphore: lock, holders: [k.name(h.prefix)] }] } } },
        }),
      ),
      pendingWorkflow(
        k,
        WAITING_NS,
        'load-invoices',
        9,
        { synchronization: sync },
        {
          message: `Waiting for ${lock} lock. Lock status: 0/2`,
          synchronization: {
            semaphore: {
              waiting: [{ semaphore: lock, holders: holders.map((h) => `${WAITING_NS}/${k.name(h.prefix)}`) }],
            },
          },
        },
      ),
    ];
  },
});

const mutex = steadyScenario({
  id: 'waiting-mutex',
  description: 'A warehouse load waits for the warehouse-load mutex, held by a long refresh of the same warehouse.',
  expectedRootCause: 'mutex-held',
  build: (k) => {
    const lock = `${WAITING_NS}/Mutex/warehouse-load`;
    const sync = { mutexes: [{ name: 'warehouse-load' }] };
    const holder = k.name('refresh-warehouse');
    return [
      ...runningStepWorkflow(k, {
        namespace: WAITING_NS,
        prefix: 'refresh-warehouse',
        step: 'rebuild',
        image: 'ghcr.io/dbt-labs/dbt-postgres:1.8.2',
        requests: { cpu: '1', memory: '2Gi' },
        startedMinAgo: 47,
        host: DEMO_NODES[2]!.name,
        spec: { synchronization: sync },
        status: { synchronization: { mutex: { holding: [{ mutex: lock, holder }] } } },
      }),
      pendingWorkflow(
        k,
        WAITING_NS,
        'load-warehouse',
        16,
        { synchronization: sync },
        {
          message: `Waiting for ${lock} lock. Lock status: 0/1`,
          synchronization: { mutex: { waiting: [{ mutex: lock, holder: `${WAITING_NS}/${holder}` }] } },
        },
      ),
    ];
  },
});

const REGIONS = ['us-east', 'us-west', 'eu-west', 'eu-central', 'ap-south', 'ap-northeast'];

const workflowParallelism = steadyScenario({
  id: 'waiting-workflow-parallelism',
  description:
    'A fan-out over 6 regions with spec.parallelism 2: two items run, the other four wait for a slot (Argo creates ' +
    'them only when one finishes).',
  expectedRootCause: 'parallelism-limit',
  build: (k) => {
    const wf = k.name('score-regions');
    const group = `${wf}[0]`;
    const image = 'registry.example.com/ds/region-score:2.0.0';
    const requests = { cpu: '1', memory: '2Gi' };
    const started = 12;
    const items = REGIONS.slice(0, 2).map((r, i) => ({
      name: `${group}.score(${i}:${r})`,
      displayName: `score(${i}:${r})`,
      host: DEMO_NODES[i]!.name,
    }));
    const nodes = [
      rootNode(k, wf, started),
      node(k, wf, {
        name: group,
        displayName: '[0]',
        type: 'StepGroup',
        templateName: 'main',
        phase: 'Running',
        startedMinAgo: started,
      }),
      ...items.map((it) =>
        node(k, wf, {
          name: it.name,
          displayName: it.displayName,
          type: 'Pod',
          templateName: 'score',
          phase: 'Running',
          startedMinAgo: started - 0.1,
          hostNodeName: it.host,
        }),
      ),
    ];
    const byName = new Map(nodes.map((n) => [String(n.name), n]));
    byName.get(wf)!.children = [byName.get(group)!.id];
    byName.get(group)!.children = items.map((it) => byName.get(it.name)!.id);
    return [
      workflow({
        k,
        name: wf,
        namespace: WAITING_NS,
        createdMinAgo: started,
        spec: {
          entrypoint: 'main',
          parallelism: 2,
          templates: [
            { name: 'main', steps: [[{ name: 'score', template: 'score', withItems: REGIONS }]] },
            { name: 'score', container: { image, command: ['python', 'score.py'], resources: { requests } } },
          ],
        },
        status: {
          phase: 'Running',
          startedAt: k.ago(started),
          progress: '0/2',
          nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
        },
      }),
      ...items.map((it) =>
        pod(k, WAITING_NS, {
          wf,
          nodeName: it.name,
          template: 'score',
          image,
          command: ['python', 'score.py'],
          requests,
          host: it.host,
          status: runningStatus(k, image, started - 0.5, it.host),
          createdMinAgo: started - 0.1,
        }),
      ),
    ];
  },
});

const namespaceParallelism = steadyScenario({
  id: 'waiting-namespace-parallelism',
  description:
    'Namespace reports allows 2 running workflows (label workflows.argoproj.io/parallelism-limit): two run, a ' +
    "third is postponed with Argo's message.",
  expectedRootCause: 'parallelism-limit',
  build: (k) => [
    ...runningStepWorkflow(k, {
      namespace: LIMITED_NS,
      prefix: 'weekly-revenue',
      step: 'aggregate',
      image: 'registry.example.com/bi/revenue:3.1.0',
      requests: { cpu: '500m', memory: '2Gi' },
      startedMinAgo: 21,
      host: DEMO_NODES[0]!.name,
    }),
    ...runningStepWorkflow(k, {
      namespace: LIMITED_NS,
      prefix: 'churn-dashboard',
      step: 'refresh',
      image: 'registry.example.com/bi/dashboards:1.9.4',
      requests: { cpu: '500m', memory: '1Gi' },
      startedMinAgo: 17,
      host: DEMO_NODES[2]!.name,
    }),
    pendingWorkflow(k, LIMITED_NS, 'kpi-digest', 11, {}, { message: POSTPONED }),
  ],
});

const controllerInstance = steadyScenario({
  id: 'waiting-controller-instance',
  description:
    'A workflow labelled for controller instance ml-platform, which no controller serves: it never gets a status.',
  expectedRootCause: 'controller-not-processing',
  build: (k) => [
    workflow({
      k,
      name: k.name('nightly-export'),
      namespace: WAITING_NS,
      createdMinAgo: 12,
      labels: { 'workflows.argoproj.io/controller-instanceid': 'ml-platform' },
      spec: {
        entrypoint: 'main',
        templates: [{ name: 'main', container: { image: 'python:3.12.4', command: ['python', 'export.py'] } }],
      },
      status: null,
    }),
  ],
});

export const waitingLockScenarios: Scenario[] = [
  semaphore,
  mutex,
  workflowParallelism,
  namespaceParallelism,
  controllerInstance,
];
