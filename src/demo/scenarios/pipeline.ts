import type { KubeObject, Scenario, ScenarioStep, WorldWriter } from '../world';
import { DEMO_NODES, eventObject, nodeObject } from './cluster';
import { argoNodeId, argoPodName } from '../../core/model/podName';
import { quantityValue } from '../../core/model/quantity';
import { USAGE_ANNOTATION } from '../podMetrics';
import { phaseLabels } from '../workflowLabels';

/** How a step of a demo pipeline ends. */
export type StepOutcome =
  | { kind: 'succeed' }
  | { kind: 'oom'; container?: 'main' | 'init' | 'wait' }
  | { kind: 'exit'; code: number; message: string }
  | { kind: 'configError'; message: string }
  | { kind: 'evicted'; message: string }
  | { kind: 'deadline' }
  | { kind: 'waitFailed'; message: string; waitLog: string[] }
  | { kind: 'imagePull'; auth?: boolean }
  | { kind: 'unschedulable'; message: string }
  | { kind: 'nodeLost' }
  | { kind: 'forever' };

export interface StepSpec {
  name: string;
  image: string;
  command: string[];
  memoryLimit: string;
  durationMs: number;
  logs: string[];
  outcome: StepOutcome;
  /** Index into DEMO_NODES of the node it runs on. */
  node?: number;
  gpu?: boolean;
  /** The main container's cpu request (default 500m). */
  cpuRequest?: string;
  /** What its containers typically use, served by the demo's metrics API (default: a share of the request). */
  usage?: Record<string, { cpu?: string; memory?: string }>;
}

export interface PipelineSpec {
  id: string;
  description: string;
  expectedRootCause?: string;
  namespace: string;
  prefix: string;
  steps: StepSpec[];
  /** Pod GC deletes the pods this long after the workflow ends (the evidence disappears). */
  podGCAfterMs?: number;
  labels?: Record<string, string>;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
type NodeStatus = Record<string, unknown> & { id: string; phase: string };

/** Builds a scenario that plays an Argo steps pipeline, step after step, the way the controller and kubelet would. */
export function pipelineScenario(spec: PipelineSpec): Scenario {
  return {
    id: spec.id,
    description: spec.description,
    expectedRootCause: spec.expectedRootCause,
    steps(start: Date): ScenarioStep[] {
      const run = new Run(spec, start);
      return run.build();
    },
  };
}

class Run {
  readonly wf: string;
  private readonly steps: ScenarioStep[] = [];
  private readonly nodes: Record<string, NodeStatus> = {};
  private readonly pods: string[] = [];
  private t = 0;

  constructor(
    private readonly spec: PipelineSpec,
    private readonly start: Date,
  ) {
    this.wf = `${spec.prefix}-${start.getTime().toString(36).slice(-5)}`;
  }

  private at(ms: number, apply: (w: WorldWriter) => void) {
    this.steps.push({ atMs: ms, apply });
  }

  private time(ms: number) {
    return new Date(this.start.getTime() + ms);
  }

