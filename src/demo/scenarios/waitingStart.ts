// Waiting scenarios where the pod is on its node but does not start: a volume that cannot mount, an image that
// takes minutes to download, an init container still downloading inputs, a sandbox still being created. The
// kubelet's events and container states as it reports them; Argo's node message is the pod's waiting reason.
import type { KubeObject, Scenario } from '../world';
import { DEMO_NODES } from './cluster';
import { condition, containerStatus, EXECUTOR_IMAGE, type Kit, steadyScenario, WAITING_NS } from './waitingKit';
import { waitingStepObjects } from './waitingStep';

type Obj = Record<string, unknown>;

/** Scheduled `minAgo` minutes ago on `host`, nothing started: init and main wait for PodInitializing. */
function initializing(k: Kit, image: string, minAgo: number): Obj {
  return {
    phase: 'Pending',
    hostIP: '10.0.2.41',
    initContainerStatuses: [containerStatus('init', EXECUTOR_IMAGE, { waiting: 'PodInitializing' })],
    containerStatuses: [
      containerStatus('main', image, { waiting: 'PodInitializing' }),
      containerStatus('wait', EXECUTOR_IMAGE, { waiting: 'PodInitializing' }),
    ],
    conditions: [
      condition('PodReadyToStartContainers', 'False', k.ago(minAgo)),
      condition(
        'Initialized',
        'False',
        k.ago(minAgo),
        'ContainersNotInitialized',
        'containers with incomplete status: [init]',
      ),
      condition('Ready', 'False', k.ago(minAgo), 'ContainersNotReady', 'containers with unready status: [wait main]'),
      condition(
        'ContainersReady',
        'False',
        k.ago(minAgo),
        'ContainersNotReady',
        'containers with unready status: [wait main]',
      ),
      condition('PodScheduled', 'True', k.ago(minAgo)),
    ],
  };
}

const scheduled = (ns: string, pod: string, host: string, minAgo: number) => ({
  reason: 'Scheduled',
  message: `Successfully assigned ${ns}/${pod} to ${host}`,
  component: 'default-scheduler',
  firstMinAgo: minAgo,
});

const kubelet = (reason: string, message: string, minAgo: number) => ({
  reason,
  message,
  component: 'kubelet',
  firstMinAgo: minAgo,
});

/** The pod name a step of `prefix` gets, for messages that name it. */
function podOf(k: Kit, spec: Parameters<typeof waitingStepObjects>[1]): string {
  return waitingStepObjects(k, { ...spec, podStatus: undefined }).pod;
}

const failedMount = steadyScenario({
  id: 'waiting-failed-mount',
  description:
    'A step mounts a ConfigMap (model-config) that does not exist: the kubelet keeps failing to mount it ' +
    '(FailedMount) and the pod never starts.',
  expectedRootCause: 'failed-mount-missing-object',
  build: (k) => {
    const host = DEMO_NODES[1]!.name;
    const image = 'registry.example.com/ml/batch-predict:4.1.0';
    const spec = {
      prefix: 'predict-batch',
      namespace: WAITING_NS,
      step: 'predict',
      image,
      command: ['python', 'predict.py', '--config', '/etc/model/config.yaml'],
      requests: { cpu: '1', memory: '3Gi' },
      volumes: [{ name: 'model-config', configMap: { name: 'model-config' } }],
      volumeMounts: [{ name: 'model-config', mountPath: '/etc/model' }],
      startedMinAgo: 8,
      host,
    };
    const pod = podOf(k, spec);
    return waitingStepObjects(k, {
      ...spec,
      message: 'PodInitializing',
      podStatus: initializing(k, image, 8),
      events: [
        scheduled(WAITING_NS, pod, host, 8),
        {
          ...kubelet(
            'FailedMount',
            'MountVolume.SetUp failed for volume "model-config" : configmap "model-config" not found',
            8,
          ),
          type: 'Warning',
          lastMinAgo: 0.3,
          count: 12,
        },
        {
          ...kubelet(
            'FailedMount',
            'Unable to attach or mount volumes: unmounted volumes=[model-config], unattached volumes=[], failed to ' +
              'process volumes=[]: timed out waiting for the condition',
            6,
          ),
          type: 'Warning',
          lastMinAgo: 1.5,
          count: 3,
        },
      ],
    }).objects;
  },
});

