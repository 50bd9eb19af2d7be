// The nodes that come closest to an unschedulable pod, the quota that refused one, and whether the controller
// runs: each from a bundle that holds them, and the same bundles without them explain as before.
import assert from 'node:assert/strict';
import type { EvidenceBundle } from '../../../src/core/diagnose/bundle';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { leanNode, nodeFits, podRequests } from '../../../src/core/diagnose/nodeFit';
import { podNameOfNode } from '../../../src/core/model/podName';
import { gatherBundle } from '../../../src/kube/gatherBundle';
import { FakeKube } from '../../support/fakeKube';

type O = Record<string, unknown>;
const NOW = '2025-09-02T10:00:00Z';

const nodeObj = (name: string, zone: string, alloc: O, taints: O[] = [], labels: O = {}): O => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'topology.kubernetes.io/zone': zone, ...labels } },
  spec: { taints },
  status: { allocatable: alloc, conditions: [{ type: 'Ready', status: 'True' }] },
});
const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
const NODES = [
  nodeObj('cpu-1', 'eu-west-1a', { cpu: '8', memory: '32Gi' }),
  nodeObj('gpu-node-1', 'eu-west-1b', { cpu: '16', memory: '64Gi', 'nvidia.com/gpu': '2' }, [GPU_TAINT], {
    'node.kubernetes.io/instance-type': 'g5.2xlarge',
  }),
];

function podSpec(extra: O = {}, requests: O = { cpu: '1', 'nvidia.com/gpu': '4' }): O {
  return { containers: [{ name: 'main', resources: { requests } }], ...extra };
}

function unschedulable(message: string, spec: O, clusterNodes?: O[]): EvidenceBundle {
  return {
    workflowNode: {
      id: 'wf-1',
      name: 'wf[0].train',
      displayName: 'train',
      type: 'Pod',
      phase: 'Pending',
      message: `Unschedulable: ${message}`,
    },
    pod: { metadata: { name: 'wf-train-1', namespace: 'ml' }, spec, status: { phase: 'Pending' } },
    events: [],
    node: null,
    logTail: '',
    ...(clusterNodes ? { clusterNodes } : {}),
    observedAt: NOW,
  };
}

describe('the nodes that come closest to an unschedulable pod', () => {
  it("count a pod's request as the scheduler does (init containers against the sum of the others)", () => {
    const r = podRequests({
      initContainers: [{ resources: { requests: { cpu: '2' } } }],
      containers: [
        { resources: { requests: { cpu: '500m', memory: '1Gi' } } },
        { resources: { limits: { memory: '1Gi' } } },
      ],
    });
    assert.equal(r.get('cpu'), 2);
    assert.equal(r.get('memory'), 2 * 1024 ** 3);
  });

  it('name the closest node and why it does not fit: GPUs allocatable, in use, asked', () => {
    const gpu = leanNode(NODES[1]!, new Map([['nvidia.com/gpu', 2]]), 2);
    const fits = nodeFits(podSpec({ tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }), [
      leanNode(NODES[0]!),
      gpu,
    ]);
    assert.equal(fits[0]!.node.name, 'gpu-node-1');
    const d = diagnose(
      unschedulable(
        '0/2 nodes are available: 2 Insufficient nvidia.com/gpu.',
        podSpec({ tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }),
        [NODES[0]!, gpu as unknown as O],
      ),
    );
    assert.equal(d.rootCause, 'insufficient-resources');
    assert.match(
      d.cause,
      /gpu-node-1 \(zone eu-west-1b, g5\.2xlarge\): 2 nvidia\.com\/gpu allocatable, 2 in use; the step asks 4/,
    );
    assert.match(d.cause, /cpu-1 \(zone eu-west-1a\): no nvidia\.com\/gpu; the step asks 4/);
    assert.ok(d.cause.indexOf('gpu-node-1') < d.cause.indexOf('cpu-1'), 'the GPU node comes first');
  });

  it('without nodes in the bundle, explain as before (no closest nodes)', () => {
    const d = diagnose(unschedulable('0/2 nodes are available: 2 Insufficient nvidia.com/gpu.', podSpec()));
    assert.equal(d.rootCause, 'insufficient-resources');
    assert.doesNotMatch(d.cause, /closest/);
  });

  it('tell a selector nothing matches from a taint on the one node that matches', () => {
    const msg =
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {nvidia.com/gpu: present}.";
    const noSuchType = podSpec({ nodeSelector: { 'node.kubernetes.io/instance-type': 'p4d.24xlarge' } }, { cpu: '1' });
    const gpuType = podSpec({ nodeSelector: { 'node.kubernetes.io/instance-type': 'g5.2xlarge' } }, { cpu: '1' });
    const none = diagnose(unschedulable(msg, noSuchType, NODES));
    assert.equal(none.rootCause, 'node-selector-mismatch');
    assert.match(none.cause, /p4d\.24xlarge/);
    const tainted = diagnose(unschedulable(msg, gpuType, NODES));
    assert.equal(tainted.rootCause, 'untolerated-taint');
    assert.match(tainted.cause, /closest: gpu-node-1 .*taint nvidia\.com\/gpu=present:NoSchedule not tolerated/);
    // The scheduler's message alone cannot tell them apart: the taint leads, as before.
    assert.equal(diagnose(unschedulable(msg, noSuchType)).rootCause, 'untolerated-taint');
  });

  it('say which zone the volume is in', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-data' },
      spec: {
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1c'] }] },
            ],
          },
        },
      },
    };
    const b = unschedulable(
      '0/2 nodes are available: 1 node(s) had untolerated taint {nvidia.com/gpu: present}, 1 node(s) had volume node affinity conflict.',
      podSpec({}, { cpu: '1' }),
      NODES,
    );
    const d = diagnose({ ...b, related: [pv] });
    assert.equal(d.rootCause, 'volume-node-affinity-conflict');
    assert.match(d.cause, /zone eu-west-1c/);
    assert.match(d.cause, /cpu-1 \(zone eu-west-1a\): volume pv-data is in zone eu-west-1c/);
  });

  it('gathered for an unscheduled pod, with what is in use on the nodes; forbidden lists are said, not thrown', async () => {
    const kube = new FakeKube();
    for (const n of NODES) kube.put(n);
    const wf = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'wf', namespace: 'ml' },
      spec: {},
      status: {
        nodes: {
          'wf-1': {
            id: 'wf-1',
            name: 'wf[0].train',
            displayName: 'train',
            type: 'Pod',
            templateName: 'train',
            phase: 'Pending',
          },
        },
      },
    };
    const pending = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { namespace: 'ml' },
      spec: podSpec({ tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }),
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
    };
    const running = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'other', namespace: 'ml' },
      spec: { nodeName: 'gpu-node-1', containers: [{ resources: { requests: { 'nvidia.com/gpu': '2' } } }] },
      status: { phase: 'Running' },
    };
    // The pod's name as Argo derives it for this node.
    const name = podNameOfNode(wf, wf.status.nodes['wf-1']);
    kube.put({ ...pending, metadata: { name, namespace: 'ml' } }).put(running);
    const b = (await gatherBundle(kube, wf, 'wf-1'))!;
    const gpu = b.clusterNodes?.find((n) => n.name === 'gpu-node-1');
    assert.deepEqual(gpu?.requested, { 'nvidia.com/gpu': '2' });
    assert.ok(
      kube.calls.some((c) => c.method === 'listCore' && JSON.stringify(c.args).includes('spec.nodeName=gpu-node-1')),
    );
    const denied = new FakeKube().fail('listCore', { kind: 'forbidden', message: 'no', status: 403 });
    denied.put(wf as never).put({ ...pending, metadata: { name, namespace: 'ml' } });
    const b2 = (await gatherBundle(denied, wf, 'wf-1'))!;
    assert.equal(b2.clusterNodes, undefined);
    assert.deepEqual(b2.notRead, ['nodes: forbidden (403)']);
  });
});