  private workflow(phase: string, extra: Record<string, unknown> = {}): KubeObject {
    const done = Object.values(this.nodes).filter((n) => n.type === 'Pod' && n.phase === 'Succeeded').length;
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        name: this.wf,
        namespace: this.spec.namespace,
        labels: { ...(this.spec.labels ?? {}), ...phaseLabels(phase) },
        annotations: { 'workflows.argoproj.io/description': this.spec.description },
      },
      spec: {
        entrypoint: 'main',
        podGC: this.spec.podGCAfterMs ? { strategy: 'OnWorkflowCompletion' } : undefined,
        templates: [
          { name: 'main', steps: this.spec.steps.map((s) => [{ name: s.name, template: s.name }]) },
          ...this.spec.steps.map((s) => ({
            name: s.name,
            container: {
              image: s.image,
              command: s.command,
              resources: {
                requests: {
                  memory: s.memoryLimit,
                  cpu: s.cpuRequest ?? '500m',
                  ...(s.gpu ? { 'nvidia.com/gpu': '1' } : {}),
                },
                limits: { memory: s.memoryLimit, ...(s.gpu ? { 'nvidia.com/gpu': '1' } : {}) },
              },
            },
          })),
        ],
      },
      status: {
        phase,
        startedAt: iso(this.start),
        progress: `${done}/${this.spec.steps.length}`,
        nodes: this.nodesWithResourcesDuration(),
        ...extra,
      },
    };
  }

  /**
   * The node status as Argo writes it: a finished pod node carries its resourcesDuration, computed as Argo's
   * DurationForPod does (per container: request, else limit, else 100m / 100Mi; whole cores × seconds; memory in
   * 100Mi × seconds), for the main and wait containers.
   */
  private nodesWithResourcesDuration(): Record<string, NodeStatus> {
    const nodes = structuredClone(this.nodes);
    for (const n of Object.values(nodes)) {
      if (n.type !== 'Pod' || typeof n.finishedAt !== 'string' || n.resourcesDuration) continue;
      const step = this.spec.steps.find((x) => x.name === n.templateName);
      const seconds = Math.floor((Date.parse(n.finishedAt) - Date.parse(String(n.startedAt))) / 1000);
      if (!step || !(seconds > 0)) continue;
      const unit = 100 * 1024 ** 2;
      const cores = (q: string) => Math.ceil(quantityValue(q) ?? 0.1);
      const mem = (q: string) => Math.floor(((quantityValue(q) ?? unit) * seconds) / unit);
      n.resourcesDuration = {
        cpu: (cores(step.cpuRequest ?? '500m') + cores('10m')) * seconds,
        memory: mem(step.memoryLimit) + mem('64Mi'),
        ...(step.gpu ? { 'nvidia.com/gpu': seconds } : {}),
      };
    }
    return nodes;
  }

  build(): ScenarioStep[] {
    const ns = this.spec.namespace;
    this.at(0, (w) => w.put(this.workflow('Pending')));
    this.nodes[this.wf] = {
      id: this.wf,
      name: this.wf,
      displayName: this.wf,
      type: 'Steps',
      templateName: 'main',
      phase: 'Running',
      startedAt: iso(this.start),
      children: [],
    };
    this.t = 800;
    const snapshot = () => this.workflow('Running');
    this.at(this.t, (w) => w.put(snapshot()));
    let failed: { step: string; message: string; phase: string } | undefined;
    for (const [i, s] of this.spec.steps.entries()) {
      const groupName = `${this.wf}[${i}]`;
      const groupId = argoNodeId(this.wf, groupName);
      const nodeName = `${groupName}.${s.name}`;
      const nodeId = argoNodeId(this.wf, nodeName);
      const pod = argoPodName(this.wf, nodeName, s.name);
      const host = DEMO_NODES[s.node ?? i % 3]!;
      const t0 = this.t;
      // As in Argo's graph: the steps of group i point at group i+1; group i points at its steps.
      const prevStep = i > 0 ? argoNodeId(this.wf, `${this.wf}[${i - 1}].${this.spec.steps[i - 1]!.name}`) : undefined;
      const group: NodeStatus = {
        id: groupId,
        name: groupName,
        displayName: `[${i}]`,
        type: 'StepGroup',
        templateName: 'main',
        phase: 'Running',
        boundaryID: this.wf,
        startedAt: iso(this.time(t0)),
        children: [nodeId],
      };
      const node: NodeStatus = {
        id: nodeId,
        name: nodeName,
        displayName: s.name,
        type: 'Pod',
        templateName: s.name,
        templateScope: `local/${this.wf}`,
        phase: 'Pending',
        boundaryID: this.wf,
        startedAt: iso(this.time(t0)),
        progress: '0/1',
      };
      if (prevStep) this.nodes[prevStep]!.children = [groupId];
      else (this.nodes[this.wf]!.children as string[]) = [groupId];
      this.nodes[groupId] = group;
      this.nodes[nodeId] = node;
      const podObj = (
        phase: string,
        containerState: Record<string, unknown>,
        extra: Record<string, unknown> = {},
      ): KubeObject => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: pod,
          namespace: ns,
          labels: {
            'workflows.argoproj.io/workflow': this.wf,
            'workflows.argoproj.io/completed': String(phase === 'Succeeded' || phase === 'Failed'),
          },
          annotations: {
            'workflows.argoproj.io/node-id': nodeId,
            'workflows.argoproj.io/node-name': nodeName,
            'kubectl.kubernetes.io/default-container': 'main',
            ...(s.usage ? { [USAGE_ANNOTATION]: JSON.stringify(s.usage) } : {}),
          },
          ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: this.wf, controller: true }],
        },
        spec: {
          nodeName: s.outcome.kind === 'unschedulable' ? undefined : host.name,
          restartPolicy: 'Never',
          serviceAccountName: 'default',
          initContainers: [
            {
              name: 'init',
              image: 'quay.io/argoproj/argoexec:v3.6.2',
              resources: { requests: { cpu: '10m', memory: '64Mi' } },
            },
          ],
          containers: [
            {
              name: 'wait',
              image: 'quay.io/argoproj/argoexec:v3.6.2',
              resources: { requests: { cpu: '10m', memory: '64Mi' } },
            },
            {
              name: 'main',
              image: s.image,
              command: s.command,
              resources: {
                requests: {
                  cpu: s.cpuRequest ?? '500m',
                  memory: s.memoryLimit,
                  ...(s.gpu ? { 'nvidia.com/gpu': '1' } : {}),
                },
                limits: { memory: s.memoryLimit, ...(s.gpu ? { 'nvidia.com/gpu': '1' } : {}) },
              },
            },
          ],
          tolerations: [
            { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
            { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          ],
        },
        status: {
          phase,
          qosClass: 'Burstable',
          ...(phase !== 'Pending' || s.outcome.kind === 'imagePull'
            ? { hostIP: '10.0.1.23', podIP: `10.0.${i + 1}.${40 + i}` }
            : {}),
          startTime: iso(this.time(t0)),
          ...containerState,
          ...extra,
        },
      });
      const ev = (
        at: number,
        reason: string,
        message: string,
        type: 'Normal' | 'Warning' = 'Normal',
        component = 'kubelet',
        count = 1,
        first?: number,
      ) =>
        this.at(at, (w) =>
          w.put(
            eventObject({
              namespace: ns,
              involved: { kind: 'Pod', name: pod },
              reason,
              message,
              type,
              component,
              at: this.time(at),
              count,
              first: first === undefined ? undefined : this.time(first),
            }),
          ),
        );
      const running = (startedAt: number) => ({
        initContainerStatuses: [
          {
            name: 'init',
            ready: false,
            restartCount: 0,
            image: 'quay.io/argoproj/argoexec:v3.6.2',
            state: {
              terminated: {
                exitCode: 0,
                reason: 'Completed',
                startedAt: iso(this.time(startedAt - 600)),
                finishedAt: iso(this.time(startedAt - 200)),
              },
            },
          },
        ],
        containerStatuses: [
          {
            name: 'main',
            ready: true,
            restartCount: 0,
            image: s.image,
            state: { running: { startedAt: iso(this.time(startedAt)) } },
          },
          {
            name: 'wait',
            ready: true,
            restartCount: 0,
            image: 'quay.io/argoproj/argoexec:v3.6.2',
            state: { running: { startedAt: iso(this.time(startedAt)) } },
          },
        ],
        conditions: [
          { type: 'PodScheduled', status: 'True', lastTransitionTime: iso(this.time(t0)) },
          { type: 'Ready', status: 'True', lastTransitionTime: iso(this.time(startedAt)) },
        ],
      });
      const terminated = (startedAt: number, endAt: number, exitCode: number, reason: string) => ({
        ...running(startedAt),
        containerStatuses: [
          {
            name: 'main',
            ready: false,
            restartCount: 0,
            image: s.image,
            state: {
              terminated: { exitCode, reason, startedAt: iso(this.time(startedAt)), finishedAt: iso(this.time(endAt)) },
            },
          },
          {
            name: 'wait',
            ready: false,
            restartCount: 0,
            image: 'quay.io/argoproj/argoexec:v3.6.2',
            state: {
              terminated: {
                exitCode: 0,
                reason: 'Completed',
                startedAt: iso(this.time(startedAt)),
                finishedAt: iso(this.time(endAt + 500)),
              },
            },
          },
        ],
        conditions: [
          { type: 'PodScheduled', status: 'True', lastTransitionTime: iso(this.time(t0)) },
          { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: iso(this.time(endAt)) },
        ],
      });
      this.pods.push(pod);
      // Scheduling.
      if (s.outcome.kind === 'unschedulable') {
        const msg = s.outcome.message;
        this.at(t0, (w) =>
          w.put(
            podObj('Pending', {
              conditions: [
                {
                  type: 'PodScheduled',
                  status: 'False',
                  reason: 'Unschedulable',
                  message: msg,
                  lastTransitionTime: iso(this.time(t0)),
                },
              ],
            }),
          ),
        );
        for (let k = 0; k < 6; k++)
          ev(t0 + k * 8000, 'FailedScheduling', msg, 'Warning', 'default-scheduler', k + 1, t0);
        const deadline = t0 + 50_000;
        this.at(t0 + 200, (w) => {
          node.message = `Unschedulable: ${msg}`;
          w.put(snapshot());
        });
        this.t = deadline;
        failed = { step: s.name, message: 'Step exceeded its deadline', phase: 'Failed' };
        this.at(deadline, (w) => {
          node.phase = 'Failed';
          node.finishedAt = iso(this.time(deadline));
          w.remove('Pod', ns, pod);
        });
        break;
      }
      ev(t0 + 100, 'Scheduled', `Successfully assigned ${ns}/${pod} to ${host.name}`, 'Normal', 'default-scheduler');
      this.at(t0 + 100, (w) =>
        w.put(
          podObj('Pending', {
            conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: iso(this.time(t0 + 100)) }],
          }),
        ),
      );
      ev(t0 + 400, 'Pulling', `Pulling image "${s.image}"`);
      if (s.outcome.kind === 'configError') {
        const message = s.outcome.message;
        const image = s.image;
        const waiting = {
          initContainerStatuses: [
            {
              name: 'init',
              ready: false,
              restartCount: 0,
              image: 'quay.io/argoproj/argoexec:v3.6.2',
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
          containerStatuses: [
            {
              name: 'main',
              ready: false,
              restartCount: 0,
              image,
              state: { waiting: { reason: 'CreateContainerConfigError', message } },
            },
            {
              name: 'wait',
              ready: true,
              restartCount: 0,
              image: 'quay.io/argoproj/argoexec:v3.6.2',
              state: { running: { startedAt: iso(this.time(t0 + 900)) } },
            },
          ],
        };
        ev(t0 + 2000, 'Pulled', `Container image "${image}" already present on machine`);
        for (let k = 1; k <= 5; k++)
          ev(t0 + 2000 + k * 4000, 'Failed', `Error: ${message}`, 'Warning', 'kubelet', k, t0 + 2000);
        this.at(t0 + 2100, (w) => {
          w.put(podObj('Pending', waiting));
          node.message = `CreateContainerConfigError: ${message}`;
          w.put(snapshot());
        });
        const end = t0 + 25_000;
        this.t = end;
        failed = { step: s.name, message: `child '${nodeId}' failed`, phase: 'Failed' };
        this.at(end, (w) => {
          node.phase = 'Failed';
          node.finishedAt = iso(this.time(end));
          w.put(podObj('Failed', waiting));
        });
        break;
      }
      if (s.outcome.kind === 'oom' && s.outcome.container === 'init') {
        const end = t0 + 3000;
        ev(t0 + 600, 'Started', 'Started container init');
        this.at(t0 + 700, (w) =>
          w.appendLog(ns, pod, 'init', [
            'time="..." level=info msg="Starting Workflow Executor" version=v3.6.2',
            'time="..." level=info msg="Start loading input artifacts..."',
            'time="..." level=info msg="Downloading artifact: training-data (s3://ml-data/train/2026-11.tar.gz, 6.4 GiB)"',
          ]),
        );
        this.at(end, (w) => {
          node.phase = 'Failed';
          node.message = 'init: OOMKilled (exit code 137)';
          node.finishedAt = iso(this.time(end));
          w.put(
            podObj('Failed', {
              initContainerStatuses: [
                {
                  name: 'init',
                  ready: false,
                  restartCount: 0,
                  image: 'quay.io/argoproj/argoexec:v3.6.2',
                  state: {
                    terminated: {
                      exitCode: 137,
                      reason: 'OOMKilled',
                      startedAt: iso(this.time(t0 + 600)),
                      finishedAt: iso(this.time(end)),
                    },
                  },
                },
              ],
              containerStatuses: [
                {
                  name: 'main',
                  ready: false,
                  restartCount: 0,
                  image: s.image,
                  state: { waiting: { reason: 'PodInitializing' } },
                },
                {
                  name: 'wait',
                  ready: false,
                  restartCount: 0,
                  image: 'quay.io/argoproj/argoexec:v3.6.2',
                  state: { waiting: { reason: 'PodInitializing' } },
                },
              ],
            }),
          );
        });
        this.t = end + 500;
        failed = { step: s.name, message: `child '${nodeId}' failed`, phase: 'Failed' };
        break;
      }
      if (s.outcome.kind === 'imagePull') {
        const image = s.image;
        const waiting = (reason: string, message: string) => ({
          initContainerStatuses: [
            {
              name: 'init',
              ready: false,
              restartCount: 0,
              image: 'quay.io/argoproj/argoexec:v3.6.2',
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
          containerStatuses: [
            { name: 'main', ready: false, restartCount: 0, image, state: { waiting: { reason, message } } },
            {
              name: 'wait',
              ready: true,
              restartCount: 0,
              image: 'quay.io/argoproj/argoexec:v3.6.2',
              state: { running: { startedAt: iso(this.time(t0 + 600)) } },
            },
          ],
        });
        const pullMsg = s.outcome.auth
          ? `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`
          : `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
        ev(t0 + 1500, 'Failed', `Failed to pull image "${image}": ${pullMsg}`, 'Warning');
        ev(t0 + 1500, 'Failed', 'Error: ErrImagePull', 'Warning');
        this.at(t0 + 1500, (w) => w.put(podObj('Pending', waiting('ErrImagePull', pullMsg))));
        for (let k = 1; k <= 4; k++)
          ev(t0 + 1500 + k * 6000, 'BackOff', `Back-off pulling image "${image}"`, 'Normal', 'kubelet', k, t0 + 1500);
        ev(t0 + 7500, 'Failed', 'Error: ImagePullBackOff', 'Warning', 'kubelet', 4, t0 + 1600);
        this.at(t0 + 7500, (w) => {
          w.put(podObj('Pending', waiting('ImagePullBackOff', `Back-off pulling image "${image}"`)));
          node.message = `ImagePullBackOff: Back-off pulling image "${image}"`;
          w.put(snapshot());
        });
        // Argo does not fail a step whose image cannot be pulled: it waits until a deadline, then deletes the pod
        // (as the real workflow-controller does; see docs/fidelity.md).
        const end = t0 + 30_000;
        this.t = end;
        failed = { step: s.name, message: 'Step exceeded its deadline', phase: 'Failed' };
        this.at(end, (w) => {
          node.phase = 'Failed';
          node.message = 'Step exceeded its deadline';
          node.finishedAt = iso(this.time(end));
          w.remove('Pod', ns, pod);
        });
        break;
      }
      const started = t0 + 2500;
      ev(t0 + 2000, 'Pulled', `Successfully pulled image "${s.image}" in 1.6s (1.6s including waiting)`);
      ev(t0 + 2300, 'Created', 'Created container main');
      ev(started, 'Started', 'Started container main');
      this.at(started, (w) => {
        node.phase = 'Running';
        node.hostNodeName = host.name;
        w.put(podObj('Running', running(started)));
        w.put(snapshot());
      });
      const stepEvery = Math.max(200, Math.floor(s.durationMs / Math.max(1, s.logs.length)));
      s.logs.forEach((line, k) =>
        this.at(started + 200 + k * stepEvery, (w) =>
          w.appendLog(ns, pod, 'main', [
            `${iso(this.time(started + 200 + k * stepEvery))
              .replace('T', ' ')
              .replace('Z', '')} ${line}`,
          ]),
        ),
      );
      this.at(started + 100, (w) =>
        w.appendLog(ns, pod, 'wait', [
          'time="..." level=info msg="Starting Workflow Executor" version=v3.6.2',
          'time="..." level=info msg="Waiting on main container"',
        ]),
      );
      if (s.outcome.kind === 'forever') {
        for (let k = 0; k < 300; k++)
          this.at(started + s.durationMs + k * 2000, (w) =>
            w.appendLog(ns, pod, 'main', [
              `${iso(this.time(started + s.durationMs + k * 2000))} INFO stream: processed batch ${k + 1} (512 records, lag 0.${k % 9}s)`,
            ]),
          );
        this.t = started + s.durationMs + 300 * 2000;
        failed = undefined;
        break;
      }
      const end = started + s.durationMs;
      if (s.outcome.kind === 'nodeLost') {
        // As on the real cluster (docs/fidelity.md): the node controller marks the silent node Unknown and its pods
        // not ready, the taint eviction marks the pod for deletion, and the pod stays Terminating (no kubelet can
        // confirm) while Argo keeps the step Running. Only when the node comes back is the pod deleted; then Argo
        // errors the step with "pod deleted".
        const lost = nodeObject(host, this.time(end), 'Unknown', [
          { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
          { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
        ]);
        this.at(end, (w) => w.put(lost));
        this.at(end + 500, (w) =>
          w.put(
            eventObject({
              namespace: 'default',
              involved: { kind: 'Node', name: host.name, namespace: '' },
              reason: 'NodeNotReady',
              message: `Node ${host.name} status is now: NodeNotReady`,
              type: 'Normal',
              component: 'node-controller',
              at: this.time(end + 500),
            }),
          ),
        );
        ev(end + 500, 'NodeNotReady', 'Node is not ready', 'Warning', 'node-controller');
        const notReady = (at: number) => [
          { type: 'Ready', status: 'False', lastTransitionTime: iso(this.time(at)) },
          { type: 'PodScheduled', status: 'True', lastTransitionTime: iso(this.time(t0)) },
        ];
        this.at(end + 500, (w) => w.put(podObj('Running', running(started), { conditions: notReady(end + 500) })));
        ev(
          end + 6000,
          'TaintManagerEviction',
          `Marking for deletion Pod ${ns}/${pod}`,
          'Normal',
          'taint-eviction-controller',
        );
        this.at(end + 6000, (w) => {
          const terminating = podObj('Running', running(started), {
            conditions: [
              ...notReady(end + 500),
              {
                type: 'DisruptionTarget',
                status: 'True',
                reason: 'DeletionByTaintManager',
                message: 'Taint manager: deleting due to NoExecute taint',
                lastTransitionTime: iso(this.time(end + 6000)),
              },
            ],
          });
          Object.assign(terminating.metadata, {
            deletionTimestamp: iso(this.time(end + 36_000)),
            deletionGracePeriodSeconds: 30,
          });
          w.put(terminating);
        });
        const back = end + 40_000;
        this.at(back, (w) => {
          w.put(nodeObject(host, this.time(back)));
          w.remove('Pod', ns, pod);
          node.phase = 'Error';
          node.message = 'pod deleted';
          node.finishedAt = iso(this.time(back));
        });
        this.t = back;
        failed = { step: s.name, message: 'pod deleted', phase: 'Error' };
        break;
      }
      if (s.outcome.kind === 'evicted') {
        const message = s.outcome.message;
        const pressured = nodeObject(host, this.time(end));
        const conds = (
          pressured.status as { conditions: { type: string; status: string; reason: string; message: string }[] }
        ).conditions;
        const disk = conds.find((c) => c.type === 'DiskPressure')!;
        Object.assign(disk, { status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure' });
        (pressured.spec as { taints: unknown[] }).taints.push({
          key: 'node.kubernetes.io/disk-pressure',
          effect: 'NoSchedule',
        });
        this.at(end - 1000, (w) => w.put(pressured));
        ev(end, 'Evicted', message, 'Warning');
        ev(end + 100, 'Killing', 'Stopping container main');
        this.at(end + 500, (w) => {
          node.phase = 'Failed';
          node.message = `Pod was evicted: ${message}`;
          node.finishedAt = iso(this.time(end + 500));
          w.put(podObj('Failed', { ...terminated(started, end, 137, 'Error') }, { reason: 'Evicted', message }));
        });
        this.at(end + 60_000, (w) => w.put(nodeObject(host, this.time(end + 60_000))));
        this.t = end + 700;
        failed = { step: s.name, message: `child '${nodeId}' failed`, phase: 'Failed' };
        break;
      }
      if (s.outcome.kind === 'deadline') {
        ev(
          end,
          'DeadlineExceeded',
          'Pod was active on the node longer than the specified deadline',
          'Normal',
          'kubelet',
        );
        this.at(end, (w) => {
          node.phase = 'Failed';
          node.message = 'Step exceeded its deadline';
          node.finishedAt = iso(this.time(end));
          w.put(
            podObj('Failed', terminated(started, end, 143, 'Error'), {
              reason: 'DeadlineExceeded',
              message: 'Pod was active on the node longer than the specified deadline',
            }),
          );
        });
        this.t = end + 500;
        failed = { step: s.name, message: `child '${nodeId}' failed`, phase: 'Failed' };
        break;
      }
      if (s.outcome.kind === 'waitFailed' || (s.outcome.kind === 'oom' && s.outcome.container === 'wait')) {
        const oomWait = s.outcome.kind === 'oom';
        const message = s.outcome.kind === 'waitFailed' ? s.outcome.message : 'wait: OOMKilled (exit code 137)';
        const waitLog =
          s.outcome.kind === 'waitFailed'
            ? s.outcome.waitLog
            : [
                'time="..." level=info msg="Saving output parameters"',
                'time="..." level=info msg="Copying /tmp/predictions.json (3.8 GiB) from container base image layer"',
              ];
        this.at(end, (w) => w.appendLog(ns, pod, 'wait', waitLog));
        const st = terminated(started, end, 0, 'Completed');
        (st.containerStatuses[1]!.state as { terminated: Record<string, unknown> }).terminated = {
          exitCode: oomWait ? 137 : 1,
          reason: oomWait ? 'OOMKilled' : 'Error',
          startedAt: iso(this.time(started)),
          finishedAt: iso(this.time(end + 1500)),
          message: oomWait ? undefined : message,
        };
        this.at(end + 1500, (w) => {
          node.phase = oomWait ? 'Failed' : 'Error';
          node.message = message;
          node.finishedAt = iso(this.time(end + 1500));
          w.put(podObj(oomWait ? 'Failed' : 'Failed', st));
        });
        this.t = end + 2000;
        failed = {
          step: s.name,
          message: `child '${nodeId}' ${oomWait ? 'failed' : 'errored'}`,
          phase: oomWait ? 'Failed' : 'Error',
        };
        break;
      }
      if (s.outcome.kind === 'oom' || s.outcome.kind === 'exit') {
        const code = s.outcome.kind === 'oom' ? 137 : s.outcome.code;
        const reason = s.outcome.kind === 'oom' ? 'OOMKilled' : 'Error';
        const message = s.outcome.kind === 'oom' ? 'main: OOMKilled (exit code 137)' : s.outcome.message;
        this.at(end, (w) => {
          node.phase = 'Failed';
          node.message = message;
          node.finishedAt = iso(this.time(end + 600));
          node.outputs = { exitCode: String(code) };
          w.put(podObj('Failed', terminated(started, end, code, reason)));
        });
        this.t = end + 700;
        failed = { step: s.name, message: `child '${nodeId}' failed`, phase: 'Failed' };
        break;
      }
      this.at(end, (w) => {
        node.phase = 'Succeeded';
        node.finishedAt = iso(this.time(end + 600));
        node.outputs = { exitCode: '0' };
        group.phase = 'Succeeded';
        group.finishedAt = node.finishedAt;
        w.put(podObj('Succeeded', terminated(started, end, 0, 'Completed')));
        w.put(snapshot());
      });
      this.t = end + 1000;
    }
    const endAt = this.t + 200;
    const result = failed;
    this.at(endAt, (w) => {
      for (const n of Object.values(this.nodes)) {
        if (n.phase === 'Running' || n.phase === 'Pending') {
          n.phase = result ? result.phase : 'Succeeded';
          n.finishedAt = iso(this.time(endAt));
        }
      }
      const phase = result ? result.phase : 'Succeeded';
      w.put(
        this.workflow(phase, { finishedAt: iso(this.time(endAt)), ...(result ? { message: result.message } : {}) }),
      );
    });
    if (this.spec.podGCAfterMs !== undefined) {
      this.at(endAt + this.spec.podGCAfterMs, (w) => {
        for (const p of this.pods) w.remove('Pod', ns, p);
      });
    }
    // Old runs leave the cluster after a while, so the demo does not grow without bound.
    this.at(endAt + 240_000, (w) => {
      w.remove('Workflow', ns, this.wf);
      for (const p of this.pods) w.remove('Pod', ns, p);
    });
    return this.steps.sort((a, b) => a.atMs - b.atMs);
  }
}
