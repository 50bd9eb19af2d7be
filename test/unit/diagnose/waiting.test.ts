// Steps and workflows that wait rather than fail: each waiting signature on variants of our own (Argo 3.4–4.x
// shapes: `synchronization.semaphore` vs `semaphores`, lock names of ConfigMap, Database and Mutex locks, the
// controller's settings as keys or inside `config`), and the failure signatures that also explain a Pending pod.
import assert from 'node:assert/strict';
import type { BundleNode, EvidenceBundle } from '../../../src/core/diagnose/bundle';
import { diagnose, waitingSummary, type Diagnosis } from '../../../src/core/diagnose/diagnose';
import { reportMarkdown, reportText } from '../../../src/core/diagnose/report';

type O = Record<string, unknown>;

const NOW = '2025-09-02T10:00:00Z';

function wf(name: string, ns: string, status: O = {}, spec: O = {}, meta: O = {}): O {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: ns, creationTimestamp: '2025-09-02T08:00:00Z', ...meta },
    spec: { entrypoint: 'main', ...spec },
    status,
  };
}

const cm = (name: string, ns: string, data: O): O => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data,
});

const step = (n: Partial<BundleNode>): BundleNode => ({
  id: 'wf-1',
  name: 'wf.step',
  displayName: 'step',
  type: 'Pod',
  phase: 'Pending',
  startedAt: '2025-09-02T09:00:00Z',
  finishedAt: null,
  ...n,
});

/** The text an explanation shows: the cause, the fixes and the evidence. */
const shown = (d: Diagnosis) => [d.cause, ...d.fixes, ...d.evidence].join('\n');

function expectRoot(b: EvidenceBundle, id: string, mentions: (string | RegExp)[] = []): Diagnosis {
  const d = diagnose(b);
  assert.equal(d.rootCause, id, `cause: ${d.cause}\nsecondary: ${d.secondaryCauses.join(', ')}`);
  const text = shown(d);
  for (const m of mentions)
    if (typeof m === 'string') assert.ok(text.includes(m), `"${m}" not in:\n${text}`);
    else assert.match(text, m);
  assert.ok(d.waiting, 'a waiting summary');
  return d;
}

describe('explain waiting: semaphores', () => {
  it('a step waits on a ConfigMap semaphore (3.6+ message, status holders with namespaces, spec list)', () => {
    const d = expectRoot(
      {
        workflowNode: step({ message: 'Waiting for team/ConfigMap/limits/db-writers lock. Lock status: 0/3' }),
        workflow: wf(
          'load-a',
          'team',
          {
            phase: 'Running',
            synchronization: {
              semaphore: { waiting: [{ semaphore: 'team/ConfigMap/limits/db-writers', holders: ['team/h1/h1-1'] }] },
            },
          },
          { templates: [{ name: 'step', synchronization: { semaphores: [{ configMapKeyRef: { name: 'limits' } }] } }] },
        ),
        related: [
          cm('limits', 'team', { 'db-writers': '3' }),
          wf('h1', 'team', { phase: 'Running', startedAt: '2025-09-02T07:00:00Z' }),
          wf('h2', 'team', {
            phase: 'Running',
            synchronization: {
              semaphore: { holding: [{ semaphore: 'team/ConfigMap/limits/db-writers', holders: ['h2-9'] }] },
            },
          }),
        ],
        observedAt: NOW,
      },
      'semaphore-held',
      ['db-writers', 'limits', 'limit is 3', 'h1', 'h2', 'lock status 0/3'],
    );
    assert.equal(d.waiting, 'waiting for semaphore team/db-writers held by 2 workflows');
    assert.match(d.cause, /^Step step is waiting for the semaphore db-writers/);
  });

  it('a whole workflow waits on a semaphore with no message (3.4 shape: holders without namespace)', () => {
    const d = expectRoot(
      {
        workflowNode: null,
        workflow: wf(
          'nightly',
          'etl',
          {
            phase: 'Pending',
            synchronization: {
              semaphore: { waiting: [{ semaphore: 'etl/ConfigMap/sem/etl', holders: ['other-run'] }] },
            },
          },
          { synchronization: { semaphore: { configMapKeyRef: { name: 'sem', key: 'etl' } } } },
        ),
        related: [cm('sem', 'etl', { etl: 1 })],
      },
      'semaphore-held',
      ['etl', 'sem', 'other-run', 'limit is 1'],
    );
    assert.equal(d.waiting, 'waiting for semaphore etl/etl held by other-run');
  });

  it('a database semaphore (3.7+), its limit from the message only', () => {
    const d = expectRoot(
      {
        workflowNode: null,
        workflow: wf('w', 'ns', { phase: 'Pending', message: 'Waiting for ns/Database/gpu lock. Lock status: 0/4' }),
      },
      'semaphore-held',
      ['database semaphore gpu', 'limit is 4', 'database'],
    );
    assert.equal(d.waiting, 'waiting for semaphore ns/gpu');
  });

  it("a step whose template asks no lock is not blamed on the workflow's other waits", () => {
    const d = diagnose({
      workflowNode: step({
        message: 'Unschedulable: 0/5 nodes are available: 5 Insufficient memory.',
        templateName: 'x',
      }),
      workflow: wf('w', 'ns', {
        phase: 'Running',
        synchronization: { semaphore: { waiting: [{ semaphore: 'ns/ConfigMap/s/k', holders: ['ns/o/o-1'] }] } },
      }),
    });
    assert.equal(d.rootCause, 'insufficient-resources');
    assert.ok(d.secondaryCauses.includes('semaphore-held'), d.secondaryCauses.join(', '));
  });

  it('does not say a finished workflow waits on a lock', () => {
    const d = diagnose({
      workflowNode: null,
      workflow: wf('w', 'ns', { phase: 'Succeeded', message: 'Waiting for ns/Database/gpu lock. Lock status: 0/4' }),
    });
    assert.notEqual(d.rootCause, 'semaphore-held');
    assert.equal(d.waiting, undefined);
  });
});

