import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import type { KubeObject } from '../../../src/demo/world';
import { ClusterSession, type SessionChange } from '../../../src/kube/clusterSession';
import { FakeKube } from '../../support/fakeKube';

const wf = (name: string, phase: string): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, namespace: 'argo' },
  spec: { entrypoint: 'main' },
  status: { phase },
});

/** Resolves with the first change `match` accepts; rejects after `ms`. */
function nextChange(s: ClusterSession, match: (c: SessionChange) => boolean, ms: number): Promise<SessionChange> {
  return new Promise((resolve, reject) => {
    const sub = s.onDidChange((c) => {
      if (!match(c)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(c);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('no matching change'));
    }, ms);
  });
}

describe('ClusterSession', function () {
  this.timeout(60000);
  let cluster: DemoCluster;
  let kc: k8s.KubeConfig;

  beforeEach(async () => {
    cluster = await startDemoCluster({ clock: 'manual' });
    kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
  });
  afterEach(async () => cluster.close());

  it('watches workflows and the catalog per namespace, and closes every stream on dispose', async () => {
    const s = new ClusterSession(kc, 'demo', ['argo', 'default']);
    // Per namespace: unfinished workflows (whole), finished ones (metadata), workflowtemplates, cronworkflows; plus
    // clusterworkflowtemplates once.
    await cluster.whenStreams((n) => n === 9, 10000, '9 watches');
    await s.dispose();
    await cluster.whenStreams((n) => n === 0, 10000, 'no streams after dispose');
    assert.equal(s.status.state, 'stopped');
  });

  it('reports each workflow change as one typed event and serves the workflow typed', async () => {
    const s = new ClusterSession(kc, 'demo', ['argo']);
    try {
      const added = nextChange(s, (c) => c.kind === 'workflow' && c.key === 'argo/train', 10000);
      cluster.world.put(wf('train', 'Running'));
      assert.deepEqual(await added, { kind: 'workflow', key: 'argo/train', type: 'added' });
      assert.equal(s.workflow('argo/train')?.status?.phase, 'Running');
      const modified = nextChange(s, (c) => c.kind === 'workflow' && c.type === 'modified', 10000);
      cluster.world.put(wf('train', 'Failed'));
      await modified;
      assert.equal(s.workflows().get('argo/train')?.status?.phase, 'Failed');
    } finally {
      await s.dispose();
    }
  });

  it('disposes what features attached to it, and says nothing after dispose', async () => {
    const s = new ClusterSession(kc, 'demo', ['argo']);
    let disposed = 0;
    const seen: SessionChange[] = [];
    s.own({ dispose: () => disposed++ });
    s.onDidChange((c) => seen.push(c));
    await s.dispose();
    assert.equal(disposed, 1);
    const before = seen.length;
    cluster.world.put(wf('late', 'Running'));
    // Anything attached after the end is disposed at once rather than leaked.
    s.own({ dispose: () => disposed++ });
    assert.equal(disposed, 2);
    await cluster.whenStreams((n) => n === 0, 10000, 'no streams');
    assert.equal(seen.length, before);
  });

  it('reads the Argo version from the workflow-controller image', async () => {
    const fake = new FakeKube();
    fake.controllerImage = 'quay.io/argoproj/workflow-controller:v3.7.2';
    const s = new ClusterSession(kc, 'demo', [], undefined, fake);
    try {
      if (!s.argoVersion) await nextChange(s, (c) => c.kind === 'status' && s.argoVersion !== undefined, 5000);
      assert.equal(s.argoVersion, '3.7');
    } finally {
      await s.dispose();
    }
  });

  it('uses one client for the whole session', () => {
    const s = new ClusterSession(kc, 'demo', []);
    assert.equal(s.client, s.client);
    const fake = new FakeKube();
    const t = new ClusterSession(kc, 'demo', [], undefined, fake);
    assert.equal(t.client, fake);
    void s.dispose();
    void t.dispose();
  });
});
