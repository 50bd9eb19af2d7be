import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { isSummary } from '../../../src/core/model/workflowSummary';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import type { KubeObject } from '../../../src/demo/world';
import { ClusterSession, type SessionChange } from '../../../src/kube/clusterSession';

const running = (name: string): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: {
    name,
    namespace: 'argo',
    labels: { 'workflows.argoproj.io/phase': 'Running', 'workflows.argoproj.io/completed': 'false' },
  },
  spec: { entrypoint: 'main' },
  status: {
    phase: 'Running',
    startedAt: '2026-01-01T00:00:00Z',
    nodes: { [name]: { id: name, name, displayName: name, type: 'Steps', phase: 'Running' } },
  },
});

/** Resolves once `ok` holds, checked on every change of the session; rejects after `ms` with `what`. */
function until(s: ClusterSession, ok: () => boolean, ms: number, what: () => string): Promise<void> {
  if (ok()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const sub = s.onDidChange(() => {
      if (!ok()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out: ${what()}`));
    }, ms);
  });
}

const key = (i: number) => `argo/scale-${String(i).padStart(5, '0')}`;

describe('workflow store: finished workflows by metadata, whole on demand', function () {
  this.timeout(60000);
  let cluster: DemoCluster;
  let kc: k8s.KubeConfig;
  let session: ClusterSession;

  beforeEach(async () => {
    cluster = await startDemoCluster({ clock: 'manual', population: { workflows: 1200, nodes: 40 } });
    kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
  });
  afterEach(async () => {
    await session?.dispose();
    await cluster.close();
  });

  it('lists 1,200 finished workflows page by page as metadata, and unfinished ones whole', async () => {
    cluster.world.put(running('live-one'));
    session = new ClusterSession(kc, 'demo', ['argo']);
    const loading: { loaded: number; total?: number }[] = [];
    session.onDidChange((c: SessionChange) => {
      const l = c.kind === 'status' ? session.status.loading : undefined;
      if (l) loading.push(l);
    });
    await until(
      session,
      () => session.status.state === 'synced',
      20000,
      () => JSON.stringify(session.status),
    );
    assert.equal(session.workflows().size, 1201);
    assert.equal(session.status.count, 1201);
    // The first list arrived in pages of 500, each shown before the next.
    assert.ok(loading.length >= 2, `progress while listing: ${JSON.stringify(loading)}`);
    assert.ok(loading[0]!.loaded < 1201 && loading[0]!.total === 1201, JSON.stringify(loading[0]));
    const finished = session.workflow(key(3))!;
    assert.ok(isSummary(finished), 'a finished workflow is kept as a summary');
    assert.equal(finished.status?.nodes, undefined);
    assert.equal(finished.status?.phase, 'Failed', "the phase comes from Argo's label");
    const live = session.workflow('argo/live-one')!;
    assert.ok(!isSummary(live) && live.status?.nodes, 'an unfinished workflow is whole');
  });

  it('reads summaries and whole workflows on demand, and keeps only a few whole unless held', async () => {
    session = new ClusterSession(kc, 'demo', ['argo']);
    await until(
      session,
      () => session.status.state === 'synced',
      20000,
      () => JSON.stringify(session.status),
    );
    session.requestSummaries([key(1), key(2)]);
    await until(
      session,
      () => !!session.workflow(key(1))?.status?.startedAt && !!session.workflow(key(2))?.status?.finishedAt,
      10000,
      () => JSON.stringify(session.workflow(key(1))),
    );
    assert.ok(isSummary(session.workflow(key(1))), 'a summary, without nodes');
    assert.match(String(session.workflow(key(1))?.status?.progress), /^\d+\/\d+$/);

    const held = session.holdWorkflow(key(100));
    const r = await held.ready;
    assert.ok(r.ok && Object.keys(r.value.status?.nodes ?? {}).length === 40, 'a held workflow is read whole');
    for (let i = 0; i < 12; i++) {
      const w = await session.wholeWorkflow(key(200 + i));
      assert.ok(w.ok && w.value.status?.nodes);
    }
    const whole = (k: string) => !isSummary(session.workflow(k));
    assert.ok(whole(key(100)), 'the held workflow stays whole');
    assert.ok(whole(key(211)), 'the last one read stays whole');
    assert.ok(!whole(key(200)), 'the oldest read is dropped back to its summary');
    assert.equal(session.workflow(key(200))?.status?.phase, 'Succeeded');
    held.dispose();
    for (let i = 0; i < 12; i++) await session.wholeWorkflow(key(300 + i));
    assert.ok(!whole(key(100)), 'released, it goes like any other');
  });

  it('reads a workflow whole when it finishes, then keeps only its summary', async () => {
    cluster.world.put(running('finishing'));
    session = new ClusterSession(kc, 'demo', ['argo']);
    await until(
      session,
      () => session.status.state === 'synced',
      20000,
      () => JSON.stringify(session.status),
    );
    const done = running('finishing');
    done.metadata.labels = { 'workflows.argoproj.io/phase': 'Failed', 'workflows.argoproj.io/completed': 'true' };
    done.status = { ...(done.status as object), phase: 'Failed', finishedAt: '2026-01-01T00:05:00Z' };
    cluster.world.put(done);
    await until(
      session,
      // The labels say Failed first (metadata watch); the final state follows from a read after the DELETED.
      () =>
        session.workflow('argo/finishing')?.status?.phase === 'Failed' &&
        !!session.workflow('argo/finishing')?.status?.nodes,
      10000,
      () => JSON.stringify(session.workflow('argo/finishing')?.status?.phase),
    );
    assert.ok(session.workflow('argo/finishing')?.status?.nodes, 'its final state is here whole (for the recorder)');
    for (let i = 0; i < 12; i++) await session.wholeWorkflow(key(400 + i));
    const after = session.workflow('argo/finishing');
    assert.ok(isSummary(after), 'later only its summary stays');
    assert.equal(after.status?.phase, 'Failed');
    assert.equal(session.workflows().size, 1201);
  });
});