describe('explain waiting: mutexes', () => {
  it('every holder has finished: the lock passes in moments (a snapshot taken as Argo hands it over)', () => {
    expectRoot(
      {
        workflowNode: null,
        workflow: wf(
          'next',
          'argo',
          {
            phase: 'Pending',
            message: 'Waiting for argo/ConfigMap/locks/db lock. Lock status: 0/1',
            synchronization: {
              semaphore: { waiting: [{ semaphore: 'argo/ConfigMap/locks/db', holders: ['argo/first'] }] },
            },
          },
          { synchronization: { semaphores: [{ configMapKeyRef: { name: 'locks', key: 'db' } }] } },
        ),
        related: [
          wf('first', 'argo', { phase: 'Succeeded', startedAt: '2025-09-02T09:00:00Z' }),
          cm('locks', 'argo', { db: '1' }),
        ],
      },
      'semaphore-held',
      ['Every holder has already finished', 'in moments'],
    );
  });

  it('a step waits on a mutex held by a running workflow: wait or stop it', () => {
    expectRoot(
      {
        workflowNode: step({ message: 'Waiting for ops/Mutex/deploy lock. Lock status: 0/1' }),
        workflow: wf('deploy-2', 'ops', { phase: 'Running' }),
        related: [
          wf('deploy-1', 'ops', {
            phase: 'Running',
            startedAt: '2025-09-02T09:30:00Z',
            synchronization: { mutex: { holding: [{ mutex: 'ops/Mutex/deploy', holder: 'deploy-1-123' }] } },
          }),
        ],
        observedAt: NOW,
      },
      'mutex-held',
      ['mutex deploy', 'deploy-1', 'argo stop', '30 minutes'],
    );
  });

  it('the holder is another step of the same workflow', () => {
    const d = expectRoot(
      {
        workflowNode: step({ message: 'Waiting for ops/Mutex/db lock. Lock status: 0/1' }),
        workflow: wf('self', 'ops', {
          phase: 'Running',
          synchronization: { mutex: { waiting: [{ mutex: 'ops/Mutex/db', holder: 'ops/self/self-77' }] } },
          nodes: { 'self-77': { id: 'self-77', displayName: 'migrate', type: 'Pod', phase: 'Running' } },
        }),
      },
      'mutex-held',
      ['step migrate of this same workflow'],
    );
    assert.equal(d.waiting, 'waiting for mutex ops/db held by step migrate');
  });

  it('the holder waits at a suspend step: says so and how to resume it (mutexes list, 4.x)', () => {
    const d = expectRoot(
      {
        workflowNode: null,
        workflow: wf(
          'release-b',
          'ops',
          {
            phase: 'Pending',
            synchronization: { mutex: { waiting: [{ mutex: 'ops/Mutex/prod', holder: 'ops/release-a' }] } },
          },
          { synchronization: { mutexes: [{ name: 'prod' }] } },
        ),
        related: [
          wf('release-a', 'ops', {
            phase: 'Running',
            nodes: {
              n1: { id: 'n1', name: 'release-a.gate', displayName: 'gate', type: 'Suspend', phase: 'Running' },
            },
          }),
        ],
      },
      'mutex-held',
      ['prod', 'release-a', 'suspend step "gate"', 'argo resume release-a -n ops', 'approve'],
    );
    assert.equal(d.waiting, 'waiting for mutex ops/prod held by release-a');
  });
});

