// Waiting scenarios where no node can take the step's pod (the scheduler's FailedScheduling, as kube-scheduler
// v1.31 words it: reasons sorted, then the preemption line), where its volume cannot be bound, and where the
// apiserver refuses to create the pod (a ResourceQuota): the pod stays Pending, or is never created.
import type { KubeObject, Scenario } from '../world';
import { DEMO_NODES } from './cluster';
import {
  condition,
  event,
  type Kit,
  node,
  pod,
  rootNode,
  runningStatus,
  steadyScenario,
  WAITING_NS,
  workflow,
} from './waitingKit';
import { waitingStepObjects, type WaitingStepSpec } from './waitingStep';

type Obj = Record<string, unknown>;

const GPU_NODE = DEMO_NODES.find((n) => n.gpu)!;
const GPU_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
const NOT_HELPFUL = 'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.';

/** A step whose pod the scheduler cannot place: PodScheduled False, FailedScheduling events, Argo's message. */
function unschedulable(k: Kit, s: Omit<WaitingStepSpec, 'message' | 'podStatus' | 'events'>, why: string) {
  const message = `0/5 nodes are available: ${why}`;
  return waitingStepObjects(k, {
    ...s,
    message: `Unschedulable: ${message}`,
    podStatus: {
      phase: 'Pending',
      conditions: [condition('PodScheduled', 'False', k.ago(s.startedMinAgo - 0.05), 'Unschedulable', message)],
    },
    events: [
      {
        reason: 'FailedScheduling',
        message,
        type: 'Warning',
        component: 'default-scheduler',
        firstMinAgo: s.startedMinAgo - 0.05,
        lastMinAgo: 0.5,
        count: Math.max(2, Math.round(s.startedMinAgo / 2)),
      },
    ],
  });
}

/** A workflow that runs a GPU step on the GPU node (it takes the node's one GPU). */
function gpuHolder(k: Kit): KubeObject[] {
  const wf = k.name('finetune-whisper');
  const stepName = `${wf}[0].finetune`;
  const image = 'registry.example.com/ml/whisper-finetune:1.4.0';
  const started = 42;
  const nodes = [
    rootNode(k, wf, started, [`${wf}-group`]),
    node(k, wf, {
      name: stepName,
      displayName: 'finetune',
      type: 'Pod',
      templateName: 'finetune',
      phase: 'Running',
      startedMinAgo: started,
      hostNodeName: GPU_NODE.name,
    }),
  ];
  const requests = { cpu: '2', memory: '12Gi', 'nvidia.com/gpu': '1' };
  return [
    workflow({
      k,
      name: wf,
      namespace: WAITING_NS,
      createdMinAgo: started,
      spec: {
        entrypoint: 'main',
        templates: [
          { name: 'main', steps: [[{ name: 'finetune', template: 'finetune' }]] },
          { name: 'finetune', container: { image, resources: { requests, limits: { 'nvidia.com/gpu': '1' } } } },
        ],
      },
      status: {
        phase: 'Running',
        startedAt: k.ago(started),
        progress: '0/1',
        nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
      },
    }),
    pod(k, WAITING_NS, {
      wf,
      nodeName: stepName,
      template: 'finetune',
      image,
      command: ['python', 'finetune.py'],
      requests,
      limits: { 'nvidia.com/gpu': '1' },
      host: GPU_NODE.name,
      tolerations: [GPU_TOLERATION],
      status: runningStatus(k, image, started - 1, GPU_NODE.name),
      createdMinAgo: started,
    }),
  ];
}

const gpu = steadyScenario({
  id: 'waiting-gpu',
  description:
    'A training step asks for 2 GPUs; the only GPU node has 1, and another workflow uses it: the pod stays Pending ' +
    '(Insufficient nvidia.com/gpu), and the explanation names the closest node.',
  expectedRootCause: 'insufficient-resources',
  build: (k) => [
    ...gpuHolder(k),
    ...unschedulable(
      k,
      {
        prefix: 'train-llm',
        namespace: WAITING_NS,
        step: 'train',
        image: 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime',
        command: ['torchrun', '--nproc-per-node=2', 'train.py'],
        requests: { cpu: '1', memory: '2Gi', 'nvidia.com/gpu': '2' },
        limits: { memory: '2Gi', 'nvidia.com/gpu': '2' },
        tolerations: [GPU_TOLERATION],
        startedMinAgo: 18,
      },
      '5 Insufficient nvidia.com/gpu. ' + NOT_HELPFUL,
    ).objects,
  ],
});

