// A run much slower than its history: the CronWorkflow warehouse-nightly has ten earlier nightly runs of about
// 40 minutes (their pods long gone, as pod GC leaves them), and its latest run, which finishes as the demo starts,
// took about 2 hours because its load-warehouse pod waited 80 minutes to be scheduled (memory was short on every
// node). That run's pods are still there, so where its time went can be read from their conditions and events.
import { argoNodeId, argoPodName } from '../../core/model/podName';
import { phaseLabels } from '../workflowLabels';
import type { KubeObject, ResourceKind, Scenario, WorldWriter } from '../world';
import { DEMO_NODES, eventObject } from './cluster';

const NS = 'argo';
export const SLOW_RUN_CRON = 'warehouse-nightly';
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const ARGOEXEC = 'quay.io/argoproj/argoexec:v3.7.18';
const PARTITIONS = ['orders', 'customers', 'payments'];

/** The step templates and their images; transform fans out over the partitions. */
const STEPS = {
  extract: { image: 'registry.example.com/data/extract:4.2.0', memory: '2Gi' },
  'transform-partition': { image: 'registry.example.com/data/transform:4.2.0', memory: '4Gi' },
  'load-warehouse': { image: 'registry.example.com/data/loader:2.8.1', memory: '24Gi' },
  'publish-report': { image: 'python:3.12.4', memory: '512Mi' },
} as const;
type StepTemplate = keyof typeof STEPS;

const workflowSpec = {
  entrypoint: 'main',
  templates: [
    {
      name: 'main',
      dag: {
        tasks: [
          { name: 'extract', template: 'extract' },
          {
            name: 'transform',
            template: 'transform-partition',
            dependencies: ['extract'],
            arguments: { parameters: [{ name: 'partition', value: '{{item}}' }] },
            withItems: PARTITIONS,
          },
          { name: 'load-warehouse', template: 'load-warehouse', dependencies: ['transform'] },
          { name: 'publish-report', template: 'publish-report', dependencies: ['load-warehouse'] },
        ],
      },
    },
    ...Object.entries(STEPS).map(([name, s]) => ({
      name,
      ...(name === 'transform-partition' ? { inputs: { parameters: [{ name: 'partition' }] } } : {}),
      container: {
        image: s.image,
        command: ['python', `${name}.py`],
        resources: { requests: { cpu: '1', memory: s.memory }, limits: { memory: s.memory } },
      },
    })),
  ],
};

/** One pod step of a run: when its node started and ended, and how its pod spent the time (ms after the start). */
interface PodStep {
  task: string;
  displayName: string;
  template: StepTemplate;
  start: number;
  end: number;
  /** ms from the node's start to the pod's PodScheduled (the controller creates the pod 2 s after the start). */
  scheduledAfter: number;
  host: number;
  item?: string;
}

/** A run's plan: minutes of each step, from the run's start. Jitter makes each earlier run a little different. */
function plan(start: number, minutes: { extract: number; transform: number[]; load: number; waitLoad: number }) {
  const steps: PodStep[] = [];
  let t = start + 5_000;
  const extractEnd = t + minutes.extract * MIN;
  steps.push({
    task: 'extract',
    displayName: 'extract',
    template: 'extract',
    start: t,
    end: extractEnd,
    scheduledAfter: 4_000,
    host: 0,
  });
  t = extractEnd + 3_000;
  let transformEnd = t;
  PARTITIONS.forEach((item, i) => {
    const end = t + minutes.transform[i]! * MIN;
    transformEnd = Math.max(transformEnd, end);
    steps.push({
      task: 'transform',
      displayName: `transform(${i}:${item})`,
      template: 'transform-partition',
      start: t,
      end,
      scheduledAfter: 3_000,
      host: i % 3,
      item,
    });
  });
  t = transformEnd + 3_000;
  const loadEnd = t + minutes.waitLoad + minutes.load * MIN;
  steps.push({
    task: 'load-warehouse',
    displayName: 'load-warehouse',
    template: 'load-warehouse',
    start: t,
    end: loadEnd,
    scheduledAfter: minutes.waitLoad,
    host: 2,
  });
  t = loadEnd + 3_000;
  steps.push({
    task: 'publish-report',
    displayName: 'publish-report',
    template: 'publish-report',
    start: t,
    end: t + 2 * MIN,
    scheduledAfter: 3_000,
    host: 1,
  });
  return steps;
}