const slowPull = steadyScenario({
  id: 'waiting-image-pull-slow',
  description: 'A step whose 19 GB image has been downloading for minutes (Pulling, no error): slow, not failed.',
  expectedRootCause: 'image-pull-slow',
  build: (k) => {
    const host = DEMO_NODES[0]!.name;
    const image = 'nvcr.io/nvidia/nemo:24.07';
    const spec = {
      prefix: 'transcribe-calls',
      namespace: WAITING_NS,
      step: 'transcribe',
      image,
      command: ['python', 'transcribe.py'],
      requests: { cpu: '2', memory: '6Gi' },
      startedMinAgo: 7,
      host,
    };
    const pod = podOf(k, spec);
    return waitingStepObjects(k, {
      ...spec,
      message: 'ContainerCreating',
      podStatus: {
        phase: 'Pending',
        hostIP: '10.0.1.23',
        podIP: '10.0.1.87',
        initContainerStatuses: [
          {
            name: 'init',
            image: EXECUTOR_IMAGE,
            ready: true,
            restartCount: 0,
            state: {
              terminated: { exitCode: 0, reason: 'Completed', startedAt: k.ago(6.8), finishedAt: k.ago(6.7) },
            },
          },
        ],
        containerStatuses: [
          containerStatus('main', image, { waiting: 'ContainerCreating' }),
          containerStatus('wait', EXECUTOR_IMAGE, { runningMinAgo: 6.6, k }),
        ],
        conditions: [
          condition('PodReadyToStartContainers', 'True', k.ago(6.9)),
          condition('Initialized', 'True', k.ago(6.7)),
          condition('Ready', 'False', k.ago(6.7), 'ContainersNotReady', 'containers with unready status: [main]'),
          condition(
            'ContainersReady',
            'False',
            k.ago(6.7),
            'ContainersNotReady',
            'containers with unready status: [main]',
          ),
          condition('PodScheduled', 'True', k.ago(7)),
        ],
      },
      events: [
        scheduled(WAITING_NS, pod, host, 7),
        kubelet('Pulled', `Container image "${EXECUTOR_IMAGE}" already present on machine`, 6.9),
        kubelet('Created', 'Created container init', 6.85),
        kubelet('Started', 'Started container init', 6.8),
        kubelet('Pulled', `Container image "${EXECUTOR_IMAGE}" already present on machine`, 6.65),
        kubelet('Created', 'Created container wait', 6.62),
        kubelet('Started', 'Started container wait', 6.6),
        kubelet('Pulling', `Pulling image "${image}"`, 6.55),
      ],
    }).objects;
  },
});

const initSlow = steadyScenario({
  id: 'waiting-init-running',
  description:
    "A step's init container has been downloading a 48 GiB input artifact for minutes: the pod is still " +
    'initialising (PodInitializing).',
  expectedRootCause: 'container-creating-slow',
  build: (k) => {
    const host = DEMO_NODES[2]!.name;
    const image = 'registry.example.com/ml/tokenize:0.8.0';
    const spec = {
      prefix: 'tokenize-corpus',
      namespace: WAITING_NS,
      step: 'tokenize',
      image,
      command: ['python', 'tokenize.py', '/tmp/corpus'],
      requests: { cpu: '2', memory: '8Gi' },
      startedMinAgo: 9,
      host,
    };
    const pod = podOf(k, spec);
    const status = initializing(k, image, 9);
    status.initContainerStatuses = [
      { ...containerStatus('init', EXECUTOR_IMAGE, { runningMinAgo: 8.7, k }), ready: false },
    ];
    return waitingStepObjects(k, {
      ...spec,
      message: 'PodInitializing',
      podStatus: status,
      events: [
        scheduled(WAITING_NS, pod, host, 9),
        kubelet('Pulled', `Container image "${EXECUTOR_IMAGE}" already present on machine`, 8.8),
        kubelet('Created', 'Created container init', 8.75),
        kubelet('Started', 'Started container init', 8.7),
      ],
    }).objects;
  },
});

const creatingSlow = steadyScenario({
  id: 'waiting-container-creating',
  description:
    "A step's pod was placed on a node minutes ago and its sandbox is still being created (its EBS volume is slow " +
    'to attach): no error yet, nothing started.',
  expectedRootCause: 'container-creating-slow',
  build: (k) => {
    const host = DEMO_NODES[1]!.name;
    const image = 'registry.example.com/data/dedupe:3.3.0';
    const claim = k.name('dedupe-scratch');
    const spec = {
      prefix: 'dedupe-events',
      namespace: WAITING_NS,
      step: 'dedupe',
      image,
      command: ['python', 'dedupe.py'],
      requests: { cpu: '1', memory: '4Gi' },
      volumes: [{ name: 'scratch', persistentVolumeClaim: { claimName: claim } }],
      volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
      startedMinAgo: 6,
      host,
    };
    const pod = podOf(k, spec);
    const pv = `pvc-8d2e41c0-${k.suffix}-47a2-b1f3-5c9e0a7d6b12`;
    const volume: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pv, creationTimestamp: k.ago(6.2), labels: { 'topology.kubernetes.io/zone': 'us-east-1b' } },
      spec: {
        capacity: { storage: '500Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: 'gp3',
        claimRef: { kind: 'PersistentVolumeClaim', namespace: WAITING_NS, name: claim },
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0f9e8d7c6b5a43210', fsType: 'ext4' },
      },
      status: { phase: 'Bound' },
    };
    const claimObj: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claim, namespace: WAITING_NS, creationTimestamp: k.ago(6.3) },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '500Gi' } },
        storageClassName: 'gp3',
        volumeName: pv,
      },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '500Gi' } },
    };
    return [
      volume,
      claimObj,
      ...waitingStepObjects(k, {
        ...spec,
        message: 'PodInitializing',
        podStatus: initializing(k, image, 6),
        events: [scheduled(WAITING_NS, pod, host, 6)],
      }).objects,
    ];
  },
});

export const waitingStartScenarios: Scenario[] = [failedMount, slowPull, initSlow, creatingSlow];