describe('explain waiting: parallelism', () => {
  const running = (n: number, ns: string) =>
    Array.from({ length: n }, (_, i) => wf(`run-${ns}-${i}`, ns, { phase: 'Running' }));
  const postponed = (ns: string) =>
    wf('late', ns, {
      phase: 'Pending',
      message: 'Workflow processing has been postponed because too many workflows are already running',
    });

  it("the controller's parallelism inside the `config` key of an older configmap", () => {
    const d = expectRoot(
      {
        workflowNode: null,
        workflow: postponed('a'),
        related: [cm('workflow-controller-configmap', 'argo', { config: 'parallelism: 4\n' }), ...running(4, 'a')],
      },
      'parallelism-limit',
      ['parallelism', 'is 4', 'workflow-controller-configmap', '4 workflows are running', 'wait'],
    );
    assert.equal(d.waiting, 'waiting for a parallelism slot: 4 of 4 running (controller limit)');
  });

  it("the namespace's label, reached before the controller's limit", () => {
    const d = expectRoot(
      {
        workflowNode: null,
        workflow: postponed('team'),
        related: [
          cm('workflow-controller-configmap', 'argo', { parallelism: '50' }),
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'team', labels: { 'workflows.argoproj.io/parallelism-limit': '2' } },
          },
          ...running(2, 'team'),
          ...running(3, 'other'),
        ],
      },
      'parallelism-limit',
      ['namespace team', 'is 2', 'kubectl label namespace team', 'run-team-0'],
    );
    assert.equal(d.waiting, 'waiting for a parallelism slot: 2 of 2 running (namespace limit)');
  });

  it("the controller's namespaceParallelism", () => {
    expectRoot(
      {
        workflowNode: null,
        workflow: postponed('x'),
        related: [cm('workflow-controller-configmap', 'argo', { namespaceParallelism: '3' }), ...running(3, 'x')],
      },
      'parallelism-limit',
      ['namespaceParallelism', 'is 3'],
    );
  });

  it('the message alone, nothing else known', () => {
    expectRoot({ workflowNode: null, workflow: postponed('x') }, 'parallelism-limit', ['too many workflows', 'wait']);
  });

  it("a step waits for the workflow's spec.parallelism", () => {
    expectRoot(
      {
        workflowNode: step({ message: '' }),
        workflow: wf('fan', 'ns', { phase: 'Running' }, { parallelism: 2 }),
        relatedNodes: [
          step({ id: 'a', name: 'fan.a', displayName: 'a', phase: 'Running' }),
          step({ id: 'b', name: 'fan.b', displayName: 'b', phase: 'Running' }),
        ],
      },
      'parallelism-limit',
      ["workflow's spec.parallelism", 'is 2', 'a, b'],
    );
  });
});