/** The workflow of a run as the controller leaves it; `until` cuts it at a moment (the latest run, still running). */
function runWorkflow(name: string, scheduled: number, steps: PodStep[], cronUid: string, until?: number): KubeObject {
  const started = scheduled + 1_000;
  const root = name;
  const nodes: Record<string, Record<string, unknown>> = {};
  const done = (end: number) => until === undefined || end <= until;
  const lastEnd = Math.max(...steps.map((s) => s.end));
  const finished = done(lastEnd + 1_000) ? lastEnd + 1_000 : undefined;
  const groupId = argoNodeId(name, `${name}.transform`);
  // Each task's node ids, in order, for the children links (a DAG task points at the tasks that depend on it).
  const idsOf = (task: string) =>
    task === 'transform'
      ? [groupId]
      : steps.filter((s) => s.task === task).map((s) => argoNodeId(name, `${name}.${s.displayName}`));
  const next: Record<string, string> = {
    extract: 'transform',
    transform: 'load-warehouse',
    'load-warehouse': 'publish-report',
  };
  for (const s of steps) {
    if (s.start > (until ?? Infinity)) continue;
    const nodeName = `${name}.${s.displayName}`;
    const id = argoNodeId(name, nodeName);
    const ended = done(s.end);
    const following = next[s.task];
    nodes[id] = {
      id,
      name: nodeName,
      displayName: s.displayName,
      type: 'Pod',
      templateName: s.template,
      templateScope: `local/${name}`,
      phase: ended ? 'Succeeded' : 'Running',
      boundaryID: root,
      startedAt: iso(s.start),
      ...(ended ? { finishedAt: iso(s.end) } : {}),
      progress: ended ? '1/1' : '0/1',
      hostNodeName: DEMO_NODES[s.host]!.name,
      ...(s.item ? { inputs: { parameters: [{ name: 'partition', value: s.item }] } } : {}),
      ...(ended ? { outputs: { exitCode: '0' } } : {}),
      ...(ended && following && steps.some((x) => x.task === following && x.start <= (until ?? Infinity))
        ? { children: idsOf(following) }
        : {}),
    };
  }
  const items = steps.filter((s) => s.task === 'transform');
  if (items[0]!.start <= (until ?? Infinity)) {
    const end = Math.max(...items.map((s) => s.end));
    nodes[groupId] = {
      id: groupId,
      name: `${name}.transform`,
      displayName: 'transform',
      type: 'TaskGroup',
      templateName: 'transform-partition',
      templateScope: `local/${name}`,
      phase: done(end) ? 'Succeeded' : 'Running',
      boundaryID: root,
      startedAt: iso(items[0]!.start),
      ...(done(end) ? { finishedAt: iso(end) } : {}),
      children: items
        .filter((s) => s.start <= (until ?? Infinity))
        .map((s) => argoNodeId(name, `${name}.${s.displayName}`)),
    };
  }
  const last = steps[steps.length - 1]!;
  nodes[root] = {
    id: root,
    name: root,
    displayName: root,
    type: 'DAG',
    templateName: 'main',
    templateScope: `local/${name}`,
    phase: finished ? 'Succeeded' : 'Running',
    startedAt: iso(started),
    ...(finished ? { finishedAt: iso(finished) } : {}),
    children: idsOf('extract'),
    ...(finished ? { outboundNodes: [argoNodeId(name, `${name}.${last.displayName}`)] } : {}),
  };
  const pods = Object.values(nodes).filter((n) => n.type === 'Pod');
  const succeeded = pods.filter((n) => n.phase === 'Succeeded').length;
  const phase = finished ? 'Succeeded' : 'Running';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: NS,
      creationTimestamp: iso(scheduled),
      labels: { 'workflows.argoproj.io/cron-workflow': SLOW_RUN_CRON, ...phaseLabels(phase) },
      annotations: { 'workflows.argoproj.io/scheduled-time': iso(scheduled) },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'CronWorkflow',
          name: SLOW_RUN_CRON,
          uid: cronUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(workflowSpec),
    status: {
      phase,
      startedAt: iso(started),
      ...(finished ? { finishedAt: iso(finished) } : {}),
      progress: `${succeeded}/${steps.length}`,
      nodes,
    },
  };
}