const taint = steadyScenario({
  id: 'waiting-taint',
  description:
    'A step pinned to the GPU instance type without a toleration for its nvidia.com/gpu taint: the only node ' +
    'that matches refuses it.',
  expectedRootCause: 'untolerated-taint',
  build: (k) =>
    unschedulable(
      k,
      {
        prefix: 'embed-images',
        namespace: WAITING_NS,
        step: 'embed',
        image: 'registry.example.com/ml/clip-embedder:2.1.0',
        command: ['python', 'embed.py'],
        requests: { cpu: '1', memory: '2Gi' },
        nodeSelector: { 'node.kubernetes.io/instance-type': GPU_NODE.instanceType },
        startedMinAgo: 11,
      },
      "1 node(s) had untolerated taint {nvidia.com/gpu: present}, 4 node(s) didn't match Pod's node affinity/selector. " +
        NOT_HELPFUL,
    ).objects,
});

const selector = steadyScenario({
  id: 'waiting-node-selector',
  description:
    'A step whose nodeSelector asks for an instance type (c6i.4xlarge) no node of the cluster has: nothing matches.',
  expectedRootCause: 'node-selector-mismatch',
  build: (k) =>
    unschedulable(
      k,
      {
        prefix: 'compact-parquet',
        namespace: WAITING_NS,
        step: 'compact',
        image: 'apache/spark:3.5.3',
        command: ['/opt/spark/bin/spark-submit', 'compact.py'],
        requests: { cpu: '2', memory: '8Gi' },
        nodeSelector: { 'node.kubernetes.io/instance-type': 'c6i.4xlarge' },
        startedMinAgo: 14,
      },
      "1 node(s) had untolerated taint {nvidia.com/gpu: present}, 4 node(s) didn't match Pod's node affinity/selector. " +
        NOT_HELPFUL,
    ).objects,
});

/** A PersistentVolumeClaim (Bound to `volume`, or Pending). */
function pvc(k: Kit, name: string, storageClassName: string, volume?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: WAITING_NS, creationTimestamp: k.ago(40) },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '200Gi' } },
      storageClassName,
      volumeMode: 'Filesystem',
      ...(volume ? { volumeName: volume } : {}),
    },
    status: volume
      ? { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '200Gi' } }
      : { phase: 'Pending' },
  };
}

const volumeZone = steadyScenario({
  id: 'waiting-volume-zone',
  description:
    'A step mounts a volume that lives in zone us-east-1d, where the cluster has no node any more: volume node ' +
    'affinity conflict.',
  expectedRootCause: 'volume-node-affinity-conflict',
  build: (k) => {
    const claim = k.name('feature-cache');
    const pv = `pvc-3f9c2a71-${k.suffix}-4c1e-9b1d-7a2f0c5e8d41`;
    const volume: Obj = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pv, creationTimestamp: k.ago(600), labels: { 'topology.kubernetes.io/zone': 'us-east-1d' } },
      spec: {
        capacity: { storage: '200Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'gp3',
        claimRef: { kind: 'PersistentVolumeClaim', namespace: WAITING_NS, name: claim },
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0a1b2c3d4e5f67890', fsType: 'ext4' },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              {
                matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1d'] }],
              },
            ],
          },
        },
      },
      status: { phase: 'Bound' },
    };
    return [
      volume as KubeObject,
      pvc(k, claim, 'gp3', pv),
      ...unschedulable(
        k,
        {
          prefix: 'score-customers',
          namespace: WAITING_NS,
          step: 'score',
          image: 'registry.example.com/ds/scoring:5.0.2',
          command: ['python', 'score.py'],
          requests: { cpu: '1', memory: '4Gi' },
          volumes: [{ name: 'cache', persistentVolumeClaim: { claimName: claim } }],
          volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
          startedMinAgo: 9,
        },
        '1 node(s) had untolerated taint {nvidia.com/gpu: present}, 4 node(s) had volume node affinity conflict. ' +
          NOT_HELPFUL,
      ).objects,
    ];
  },
});