describe('explain waiting: steps held back by parallelism (no node yet, as Argo 3.x–4.x leave them)', () => {
  const pod = (id: string, displayName: string, phase: string, boundaryID: string): O => ({
    id,
    name: `w.${displayName}`,
    displayName,
    type: 'Pod',
    phase,
    boundaryID,
  });
  const stepsWorkflow = (spec: O, nodes: O[]) =>
    wf('backfill', 'ns', { phase: 'Running', nodes: Object.fromEntries(nodes.map((n) => [n.id, n])) }, spec);
  const group = (children: string[]): O[] => [
    { id: 'w', name: 'w', displayName: 'w', type: 'Steps', phase: 'Running', templateName: 'main', children: ['g0'] },
    { id: 'g0', name: 'w[0]', displayName: '[0]', type: 'StepGroup', phase: 'Running', boundaryID: 'w', children },
  ];
  const steps = { templates: [{ name: 'main', steps: [[{ name: 'y2024' }, { name: 'y2025' }, { name: 'y2026' }]] }] };

  it("the workflow's spec.parallelism: names the steps not started and the one running", () => {
    const d = expectRoot(
      {
        workflowNode: null,
        workflow: stepsWorkflow({ parallelism: 1, ...steps }, [...group(['a']), pod('a', 'y2024', 'Running', 'w')]),
      },
      'parallelism-limit',
      ['spec.parallelism: 1', 'y2025, y2026 have not started', 'running (y2024)', 'Raise `spec.parallelism`'],
    );
    assert.equal(d.waiting, '2 steps waiting for a parallelism slot: 1 of 1 running (workflow limit)');
  });

  it("a template's own parallelism, before the workflow's", () => {
    const d = expectRoot(
      {
        workflowNode: null,
        workflow: stepsWorkflow({ parallelism: 10, templates: [{ ...steps.templates[0], parallelism: 2 }] }, [
          ...group(['a', 'b']),
          pod('a', 'y2024', 'Running', 'w'),
          pod('b', 'y2025', 'Running', 'w'),
        ]),
      },
      'parallelism-limit',
      ['parallelism of template main: 2', 'y2026 has not started'],
    );
    assert.match(d.waiting ?? '', /template limit/);
  });

  it('a DAG task whose dependencies succeeded but has no node', () => {
    const dag = {
      parallelism: 1,
      templates: [
        {
          name: 'main',
          dag: {
            tasks: [
              { name: 'extract' },
              { name: 'clean', depends: 'extract' },
              { name: 'enrich', dependencies: ['extract'] },
              { name: 'load', depends: 'clean && enrich' },
            ],
          },
        },
      ],
    };
    const nodes = [
      { id: 'w', name: 'w', displayName: 'w', type: 'DAG', phase: 'Running', templateName: 'main' },
      { ...pod('e', 'extract', 'Succeeded', 'w') },
      { ...pod('c', 'clean', 'Running', 'w') },
    ];
    expectRoot({ workflowNode: null, workflow: stepsWorkflow(dag, nodes) }, 'parallelism-limit', [
      'enrich has not started',
    ]);
    const text = shown(diagnose({ workflowNode: null, workflow: stepsWorkflow(dag, nodes) }));
    assert.ok(!text.includes('load'), 'load still waits for its dependencies, not for a slot');
  });

  it('says nothing when the limit is not reached (a step simply not started yet)', () => {
    const d = diagnose({
      workflowNode: null,
      workflow: stepsWorkflow({ parallelism: 3, ...steps }, [...group(['a']), pod('a', 'y2024', 'Running', 'w')]),
    });
    assert.notEqual(d.rootCause, 'parallelism-limit');
  });
});