describe('the quota that refused a pod, and whether the controller runs', () => {
  const quotaMsg =
    'pods "wf-agg-1" is forbidden: exceeded quota: compute-resources, requested: requests.cpu=1010m, used: requests.cpu=3510m, limited: requests.cpu=4';
  const quota = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute-resources', namespace: 'finance' },
    status: { hard: { 'requests.cpu': '4', pods: '10' }, used: { 'requests.cpu': '3510m', pods: '3' } },
  };
  const step = { id: 'wf-1', name: 'wf[0].agg', displayName: 'agg', type: 'Pod', phase: 'Pending', message: quotaMsg };

  it('names the quota, what is used and what the pod asks', () => {
    const d = diagnose({ workflowNode: step, pod: null, events: [], related: [quota], observedAt: NOW });
    assert.equal(d.rootCause, 'resource-quota-exceeded');
    assert.match(d.cause, /compute-resources/);
    assert.match(d.cause, /asks requests\.cpu=1010m/);
    assert.ok(
      d.evidence.includes('ResourceQuota finance/compute-resources: requests.cpu 3510m used of 4, pods 3 used of 10'),
      d.evidence.join('\n'),
    );
    // Without the object: the message alone still explains it.
    assert.equal(
      diagnose({ workflowNode: step, pod: null, events: [], observedAt: NOW }).rootCause,
      'resource-quota-exceeded',
    );
  });

  const neverProcessed = (related: O[], notRead: string[] = []): EvidenceBundle => ({
    workflowNode: null,
    workflow: {
      kind: 'Workflow',
      metadata: { name: 'export', namespace: 'data', creationTimestamp: '2025-09-02T09:40:00Z' },
      spec: {},
    },
    related,
    notRead,
    observedAt: NOW,
  });
  const controllerPod = (status: O): O => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'workflow-controller-abc', namespace: 'argo', labels: { app: 'workflow-controller' } },
    status,
  });

  it('says the controller is down, running, or could not be checked', () => {
    const down = diagnose(
      neverProcessed([
        controllerPod({
          phase: 'Running',
          containerStatuses: [
            { name: 'workflow-controller', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } },
          ],
        }),
      ]),
    );
    assert.equal(down.rootCause, 'controller-not-processing');
    assert.match(down.cause, /The controller is not running: .*CrashLoopBackOff/);
    const up = diagnose(
      neverProcessed([
        controllerPod({
          phase: 'Running',
          containerStatuses: [{ name: 'workflow-controller', ready: true, state: { running: {} } }],
        }),
      ]),
    );
    assert.match(up.cause, /The controller runs \(pod argo\/workflow-controller-abc Running, ready\)/);
    const unknown = diagnose(neverProcessed([], ["the workflow controller's pods in namespace argo: forbidden"]));
    assert.match(unknown.cause, /Whether the controller runs could not be checked \(.*forbidden\)/);
    assert.doesNotMatch(unknown.cause, /controller runs \(/);
  });
});
