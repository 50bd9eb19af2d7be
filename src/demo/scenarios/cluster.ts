import type { KubeObject } from '../world';

const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

export interface NodeSpec {
  name: string;
  zone: string;
  instanceType: string;
  cpu: string;
  memory: string;
  gpu?: string;
  taints?: { key: string; value?: string; effect: string }[];
  /** Labels besides the zone, region, instance type, hostname and OS every node has. */
  labels?: Record<string, string>;
}

/** Karpenter's labels on a node it launched as a spot instance (karpenter.sh/capacity-type marks it spot). */
export const SPOT_NODE_LABELS = { 'karpenter.sh/capacity-type': 'spot', 'karpenter.sh/nodepool': 'spot-general' };

/**
 * The demo's Kubernetes nodes: general nodes in three zones, a tainted GPU node, and a general node Karpenter
 * launched as a spot instance (the cost of steps on it takes off argoDoctor.cost.spotDiscount).
 */
export const DEMO_NODES: NodeSpec[] = [
  { name: 'ip-10-0-1-23.ec2.internal', zone: 'us-east-1a', instanceType: 'm6i.2xlarge', cpu: '8', memory: '32Gi' },
  { name: 'ip-10-0-2-41.ec2.internal', zone: 'us-east-1b', instanceType: 'm6i.2xlarge', cpu: '8', memory: '32Gi' },
  { name: 'ip-10-0-3-17.ec2.internal', zone: 'us-east-1c', instanceType: 'r6i.xlarge', cpu: '4', memory: '32Gi' },
  {
    name: 'ip-10-0-9-5.ec2.internal',
    zone: 'us-east-1a',
    instanceType: 'g5.xlarge',
    cpu: '4',
    memory: '16Gi',
    gpu: '1',
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
  },
  {
    name: 'ip-10-0-2-87.ec2.internal',
    zone: 'us-east-1b',
    instanceType: 'm6i.2xlarge',
    cpu: '8',
    memory: '32Gi',
    labels: SPOT_NODE_LABELS,
  },
];

/** The spot node of the demo. */
export const DEMO_SPOT_NODE = DEMO_NODES[4]!;

export function nodeObject(
  n: NodeSpec,
  now: Date,
  ready: 'True' | 'False' | 'Unknown' = 'True',
  extraTaints: NodeSpec['taints'] = [],
): KubeObject {
  const t = iso(now);
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
  });
  const alloc = { cpu: n.cpu, memory: n.memory, pods: '58', ...(n.gpu ? { 'nvidia.com/gpu': n.gpu } : {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'kubernetes.io/hostname': n.name,
        'topology.kubernetes.io/zone': n.zone,
        'topology.kubernetes.io/region': 'us-east-1',
        'node.kubernetes.io/instance-type': n.instanceType,
        'kubernetes.io/os': 'linux',
        ...(n.labels ?? {}),
      },
    },
    spec: { taints: [...(n.taints ?? []), ...(extraTaints ?? [])] },
    status: {
      capacity: alloc,
      allocatable: alloc,
      conditions: [
        cond(
          'MemoryPressure',
          ready === 'Unknown' ? 'Unknown' : 'False',
          ready === 'Unknown' ? 'NodeStatusUnknown' : 'KubeletHasSufficientMemory',
          ready === 'Unknown' ? 'Kubelet stopped posting node status.' : 'kubelet has sufficient memory available',
        ),
        cond(
          'DiskPressure',
          ready === 'Unknown' ? 'Unknown' : 'False',
          ready === 'Unknown' ? 'NodeStatusUnknown' : 'KubeletHasNoDiskPressure',
          ready === 'Unknown' ? 'Kubelet stopped posting node status.' : 'kubelet has no disk pressure',
        ),
        cond(
          'PIDPressure',
          ready === 'Unknown' ? 'Unknown' : 'False',
          ready === 'Unknown' ? 'NodeStatusUnknown' : 'KubeletHasSufficientPID',
          ready === 'Unknown' ? 'Kubelet stopped posting node status.' : 'kubelet has sufficient PID available',
        ),
        cond(
          'Ready',
          ready,
          ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown',
          ready === 'True' ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.',
        ),
      ],
      nodeInfo: {
        kubeletVersion: 'v1.31.0',
        containerRuntimeVersion: 'containerd://1.7.22',
        osImage: 'Amazon Linux 2023',
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
    },
  };
}