describe('explain waiting: ResourceQuota', () => {
  const refused = (message: string) => ({
    workflowNode: step({ message }),
    workflow: wf('train', 'ml', { phase: 'Running' }),
  });

  it('used up for now: starts when room frees, how to see what is used', () => {
    const d = expectRoot(
      refused(
        'pods "t-1" is forbidden: exceeded quota: team, requested: requests.cpu=2, used: requests.cpu=9, limited: requests.cpu=10',
      ),
      'resource-quota-exceeded',
      ['team is used up for now', 'asks requests.cpu=2', 'kubectl -n ml describe resourcequota team'],
    );
    assert.equal(d.waiting, "waiting for room in the namespace's resource quota");
  });

  it('asks more than the quota allows at all: never starts, waiting will not help', () => {
    const d = expectRoot(
      refused(
        'pods "t-1" is forbidden: exceeded quota: team, requested: requests.cpu=4050m,requests.memory=1Gi, ' +
          'used: requests.cpu=0,requests.memory=0, limited: requests.cpu=1,requests.memory=64Gi',
      ),
      'resource-quota-exceeded',
      ['can never start', 'requests.cpu: asks 4050m, the quota allows 1', "Argo's own init and wait"],
    );
    assert.ok(!shown(d).includes('requests.memory: asks'), 'memory fits the quota');
    assert.equal(d.waiting, 'never fits: asks more than quota team allows');
  });

  it("a quota that needs requests Argo's own containers do not set: executor.resources or a LimitRange", () => {
    expectRoot(
      refused('pods "t-1" is forbidden: failed quota: team: must specify requests.cpu for: init,wait'),
      'resource-quota-exceeded',
      ['counts requests.cpu', 'these do not: init,wait', 'executor.resources', 'LimitRange'],
    );
  });
});

describe('explain waiting: the controller', () => {
  const unseen = (meta: O = {}) => ({ ...wf('new', 'ns', undefined, {}, meta), status: undefined });

  it('no phase long after creation, the controller pod crash-looping', () => {
    const d = expectRoot(
      {
        workflowNode: null,
        workflow: unseen(),
        related: [
          {
            kind: 'Pod',
            metadata: { name: 'workflow-controller-7d9c-x', namespace: 'argo', labels: { app: 'workflow-controller' } },
            status: {
              phase: 'Running',
              containerStatuses: [
                { name: 'workflow-controller', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } },
              ],
            },
          },
        ],
        observedAt: '2025-09-02T08:20:00Z',
      },
      'controller-not-processing',
      ['20 minutes', 'no phase', 'CrashLoopBackOff', 'workflow-controller'],
    );
    assert.equal(d.waiting, 'waiting for the workflow controller to pick it up (20 minutes)');
  });

  it('an instance ID the controller does not have', () => {
    expectRoot(
      {
        workflowNode: null,
        workflow: unseen({ labels: { 'workflows.argoproj.io/controller-instanceid': 'team-b' } }),
        related: [cm('workflow-controller-configmap', 'argo', { instanceID: 'team-a' })],
        observedAt: '2025-09-02T09:00:00Z',
      },
      'controller-not-processing',
      ['"team-b"', '"team-a"'],
    );
  });

  it('not for a workflow created moments ago', () => {
    const d = diagnose({ workflowNode: null, workflow: unseen(), observedAt: '2025-09-02T08:00:20Z' });
    assert.notEqual(d.rootCause, 'controller-not-processing');
  });
});

