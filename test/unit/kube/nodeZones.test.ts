import assert from 'node:assert/strict';
import { readNodeZones, ZONE_LABEL } from '../../../src/kube/nodeZones';
import type { KObject } from '../../../src/kube/kubeClient';
import { FakeKube } from '../../support/fakeKube';

const node = (name: string, zone?: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name,
    labels: zone
      ? { [ZONE_LABEL]: zone, 'failure-domain.beta.kubernetes.io/zone': 'old' }
      : ({} as Record<string, string>),
  },
});

describe('node zones', () => {
  it("reads each node's zone label once, leaving out nodes without one or that are gone", async () => {
    const kube = new FakeKube().put(node('a', 'us-east-1a')).put(node('b', 'us-east-1b')).put(node('c'));
    const r = await readNodeZones(kube, ['a', 'b', 'c', 'gone', 'a', '']);
    assert.deepEqual([...r.zones].sort(), [
      ['a', 'us-east-1a'],
      ['b', 'us-east-1b'],
    ]);
    assert.equal(r.forbidden, false);
    assert.equal(kube.calls.filter((c) => c.method === 'getNode').length, 4);
  });

  it('tells spot and preemptible nodes from their labels', async () => {
    const labelled = (name: string, labels: Record<string, string>): KObject => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels },
    });
    const kube = new FakeKube()
      .put(labelled('eks', { 'eks.amazonaws.com/capacityType': 'SPOT' }))
      .put(labelled('gke', { 'cloud.google.com/gke-preemptible': 'true' }))
      .put(labelled('od', { 'karpenter.sh/capacity-type': 'on-demand', [ZONE_LABEL]: 'z' }));
    const r = await readNodeZones(kube, ['eks', 'gke', 'od']);
    assert.deepEqual([...r.spot].sort(), ['eks', 'gke']);
  });

  it('gives no zones, quietly, when reading nodes is forbidden, and stops asking', async () => {
    const kube = new FakeKube().put(node('a', 'z')).fail('getNode', { kind: 'forbidden', status: 403, message: 'no' });
    const names = Array.from({ length: 50 }, (_, i) => `n${i}`);
    const r = await readNodeZones(kube, names);
    assert.deepEqual([r.zones.size, r.forbidden], [0, true]);
    assert.ok(kube.calls.length <= 4, `${kube.calls.length} reads after the first refusal`);
  });
});