/** The pod of a pod step, as the kubelet leaves it; `until` cuts it at a moment (still running). */
function podOf(wf: string, s: PodStep, until: number): KubeObject {
  const nodeName = `${wf}.${s.displayName}`;
  const created = s.start + 2_000;
  const scheduled = s.start + s.scheduledAfter;
  const initialised = scheduled + 8_000;
  const mainStart = initialised + 6_000;
  const ended = s.end <= until;
  const step = STEPS[s.template];
  const main = ended
    ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: iso(mainStart), finishedAt: iso(s.end - 1_500) } }
    : { running: { startedAt: iso(mainStart) } };
  const wait = ended
    ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: iso(mainStart), finishedAt: iso(s.end) } }
    : { running: { startedAt: iso(mainStart) } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: argoPodName(wf, nodeName, s.template),
      namespace: NS,
      creationTimestamp: iso(created),
      labels: {
        'workflows.argoproj.io/workflow': wf,
        'workflows.argoproj.io/completed': String(ended),
      },
      annotations: {
        'workflows.argoproj.io/node-id': argoNodeId(wf, nodeName),
        'workflows.argoproj.io/node-name': nodeName,
        'kubectl.kubernetes.io/default-container': 'main',
      },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: wf, controller: true }],
    },
    spec: {
      nodeName: DEMO_NODES[s.host]!.name,
      restartPolicy: 'Never',
      serviceAccountName: 'default',
      initContainers: [{ name: 'init', image: ARGOEXEC }],
      containers: [
        { name: 'wait', image: ARGOEXEC },
        {
          name: 'main',
          image: step.image,
          resources: { requests: { cpu: '1', memory: step.memory }, limits: { memory: step.memory } },
        },
      ],
    },
    status: {
      phase: ended ? 'Succeeded' : 'Running',
      qosClass: 'Burstable',
      hostIP: `10.0.${s.host + 1}.23`,
      startTime: iso(scheduled),
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: iso(scheduled) },
        { type: 'Initialized', status: 'True', lastTransitionTime: iso(initialised) },
        {
          type: 'Ready',
          status: ended ? 'False' : 'True',
          ...(ended ? { reason: 'PodCompleted' } : {}),
          lastTransitionTime: iso(ended ? s.end : mainStart),
        },
      ],
      initContainerStatuses: [
        {
          name: 'init',
          image: ARGOEXEC,
          ready: false,
          restartCount: 0,
          state: {
            terminated: {
              exitCode: 0,
              reason: 'Completed',
              startedAt: iso(scheduled + 1_000),
              finishedAt: iso(initialised),
            },
          },
        },
      ],
      containerStatuses: [
        { name: 'main', image: step.image, ready: !ended, restartCount: 0, state: main },
        { name: 'wait', image: ARGOEXEC, ready: !ended, restartCount: 0, state: wait },
      ],
    },
  };
}

/** The scheduler's and kubelet's events of a pod (the long FailedScheduling streak of a pod that waited). */
function podEvents(wf: string, s: PodStep): KubeObject[] {
  const pod = argoPodName(wf, `${wf}.${s.displayName}`, s.template);
  const ev = (
    reason: string,
    message: string,
    at: number,
    o: { type?: 'Warning'; count?: number; first?: number } = {},
  ) =>
    eventObject({
      namespace: NS,
      involved: { kind: 'Pod', name: pod },
      reason,
      message,
      type: o.type ?? 'Normal',
      component: reason.endsWith('Scheduling') || reason === 'Scheduled' ? 'default-scheduler' : 'kubelet',
      at: new Date(at),
      ...(o.count ? { count: o.count } : {}),
      ...(o.first ? { first: new Date(o.first) } : {}),
    });
  const scheduled = s.start + s.scheduledAfter;
  const out: KubeObject[] = [];
  if (s.scheduledAfter > MIN)
    out.push(
      ev(
        'FailedScheduling',
        '0/5 nodes are available: 1 node(s) had untolerated taint {nvidia.com/gpu: present}, 4 Insufficient memory. preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.',
        scheduled - 30_000,
        { type: 'Warning', count: Math.round(s.scheduledAfter / (5 * MIN)), first: s.start + 2_000 },
      ),
    );
  out.push(
    ev('Scheduled', `Successfully assigned ${NS}/${pod} to ${DEMO_NODES[s.host]!.name}`, scheduled),
    ev('Pulled', `Container image "${STEPS[s.template].image}" already present on machine`, scheduled + 9_000),
    ev('Started', 'Started container main', scheduled + 14_000),
  );
  return out;
}