describe('explain waiting: suspend steps and retry backoff', () => {
  it('a suspend step with a duration: when it resumes by itself, and the resume command', () => {
    const d = expectRoot(
      {
        workflowNode: step({
          type: 'Suspend',
          phase: 'Running',
          displayName: 'approve',
          templateName: 'approve',
          startedAt: '2025-09-02T09:00:00Z',
        }),
        workflow: wf(
          'rel',
          'ops',
          { phase: 'Running' },
          { templates: [{ name: 'approve', suspend: { duration: '2h' } }] },
        ),
        observedAt: NOW,
      },
      'suspended-awaiting-resume',
      ['approve', 'duration of 2h', '11:00:00 UTC on 2025-09-02', 'argo resume rel -n ops', 'displayName=approve'],
    );
    assert.equal(d.waiting, 'waiting for resume at suspend step approve (or 2h)');
  });

  it('a suspend step without a duration waits however long it takes', () => {
    expectRoot(
      { workflowNode: step({ type: 'Suspend', phase: 'Running', displayName: 'gate' }), workflow: 'rel' },
      'suspended-awaiting-resume',
      ['no duration', 'argo resume rel'],
    );
  });

  it('a whole workflow suspended with argo suspend', () => {
    expectRoot(
      { workflowNode: null, workflow: wf('w', 'ns', { phase: 'Running' }, { suspend: true }) },
      'suspended-awaiting-resume',
      ['spec.suspend', 'argo resume w -n ns'],
    );
  });

  const retry = (phase: string, message = '') => ({
    workflowNode: step({ type: 'Retry', phase, name: 'wf.fetch', displayName: 'fetch', message }),
    relatedNodes: [
      step({
        id: 'a0',
        name: 'wf.fetch(0)',
        displayName: 'fetch(0)',
        phase: 'Failed',
        message: 'Error (exit code 1)',
        finishedAt: '2025-09-02T09:50:00Z',
      }),
      step({
        id: 'a1',
        name: 'wf.fetch(1)',
        displayName: 'fetch(1)',
        phase: 'Failed',
        message: 'main: Error (exit code 1)',
        finishedAt: '2025-09-02T09:58:00Z',
      }),
    ],
    templateHints: { retryStrategy: { limit: 5, backoff: { duration: '2m', factor: 2 } } },
    observedAt: NOW,
  });

  it('a retry waiting out its backoff: when the next attempt starts', () => {
    const d = expectRoot(retry('Running'), 'retry-backoff-waiting', [
      'backoff',
      'attempt 2',
      '4 minutes',
      '10:02:00 UTC on 2025-09-02',
      'in 2 minutes',
      'main: Error (exit code 1)',
    ]);
    assert.equal(d.waiting, 'waiting to retry (attempt 3) at 10:02:00 UTC on 2025-09-02');
  });

  it("Argo's own backoff message", () => {
    const b = retry('Running', 'Backoff for 4 minutes 0 seconds');
    delete (b as O).templateHints;
    expectRoot(b, 'retry-backoff-waiting', ['4 minutes 0 seconds']);
  });

  it('not for a retry node that ran out of retries', () => {
    const d = diagnose(retry('Failed', 'No more retries left'));
    assert.notEqual(d.rootCause, 'retry-backoff-waiting');
    assert.equal(d.waiting, undefined);
  });
});

describe('explain waiting: slow starts', () => {
  const pod = (status: O, spec: O = {}) => ({
    metadata: { name: 'wf-step-1', namespace: 'ns' },
    spec: { nodeName: 'n1', containers: [{ name: 'main', image: 'big/image:1' }], ...spec },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-09-02T09:40:00Z' }],
      ...status,
    },
  });
  const creating = { containerStatuses: [{ name: 'main', state: { waiting: { reason: 'ContainerCreating' } } }] };
  const ev = (reason: string, message: string, at: string) => ({
    reason,
    message,
    type: 'Normal',
    lastTimestamp: at,
    involvedObject: { kind: 'Pod' },
  });

  it('an image pulling for long with no error', () => {
    const d = expectRoot(
      {
        workflowNode: step({ phase: 'Pending', message: 'ContainerCreating' }),
        pod: pod(creating),
        events: [
          ev('Scheduled', 'assigned', '2025-09-02T09:40:00Z'),
          ev('Pulling', 'Pulling image "big/image:1"', '2025-09-02T09:41:00Z'),
        ],
        observedAt: NOW,
      },
      'image-pull-slow',
      ['big/image:1', '19 minutes', 'smaller image'],
    );
    assert.equal(d.waiting, 'waiting for image big/image:1 to download (19 minutes)');
  });

  it('not when the pull finished or failed', () => {
    for (const after of [
      ev('Pulled', 'Successfully pulled image "big/image:1"', '2025-09-02T09:50:00Z'),
      ev('BackOff', 'Back-off pulling image "big/image:1"', '2025-09-02T09:50:00Z'),
    ]) {
      const d = diagnose({
        workflowNode: step({ phase: 'Pending' }),
        pod: pod(creating),
        events: [ev('Pulling', 'Pulling image "big/image:1"', '2025-09-02T09:41:00Z'), after],
        observedAt: NOW,
      });
      assert.notEqual(d.rootCause, 'image-pull-slow');
    }
  });

  it('init containers still running (input artifacts)', () => {
    expectRoot(
      {
        workflowNode: step({ phase: 'Pending', message: 'PodInitializing' }),
        pod: pod(
          {
            initContainerStatuses: [{ name: 'init', state: { running: { startedAt: '2025-09-02T09:41:00Z' } } }],
            containerStatuses: [{ name: 'main', state: { waiting: { reason: 'PodInitializing' } } }],
          },
          { initContainers: [{ name: 'init' }] },
        ),
        observedAt: NOW,
      },
      'container-creating-slow',
      ['init', '20 minutes', 'input artifacts'],
    );
  });

  it('ContainerCreating for long with a volume to mount', () => {
    expectRoot(
      {
        workflowNode: step({ phase: 'Pending' }),
        pod: pod(creating, { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }),
        observedAt: NOW,
      },
      'container-creating-slow',
      ['ContainerCreating', 'volume data'],
    );
  });
});

