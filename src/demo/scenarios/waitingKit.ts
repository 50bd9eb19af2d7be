// Builders for the demo's waiting scenarios: a steady state (workflows, pods, events, quotas, volumes) put at once
// and kept a while, then removed, so the scenario loops with new names like the others. Timestamps are set in the
// past, as if the demo cluster came up on workflows that had already been waiting for minutes: each shows its
// waiting state at once and stays in it.
import { argoNodeId, argoPodName } from '../../core/model/podName';
import { withPhaseLabels } from '../workflowLabels';
import type { KubeObject, ResourceKind, Scenario } from '../world';
import { DEMO_ARGO_IMAGE, eventObject } from './cluster';

/** The namespace most waiting scenarios share. */
export const WAITING_NS = 'waiting';
/** How long a waiting scenario keeps its objects before it starts again with new names. */
export const WAITING_HOLD_MS = 30 * 60_000;

export const EXECUTOR_IMAGE = DEMO_ARGO_IMAGE.replace('workflow-controller', 'argoexec');

const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
type Obj = Record<string, unknown>;

/** Times and names of one run of a scenario. */
export class Kit {
  readonly suffix: string;
  constructor(readonly start: Date) {
    this.suffix = start.getTime().toString(36).slice(-5);
  }
  /** The time `minutes` before the run starts (negative: after). */
  ago(minutes: number): string {
    return iso(new Date(this.start.getTime() - minutes * 60_000));
  }
  name(prefix: string): string {
    return `${prefix}-${this.suffix}`;
  }
}

export interface NodeSpecLite {
  name: string;
  displayName: string;
  type: 'Pod' | 'Suspend' | 'Retry' | 'Steps' | 'StepGroup';
  templateName: string;
  phase: string;
  startedMinAgo: number;
  finishedMinAgo?: number;
  message?: string;
  hostNodeName?: string;
  children?: string[];
  boundaryID?: string;
  outputs?: Obj;
}

/** A workflow node as Argo's controller writes it (id from its name, times from minutes ago). */
export function node(k: Kit, wf: string, n: NodeSpecLite): Obj & { id: string } {
  return {
    id: n.name === wf ? wf : argoNodeId(wf, n.name),
    name: n.name,
    displayName: n.displayName,
    type: n.type,
    templateName: n.templateName,
    templateScope: `local/${wf}`,
    phase: n.phase,
    ...(n.name !== wf ? { boundaryID: n.boundaryID ?? wf } : {}),
    startedAt: k.ago(n.startedMinAgo),
    finishedAt: n.finishedMinAgo === undefined ? null : k.ago(n.finishedMinAgo),
    ...(n.message ? { message: n.message } : {}),
    ...(n.hostNodeName ? { hostNodeName: n.hostNodeName } : {}),
    ...(n.children ? { children: n.children } : {}),
    ...(n.outputs ? { outputs: n.outputs } : {}),
    ...(n.type === 'Pod' ? { progress: n.phase === 'Succeeded' ? '1/1' : '0/1' } : {}),
  };
}

/** The running root node of a workflow whose entrypoint is the steps template `main`. */
export function rootNode(k: Kit, wf: string, startedMinAgo: number, children?: string[]): Obj & { id: string } {
  return node(k, wf, {
    name: wf,
    displayName: wf,
    type: 'Steps',
    templateName: 'main',
    phase: 'Running',
    startedMinAgo,
    ...(children ? { children } : {}),
  });
}

/** A Workflow as the controller keeps it; no status at all when `status` is null (never processed). */
export function workflow(o: {
  name: string;
  namespace: string;
  createdMinAgo: number;
  k: Kit;
  spec: Obj;
  status: Obj | null;
  labels?: Record<string, string>;
}): KubeObject {
  const wf: KubeObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      creationTimestamp: o.k.ago(o.createdMinAgo),
      labels: { ...(o.labels ?? {}) },
    },
    spec: o.spec,
    ...(o.status ? { status: o.status } : {}),
  };
  return withPhaseLabels(wf);
}