/** Deterministic jitter in [-1, 1] per run and step. */
const jitter = (k: number, salt: number) => Math.sin(k * 12.9898 + salt * 78.233) % 1;

/** The scenario: ten earlier runs, then the slow one finishing `finishInMs` after the demo starts. */
export function slowRunScenario(finishInMs = 15_000): Scenario {
  return {
    id: 'slow-run',
    description:
      'The CronWorkflow warehouse-nightly: ten earlier runs of about 40 minutes, then one that takes 2 hours because ' +
      'its load-warehouse pod waited 80 minutes to be scheduled (memory was short on every node); it finishes just ' +
      'after the demo starts, its pods still there.',
    steps(start) {
      const t0 = start.getTime();
      const end = t0 + finishInMs;
      const cronUid = 'd6a1c3e2-5b7f-4e39-9a0c-2f1e8b7c4d10';
      // The latest run: 9 + 14 + 80 (waiting) + 13 + 2 minutes, about 3x the usual 40.
      const latestStart = end - 2_000 - (9 + 14 + 80 + 13 + 2) * MIN - 20_000;
      const latestName = `${SLOW_RUN_CRON}-${Math.floor(latestStart / 1000)}`;
      const latest = plan(latestStart, { extract: 9, transform: [14, 12, 11], load: 13, waitLoad: 80 * MIN });
      // Nightly runs at 01:00 UTC on the ten days before.
      const day = Math.floor(latestStart / 86_400_000) * 86_400_000;
      const earlier = Array.from({ length: 10 }, (_, i) => {
        const k = 10 - i;
        const scheduled = day - k * 86_400_000 + 60 * MIN;
        const name = `${SLOW_RUN_CRON}-${Math.floor(scheduled / 1000)}`;
        const steps = plan(scheduled, {
          extract: 9 + jitter(k, 1),
          transform: [14 + jitter(k, 2) * 1.5, 12 + jitter(k, 3), 11 + jitter(k, 4)],
          load: 12 + jitter(k, 5),
          waitLoad: 20_000 + Math.abs(jitter(k, 6)) * 40_000,
        });
        return runWorkflow(name, scheduled, steps, cronUid);
      });
      const cron: KubeObject = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'CronWorkflow',
        metadata: { name: SLOW_RUN_CRON, namespace: NS, uid: cronUid },
        spec: {
          schedules: ['0 1 * * *'],
          timezone: 'UTC',
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 15,
          workflowSpec: structuredClone(workflowSpec),
        },
        status: { lastScheduledTime: iso(latestStart - 1_000) },
      };
      // Only what is missing is created: the player replays scenarios, and history must not pile up.
      const ensure = (w: WorldWriter, o: KubeObject) =>
        w.get(o.kind as ResourceKind, o.metadata.namespace, o.metadata.name) ?? w.put(o);
      return [
        {
          atMs: 0,
          apply: (w) => {
            ensure(w, cron);
            for (const wf of earlier) ensure(w, wf);
            w.put(runWorkflow(latestName, latestStart - 1_000, latest, cronUid, t0));
            for (const s of latest) if (s.start <= t0) w.put(podOf(latestName, s, t0));
            for (const s of latest) for (const e of podEvents(latestName, s)) if (s.start <= t0) w.put(e);
          },
        },
        {
          atMs: finishInMs,
          apply: (w) => {
            const last = latest[latest.length - 1]!;
            w.put(podOf(latestName, last, end));
            w.put(runWorkflow(latestName, latestStart - 1_000, latest, cronUid));
          },
        },
        // The story is told once per demo: no replay for a year.
        { atMs: 365 * 86_400_000, apply: () => undefined },
      ];
    },
  };
}