describe('explain waiting: failure signatures also explain a Pending step', () => {
  const pending = (message: string, events: O[] = [], pod: O | null = null): EvidenceBundle => ({
    workflowNode: step({ phase: 'Pending', message }),
    pod,
    events,
    observedAt: NOW,
  });
  const table: [string, EvidenceBundle, string][] = [
    [
      'insufficient-resources',
      pending('Unschedulable: 0/5 nodes are available: 5 Insufficient cpu.'),
      'waiting for a node with enough free resources',
    ],
    [
      'untolerated-taint',
      pending(
        'Unschedulable: 0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/3 nodes are available',
      ),
      'waiting for a node whose taints it tolerates',
    ],
    [
      'untolerated-taint',
      pending("0/3 nodes are available: 3 node(s) had taint {dedicated: gpu}, that the pod didn't tolerate."),
      'waiting for a node whose taints it tolerates',
    ],
    [
      'node-selector-mismatch',
      pending("Unschedulable: 0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector."),
      'waiting for a node that matches its node selector or affinity',
    ],
    [
      'volume-node-affinity-conflict',
      pending('Unschedulable: 0/4 nodes are available: 4 node(s) had volume node affinity conflict.'),
      "waiting for a node in its volume's zone",
    ],
    [
      'pvc-unbound',
      pending('Unschedulable: 0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims.'),
      'waiting for its volume claim to be bound',
    ],
    [
      'resource-quota-exceeded',
      pending(
        'pods "wf-step-1" is forbidden: exceeded quota: team-quota, requested: cpu=2, used: cpu=9, limited: cpu=10',
      ),
      "waiting for room in the namespace's resource quota",
    ],
    [
      'image-pull-backoff',
      pending('ImagePullBackOff: Back-off pulling image "x/y:1"', [], {
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'main', image: 'x/y:1' }] },
        status: {
          phase: 'Pending',
          containerStatuses: [{ name: 'main', state: { waiting: { reason: 'ImagePullBackOff' } } }],
        },
      }),
      'waiting to retry pulling its image',
    ],
  ];
  for (const [id, b, summary] of table)
    it(`${id}: ${b.workflowNode?.message?.slice(0, 60)}`, () => {
      const d = diagnose(b);
      assert.equal(d.rootCause, id, d.cause);
      assert.equal(d.waiting, summary);
      assert.equal(waitingSummary(b), summary);
      assert.match(reportText(d, { step: 'step' }), /^Why step step is waiting\n\nNow: waiting/);
    });
});

describe('waitingSummary', () => {
  it('is undefined for a step that failed, and read from a diagnosis or a bundle alike', () => {
    const failed: EvidenceBundle = { workflowNode: step({ phase: 'Failed', message: 'Error (exit code 1)' }) };
    assert.equal(waitingSummary(failed), undefined);
    assert.equal(waitingSummary(diagnose(failed)), undefined);
    assert.match(reportMarkdown(diagnose(failed)), /^# Why the step failed/);
    const waiting: EvidenceBundle = { workflowNode: step({ phase: 'Pending' }) };
    assert.equal(waitingSummary(waiting), 'waiting to start (Pending)');
    assert.equal(waitingSummary(diagnose(waiting)), 'waiting to start (Pending)');
  });
});