export interface PodSpecLite {
  wf: string;
  nodeName: string;
  template: string;
  image: string;
  command: string[];
  requests: Record<string, string>;
  limits?: Record<string, string>;
  host?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Obj[];
  volumes?: Obj[];
  volumeMounts?: Obj[];
  /** Pod status: phase, conditions, container statuses. */
  status: Obj;
  createdMinAgo: number;
}

/** Argo's pod of a step: init, wait and main containers, the node-id annotation, owned by the workflow. */
export function pod(k: Kit, namespace: string, p: PodSpecLite): KubeObject {
  const nodeId = argoNodeId(p.wf, p.nodeName);
  const executor = { image: EXECUTOR_IMAGE, resources: { requests: { cpu: '10m', memory: '64Mi' } } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: argoPodName(p.wf, p.nodeName, p.template),
      namespace,
      creationTimestamp: k.ago(p.createdMinAgo),
      labels: { 'workflows.argoproj.io/workflow': p.wf, 'workflows.argoproj.io/completed': 'false' },
      annotations: {
        'workflows.argoproj.io/node-id': nodeId,
        'workflows.argoproj.io/node-name': p.nodeName,
        'kubectl.kubernetes.io/default-container': 'main',
      },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: p.wf, controller: true }],
    },
    spec: {
      ...(p.host ? { nodeName: p.host } : {}),
      restartPolicy: 'Never',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
      initContainers: [{ name: 'init', ...executor, command: ['argoexec', 'init'] }],
      containers: [
        { name: 'wait', ...executor, command: ['argoexec', 'wait'] },
        {
          name: 'main',
          image: p.image,
          command: p.command,
          resources: { requests: p.requests, ...(p.limits ? { limits: p.limits } : {}) },
          ...(p.volumeMounts ? { volumeMounts: p.volumeMounts } : {}),
        },
      ],
      tolerations: [
        ...(p.tolerations ?? []),
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      ...(p.volumes ? { volumes: p.volumes } : {}),
    },
    status: { qosClass: 'Burstable', startTime: k.ago(p.createdMinAgo), ...p.status },
  };
}

/** A container status in one state. */
export function containerStatus(
  name: string,
  image: string,
  state: { waiting?: string; message?: string; runningMinAgo?: number; k?: Kit },
): Obj {
  return {
    name,
    image,
    ready: state.runningMinAgo !== undefined && name !== 'init',
    restartCount: 0,
    started: state.runningMinAgo !== undefined,
    state:
      state.runningMinAgo !== undefined
        ? { running: { startedAt: state.k!.ago(state.runningMinAgo) } }
        : { waiting: { reason: state.waiting, ...(state.message ? { message: state.message } : {}) } },
  };
}