export function namespaceObject(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

let eventSeq = 0;

/** A core/v1 Event about an object, as the kubelet, the scheduler or the controller write them. */
export function eventObject(o: {
  namespace: string;
  involved: { kind: string; name: string; uid?: string; namespace?: string };
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  component: string;
  at: Date;
  count?: number;
  first?: Date;
}): KubeObject {
  eventSeq++;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${o.involved.name}.${(o.at.getTime() * 1000 + eventSeq).toString(16)}`, namespace: o.namespace },
    involvedObject: {
      apiVersion: o.involved.kind === 'Workflow' ? 'argoproj.io/v1alpha1' : 'v1',
      kind: o.involved.kind,
      name: o.involved.name,
      namespace: o.involved.namespace ?? o.namespace,
      ...(o.involved.uid ? { uid: o.involved.uid } : {}),
    },
    reason: o.reason,
    message: o.message,
    type: o.type ?? 'Normal',
    source: { component: o.component },
    reportingComponent: o.component,
    firstTimestamp: iso(o.first ?? o.at),
    lastTimestamp: iso(o.at),
    count: o.count ?? 1,
  };
}

/** The Argo version the demo cluster says it runs (most clusters run 3.x; the linter's "auto" reads it from here). */
export const DEMO_ARGO_IMAGE = 'quay.io/argoproj/workflow-controller:v3.7.18';

/** Argo's workflow-controller Deployment, as an install of Argo creates it (labels, container name and image). */
export function controllerDeployment(now: Date): KubeObject {
  const labels = { app: 'workflow-controller' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'workflow-controller', namespace: 'argo', labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'argo',
          containers: [
            {
              name: 'workflow-controller',
              image: DEMO_ARGO_IMAGE,
              command: ['workflow-controller'],
              args: ['--configmap', 'workflow-controller-configmap'],
            },
          ],
        },
      },
    },
    status: {
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [{ type: 'Available', status: 'True', lastTransitionTime: iso(now) }],
    },
  };
}

/** The controller's pod, as its Deployment's ReplicaSet makes it: Running and ready on a general node. */
export function controllerPod(now: Date): KubeObject {
  const t = iso(new Date(now.getTime() - 3 * 86_400_000));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'workflow-controller-6c9f7d8b5d-x7k2p',
      namespace: 'argo',
      creationTimestamp: t,
      labels: { app: 'workflow-controller', 'pod-template-hash': '6c9f7d8b5d' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'workflow-controller-6c9f7d8b5d', controller: true },
      ],
    },
    spec: {
      nodeName: DEMO_NODES[0]!.name,
      serviceAccountName: 'argo',
      containers: [
        {
          name: 'workflow-controller',
          image: DEMO_ARGO_IMAGE,
          command: ['workflow-controller'],
          args: ['--configmap', 'workflow-controller-configmap'],
        },
      ],
    },
    status: {
      phase: 'Running',
      startTime: t,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: t },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: t },
      ],
      containerStatuses: [
        {
          name: 'workflow-controller',
          image: DEMO_ARGO_IMAGE,
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: t } },
        },
      ],
    },
  };
}

/** The controller's configmap: no instance ID and no parallelism limit of its own (the demo's defaults). */
export function controllerConfigMap(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'workflow-controller-configmap', namespace: 'argo' },
    data: { config: 'metricsConfig:\n  enabled: true\n' },
  };
}