const pvcPending = steadyScenario({
  id: 'waiting-pvc-pending',
  description:
    "A step's volume claim names a storage class (fast-ssd) that does not exist: the claim stays Pending and the " +
    'pod waits for it (unbound immediate PersistentVolumeClaims).',
  expectedRootCause: 'pvc-unbound',
  build: (k) => {
    const claim = `${k.name('reindex-search')}-scratch`;
    const claimObj = pvc(k, claim, 'fast-ssd');
    claimObj.metadata.creationTimestamp = k.ago(7.1);
    return [
      claimObj,
      event(
        k,
        WAITING_NS,
        { kind: 'PersistentVolumeClaim', name: claim },
        {
          reason: 'ProvisioningFailed',
          message: 'storageclass.storage.k8s.io "fast-ssd" not found',
          type: 'Warning',
          component: 'persistentvolume-controller',
          firstMinAgo: 7.1,
          lastMinAgo: 0.2,
          count: 29,
        },
      ),
      ...unschedulable(
        k,
        {
          prefix: 'reindex-search',
          namespace: WAITING_NS,
          step: 'reindex',
          image: 'registry.example.com/search/indexer:8.2.1',
          command: ['indexer', 'rebuild', '--all'],
          requests: { cpu: '2', memory: '6Gi' },
          workflowSpec: {
            volumeClaimTemplates: [
              {
                metadata: { name: 'scratch' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  storageClassName: 'fast-ssd',
                  resources: { requests: { storage: '200Gi' } },
                },
              },
            ],
          },
          volumes: [{ name: 'scratch', persistentVolumeClaim: { claimName: claim } }],
          volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
          startedMinAgo: 7,
        },
        'pod has unbound immediate PersistentVolumeClaims. ' + NOT_HELPFUL,
      ).objects,
    ];
  },
});

/** The namespace of the quota scenario: its ResourceQuota would get in the way of the other waiting scenarios. */
export const QUOTA_NS = 'finance';

const quota = steadyScenario({
  id: 'waiting-quota',
  description:
    "Namespace finance's ResourceQuota (4 CPUs of requests) is nearly used up by a running reconciliation: the " +
    'apiserver refuses the next pod (exceeded quota) and Argo keeps the step Pending, retrying.',
  expectedRootCause: 'resource-quota-exceeded',
  build: (k) => {
    const holder = k.name('reconcile-ledger');
    const holderStep = `${holder}[0].reconcile`;
    const image = 'registry.example.com/finance/reconcile:2026.11.3';
    const started = 35;
    const holderNodes = [
      rootNode(k, holder, started),
      node(k, holder, {
        name: holderStep,
        displayName: 'reconcile',
        type: 'Pod',
        templateName: 'reconcile',
        phase: 'Running',
        startedMinAgo: started,
        hostNodeName: DEMO_NODES[1]!.name,
      }),
    ];
    const requests = { cpu: '3500m', memory: '12Gi' };
    const waiting = waitingStepObjects(k, {
      prefix: 'close-books',
      namespace: QUOTA_NS,
      step: 'aggregate',
      image: 'registry.example.com/finance/close-books:2026.11.1',
      command: ['python', 'aggregate.py'],
      requests: { cpu: '1', memory: '2Gi' },
      limits: { cpu: '1', memory: '2Gi' },
      startedMinAgo: 6,
    });
    const podName = waiting.pod;
    const stepNode = Object.values((waiting.objects[0]!.status as { nodes: Record<string, Obj> }).nodes).find(
      (n) => n.type === 'Pod',
    )!;
    stepNode.message =
      `pods "${podName}" is forbidden: exceeded quota: compute-resources, requested: requests.cpu=1010m, ` +
      'used: requests.cpu=3510m, limited: requests.cpu=4';
    const quotaObj: KubeObject = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute-resources', namespace: QUOTA_NS, creationTimestamp: k.ago(60 * 24 * 30) },
      spec: { hard: { pods: '10', 'requests.cpu': '4', 'requests.memory': '16Gi' } },
      status: {
        hard: { pods: '10', 'requests.cpu': '4', 'requests.memory': '16Gi' },
        used: { pods: '1', 'requests.cpu': '3510m', 'requests.memory': '12352Mi' },
      },
    };
    return [
      quotaObj,
      workflow({
        k,
        name: holder,
        namespace: QUOTA_NS,
        createdMinAgo: started,
        spec: {
          entrypoint: 'main',
          templates: [
            { name: 'main', steps: [[{ name: 'reconcile', template: 'reconcile' }]] },
            { name: 'reconcile', container: { image, resources: { requests, limits: { memory: '12Gi' } } } },
          ],
        },
        status: {
          phase: 'Running',
          startedAt: k.ago(started),
          progress: '0/1',
          nodes: Object.fromEntries(holderNodes.map((n) => [n.id, n])),
        },
      }),
      pod(k, QUOTA_NS, {
        wf: holder,
        nodeName: holderStep,
        template: 'reconcile',
        image,
        command: ['python', 'reconcile.py'],
        requests,
        limits: { memory: '12Gi' },
        host: DEMO_NODES[1]!.name,
        status: runningStatus(k, image, started - 0.5, DEMO_NODES[1]!.name),
        createdMinAgo: started,
      }),
      ...waiting.objects,
    ];
  },
});

export const waitingSchedulingScenarios: Scenario[] = [gpu, taint, selector, volumeZone, pvcPending, quota];
