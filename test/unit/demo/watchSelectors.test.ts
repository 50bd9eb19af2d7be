// Watches with selectors on the demo cluster: an object that starts or stops matching is ADDED or DELETED, as the
// apiserver's watch cache converts events (k8s.io/apiserver pkg/storage/cacher/cache_watcher.go).
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import type { KubeObject } from '../../../src/demo/world';
import { rawWatch, type RawWatch, type RawWatchEvent } from '../../support/rawApi';

const WORKFLOWS = '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows';
const METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';
const NOT_COMPLETED = encodeURIComponent('workflows.argoproj.io/completed!=true');
const COMPLETED = encodeURIComponent('workflows.argoproj.io/completed=true');

const summary = (events: RawWatchEvent[]) =>
  events.map((e) => [
    e.type,
    e.object.metadata.name,
    e.object.metadata.labels?.['workflows.argoproj.io/completed'] ?? '-',
    e.object.metadata.resourceVersion,
  ]);

const wf = (name: string, labels: Record<string, string> = {}, phase?: string): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, namespace: 'argo', labels },
  spec: { entrypoint: 'main' },
  ...(phase ? { status: { phase } } : {}),
});
const running = { 'workflows.argoproj.io/completed': 'false', 'workflows.argoproj.io/phase': 'Running' };
const succeeded = { 'workflows.argoproj.io/completed': 'true', 'workflows.argoproj.io/phase': 'Succeeded' };

describe('demo cluster: watches with selectors see objects enter and leave them', function () {
  this.timeout(30000);
  let cluster: DemoCluster;
  let kc: k8s.KubeConfig;
  const streams: RawWatch[] = [];
  beforeEach(async () => {
    cluster = await startDemoCluster({ clock: 'manual' });
    kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await cluster.close();
  });

  /** Plays a workflow's life and a sentinel that ends it; returns the resourceVersion before and the versions. */
  const play = () => {
    const from = cluster.store.resourceVersion;
    const v1 = cluster.world.put(wf('a'));
    const v2 = cluster.world.put(wf('a', running, 'Running'));
    const v3 = cluster.world.put(wf('a', succeeded, 'Succeeded'));
    const v4 = cluster.world.put(wf('a', { ...succeeded, seen: 'yes' }, 'Succeeded'));
    const v5 = cluster.world.put(wf('a', running, 'Running')); // a retry takes the label back
    cluster.world.put(wf('done', succeeded, 'Succeeded'));
    cluster.world.remove('Workflow', 'argo', 'done'); // never matched completed!=true: nothing
    cluster.world.remove('Workflow', 'argo', 'a');
    cluster.world.put(wf('sentinel', running, 'Running'));
    return { from, rv: [v1, v2, v3, v4, v5].map((o) => o.metadata.resourceVersion!) };
  };

  it('sends ADDED, MODIFIED, then DELETED with the previous object when completed turns true', async () => {
    const live = await rawWatch(kc, `${WORKFLOWS}?watch=true&labelSelector=${NOT_COMPLETED}`);
    const done = await rawWatch(kc, `${WORKFLOWS}?watch=true&labelSelector=${COMPLETED}`);
    streams.push(live, done);
    const { from, rv } = play();
    await live.until((e) => e.object.metadata.name === 'sentinel', 'the sentinel');
    const expected = [
      ['ADDED', 'a', '-', rv[0]],
      ['MODIFIED', 'a', 'false', rv[1]],
      // The object as it was before the change (still completed=false), at the change's resourceVersion.
      ['DELETED', 'a', 'false', rv[2]],
      ['ADDED', 'a', 'false', rv[4]],
      ['DELETED', 'a', 'false', String(Number(rv[4]) + 3)],
      ['ADDED', 'sentinel', 'false', String(Number(rv[4]) + 4)],
    ];
    assert.deepEqual(summary(live.events), expected);
    const deleted = live.events[2]!.object;
    assert.equal((deleted.status as { phase: string }).phase, 'Running', 'the whole previous object');
    await done.until((e) => e.object.metadata.name === 'done' && e.type === 'DELETED', 'done to be deleted');
    assert.deepEqual(summary(done.events), [
      ['ADDED', 'a', 'true', rv[2]],
      ['MODIFIED', 'a', 'true', rv[3]],
      ['DELETED', 'a', 'true', rv[4]],
      ['ADDED', 'done', 'true', String(Number(rv[4]) + 1)],
      ['DELETED', 'done', 'true', String(Number(rv[4]) + 2)],
    ]);

    // A watch resumed from before the changes replays the same transitions from the store's history.
    const resumed = await rawWatch(
      kc,
      `${WORKFLOWS}?watch=true&labelSelector=${NOT_COMPLETED}&resourceVersion=${from}`,
    );
    streams.push(resumed);
    await resumed.until((e) => e.object.metadata.name === 'sentinel', 'the sentinel, resumed');
    assert.deepEqual(summary(resumed.events), expected);
  });

  it('does the same for metadata-only watches, as PartialObjectMetadata', async () => {
    const live = await rawWatch(kc, `${WORKFLOWS}?watch=true&labelSelector=${NOT_COMPLETED}`, METADATA);
    streams.push(live);
    const { rv } = play();
    await live.until((e) => e.object.metadata.name === 'sentinel', 'the sentinel');
    assert.deepEqual(
      live.events.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'DELETED', 'ADDED', 'DELETED', 'ADDED'],
    );
    const left = live.events[2]!;
    assert.deepEqual(Object.keys(left.object).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.equal(left.object.kind, 'PartialObjectMetadata');
    assert.equal(left.object.metadata.resourceVersion, rv[2]);
    assert.equal(left.object.metadata.labels?.['workflows.argoproj.io/completed'], 'false');
  });

  it('sends a watch of one name only its own transitions', async () => {
    const one = await rawWatch(
      kc,
      `${WORKFLOWS}?watch=true&labelSelector=${NOT_COMPLETED}&fieldSelector=metadata.name%3Da`,
    );
    streams.push(one);
    play();
    // `a` comes back after `done` and the sentinel changed: had their events reached this watch, they came before.
    const back = cluster.world.put(wf('a', running, 'Running'));
    await one.until((e) => e.object.metadata.resourceVersion === back.metadata.resourceVersion, 'a to come back');
    assert.deepEqual(
      one.events.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED a', 'MODIFIED a', 'DELETED a', 'ADDED a', 'DELETED a', 'ADDED a'],
    );
  });
});