/** A pod condition. */
export const condition = (type: string, status: string, at: string, reason?: string, message?: string): Obj => ({
  type,
  status,
  lastProbeTime: null,
  lastTransitionTime: at,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

/** A Pod that is scheduled and runs (its main and wait containers started `minAgo` minutes ago). */
export function runningStatus(k: Kit, image: string, minAgo: number, host: string): Obj {
  return {
    phase: 'Running',
    hostIP: '10.0.1.10',
    podIP: `10.0.${Math.floor(minAgo) % 200}.${(host.length * 7) % 250}`,
    initContainerStatuses: [
      {
        name: 'init',
        image: EXECUTOR_IMAGE,
        ready: true,
        restartCount: 0,
        state: {
          terminated: { exitCode: 0, reason: 'Completed', startedAt: k.ago(minAgo + 0.2), finishedAt: k.ago(minAgo) },
        },
      },
    ],
    containerStatuses: [
      containerStatus('main', image, { runningMinAgo: minAgo, k }),
      containerStatus('wait', EXECUTOR_IMAGE, { runningMinAgo: minAgo, k }),
    ],
    conditions: [
      condition('PodReadyToStartContainers', 'True', k.ago(minAgo + 0.3)),
      condition('Initialized', 'True', k.ago(minAgo)),
      condition('Ready', 'True', k.ago(minAgo)),
      condition('ContainersReady', 'True', k.ago(minAgo)),
      condition('PodScheduled', 'True', k.ago(minAgo + 0.4)),
    ],
  };
}

/** An event about an object, first seen `firstMinAgo` and last `lastMinAgo` minutes before the run. */
export function event(
  k: Kit,
  namespace: string,
  involved: { kind: string; name: string },
  e: {
    reason: string;
    message: string;
    type?: 'Normal' | 'Warning';
    component: string;
    firstMinAgo: number;
    lastMinAgo?: number;
    count?: number;
  },
): KubeObject {
  return eventObject({
    namespace,
    involved,
    reason: e.reason,
    message: e.message,
    type: e.type,
    component: e.component,
    at: new Date(Date.parse(k.ago(e.lastMinAgo ?? e.firstMinAgo))),
    first: new Date(Date.parse(k.ago(e.firstMinAgo))),
    count: e.count,
  });
}

/** A scenario that puts a steady waiting state, keeps it WAITING_HOLD_MS, then removes it (and loops). */
export function steadyScenario(s: {
  id: string;
  description: string;
  expectedRootCause: string;
  build(k: Kit): KubeObject[];
}): Scenario {
  return {
    id: s.id,
    description: s.description,
    expectedRootCause: s.expectedRootCause,
    waits: true,
    steps(start: Date) {
      const objects = s.build(new Kit(start));
      return [
        { atMs: 0, apply: (w) => objects.forEach((o) => w.put(structuredClone(o))) },
        {
          atMs: WAITING_HOLD_MS,
          apply: (w) => {
            for (const o of [...objects].reverse())
              w.remove(o.kind as ResourceKind, o.metadata.namespace, o.metadata.name);
          },
        },
      ];
    },
  };
}

/** A workflow whose one step runs (its pod on `host`): a holder of a lock or a slot, or a user of a node. */
export function runningStepWorkflow(
  k: Kit,
  o: {
    namespace: string;
    prefix: string;
    step: string;
    image: string;
    requests: Record<string, string>;
    startedMinAgo: number;
    host: string;
    spec?: Obj;
    status?: Obj;
    /** Extra nodes after the running step (e.g. a suspend step that waits). */
    extraNodes?: (wf: string) => (Obj & { id: string })[];
  },
): KubeObject[] {
  const wf = k.name(o.prefix);
  const stepName = `${wf}[0].${o.step}`;
  const nodes = [
    rootNode(k, wf, o.startedMinAgo),
    node(k, wf, {
      name: stepName,
      displayName: o.step,
      type: 'Pod',
      templateName: o.step,
      phase: 'Running',
      startedMinAgo: o.startedMinAgo,
      hostNodeName: o.host,
    }),
    ...(o.extraNodes?.(wf) ?? []),
  ];
  return [
    workflow({
      k,
      name: wf,
      namespace: o.namespace,
      createdMinAgo: o.startedMinAgo,
      spec: {
        entrypoint: 'main',
        templates: [
          { name: 'main', steps: [[{ name: o.step, template: o.step }]] },
          { name: o.step, container: { image: o.image, resources: { requests: o.requests } } },
        ],
        ...(o.spec ?? {}),
      },
      status: {
        phase: 'Running',
        startedAt: k.ago(o.startedMinAgo),
        progress: '0/1',
        nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
        ...(o.status ?? {}),
      },
    }),
    pod(k, o.namespace, {
      wf,
      nodeName: stepName,
      template: o.step,
      image: o.image,
      command: ['python', `${o.step}.py`],
      requests: o.requests,
      host: o.host,
      status: runningStatus(k, o.image, o.startedMinAgo - 0.5, o.host),
      createdMinAgo: o.startedMinAgo,
    }),
  ];
}
