// A one-step workflow whose step waits on its pod: the shape most waiting scenarios share (main steps template,
// step group [0], the step's Pod node with Argo's message, the pod as the cluster holds it, its events).
import { argoNodeId, argoPodName } from '../../core/model/podName';
import type { KubeObject } from '../world';
import { event, node, pod, rootNode, type Kit, type PodSpecLite, workflow } from './waitingKit';

type Obj = Record<string, unknown>;

export interface WaitingStepSpec {
  prefix: string;
  namespace: string;
  step: string;
  image: string;
  command: string[];
  requests: Record<string, string>;
  limits?: Record<string, string>;
  /** Minutes since the workflow started (its step started a few seconds later). */
  startedMinAgo: number;
  /** Argo's message on the step's node (e.g. "Unschedulable: 0/5 nodes are available: …"). */
  message?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Obj[];
  volumes?: Obj[];
  volumeMounts?: Obj[];
  /** Extra fields of the step's template (volumeClaimTemplates go in workflowSpec). */
  template?: Obj;
  workflowSpec?: Obj;
  /** The pod's status; no pod at all when undefined (e.g. the apiserver refused to create it). */
  podStatus?: Obj;
  /** The node the pod was placed on. */
  host?: string;
  /** Events about the pod. */
  events?: Parameters<typeof event>[3][];
}

/** The workflow, its pod (when there is one) and the pod's events. */
export function waitingStepObjects(k: Kit, s: WaitingStepSpec): { objects: KubeObject[]; wf: string; pod: string } {
  const wf = k.name(s.prefix);
  const group = `${wf}[0]`;
  const stepName = `${group}.${s.step}`;
  const podName = argoPodName(wf, stepName, s.step);
  const container: Obj = {
    image: s.image,
    command: s.command,
    resources: { requests: s.requests, ...(s.limits ? { limits: s.limits } : {}) },
    ...(s.volumeMounts ? { volumeMounts: s.volumeMounts } : {}),
  };
  const nodes = [
    rootNode(k, wf, s.startedMinAgo, [argoNodeId(wf, group)]),
    node(k, wf, {
      name: group,
      displayName: '[0]',
      type: 'StepGroup',
      templateName: 'main',
      phase: 'Running',
      startedMinAgo: s.startedMinAgo,
      children: [argoNodeId(wf, stepName)],
    }),
    node(k, wf, {
      name: stepName,
      displayName: s.step,
      type: 'Pod',
      templateName: s.step,
      phase: 'Pending',
      startedMinAgo: s.startedMinAgo - 0.05,
      message: s.message,
    }),
  ];
  const objects: KubeObject[] = [
    workflow({
      k,
      name: wf,
      namespace: s.namespace,
      createdMinAgo: s.startedMinAgo + 0.02,
      spec: {
        entrypoint: 'main',
        ...(s.workflowSpec ?? {}),
        templates: [
          { name: 'main', steps: [[{ name: s.step, template: s.step }]] },
          {
            name: s.step,
            container,
            ...(s.nodeSelector ? { nodeSelector: s.nodeSelector } : {}),
            ...(s.tolerations ? { tolerations: s.tolerations } : {}),
            ...(s.template ?? {}),
          },
        ],
        ...(s.volumes ? { volumes: s.volumes } : {}),
      },
      status: {
        phase: 'Running',
        startedAt: k.ago(s.startedMinAgo),
        finishedAt: null,
        progress: '0/1',
        nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
      },
    }),
  ];
  if (s.podStatus) {
    const spec: PodSpecLite = {
      wf,
      nodeName: stepName,
      template: s.step,
      image: s.image,
      command: s.command,
      requests: s.requests,
      limits: s.limits,
      host: s.host,
      nodeSelector: s.nodeSelector,
      tolerations: s.tolerations,
      volumes: s.volumes,
      volumeMounts: s.volumeMounts,
      status: s.podStatus,
      createdMinAgo: s.startedMinAgo - 0.05,
    };
    objects.push(pod(k, s.namespace, spec));
    for (const e of s.events ?? []) objects.push(event(k, s.namespace, { kind: 'Pod', name: podName }, e));
  }
  return { objects, wf, pod: podName };
}
