import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import type { KubeObject } from '../../../src/demo/world';
import { ListWatch, type ListWatchSource } from '../../../src/kube/listWatch';

type Wf = KubeObject & { status?: { phase?: string } };

function workflowSource(kc: k8s.KubeConfig, namespace: string): ListWatchSource<Wf> {
  const api = kc.makeApiClient(k8s.CustomObjectsApi);
  return {
    description: `workflows in ${namespace}`,
    watchPath: `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/workflows`,
    async list({ limit, continue: cont }) {
      const r = (await api.listNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace,
        plural: 'workflows',
        limit,
        _continue: cont,
      })) as { items: Wf[]; metadata: { resourceVersion: string; continue?: string } };
      return { items: r.items, resourceVersion: r.metadata.resourceVersion, continue: r.metadata.continue };
    },
  };
}

/** Resolves once `cond` holds, re-checking whenever the ListWatch reports anything; rejects after `ms`. */
function until(lw: ListWatch<Wf>, cond: () => boolean, ms: number, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cond()) return resolve();
    const check = () => {
      if (!cond()) return;
      clearTimeout(timer);
      a.dispose();
      b.dispose();
      resolve();
    };
    const a = lw.onEvent(check);
    const b = lw.onStatus(check);
    const timer = setTimeout(() => {
      a.dispose();
      b.dispose();
      reject(new Error(`timed out: ${what()}`));
    }, ms);
  });
}

/** A small deterministic PRNG so a failing run can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const wf = (name: string, phase: string): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, namespace: 'argo' },
  spec: {},
  status: { phase },
});

describe('ListWatch against the simulated cluster (real client-node)', function () {
  this.timeout(120000);
  let cluster: DemoCluster;
  let kc: k8s.KubeConfig;

  beforeEach(async () => {
    cluster = await startDemoCluster({ clock: 'manual' });
    kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
  });
  afterEach(async () => cluster.close());

  const serverState = () =>
    new Map(cluster.world.list('Workflow', 'argo').map((o) => [`argo/${o.metadata.name}`, o.metadata.resourceVersion]));
  const cacheState = (lw: ListWatch<Wf>) => new Map([...lw.cache].map(([k, o]) => [k, o.metadata?.resourceVersion]));
  const same = (lw: ListWatch<Wf>) => {
    const a = serverState();
    const b = cacheState(lw);
    return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  };

  it('lists in pages, then follows adds, changes and deletes', async () => {
    for (let i = 0; i < 12; i++) cluster.world.put(wf(`wf-${i}`, 'Running'));
    const lw = new ListWatch(kc, workflowSource(kc, 'argo'), { pageSize: 5, initialBackoffMs: 20, maxBackoffMs: 200 });
    const events: string[] = [];
    lw.onEvent((e) =>
      e.type === 'progress'
        ? events.push(`progress:${e.loaded}`)
        : events.push(e.type === 'synced' ? 'synced' : `${e.type}:${e.object.metadata?.name}`),
    );
    lw.start();
    await until(
      lw,
      () => lw.status.state === 'synced' && lw.cache.size === 12,
      5000,
      () => `${lw.cache.size}`,
    );
    cluster.world.put(wf('wf-new', 'Pending'));
    cluster.world.put(wf('wf-3', 'Failed'));
    cluster.world.remove('Workflow', 'argo', 'wf-4');
    await until(
      lw,
      () => same(lw),
      5000,
      () => 'cache differs',
    );
    assert.ok(events.includes('added:wf-new') && events.includes('modified:wf-3') && events.includes('deleted:wf-4'));
    assert.equal(events.filter((e) => e === 'synced').length, 1);
    await lw.stop();
    assert.equal(lw.status.state, 'stopped');
  });

  it('converges to the server after each of 60 injected faults, with no lost or duplicated objects', async () => {
    const random = rng(7);
    for (let i = 0; i < 20; i++) cluster.world.put(wf(`wf-${i}`, 'Running'));
    const lw = new ListWatch(kc, workflowSource(kc, 'argo'), { pageSize: 7, initialBackoffMs: 10, maxBackoffMs: 100 });
    let deletes = 0;
    lw.onEvent((e) => {
      if (e.type === 'deleted') deletes++;
    });
    lw.start();
    await until(
      lw,
      () => same(lw),
      5000,
      () => 'initial sync',
    );
    const kinds = ['drop', '410', '500', '429', 'stall', 'compact'] as const;
    const counts: Record<string, number> = {};
    let next = 100;
    for (let round = 0; round < 60; round++) {
      const fault = kinds[round % kinds.length]!;
      counts[fault] = (counts[fault] ?? 0) + 1;
      switch (fault) {
        case 'drop':
          cluster.faults.dropWatches();
          break;
        case '410':
          cluster.faults.failNext({ status: 410, match: /watch=true/ });
          cluster.faults.dropWatches();
          break;
        case '500':
          cluster.faults.failNext({ status: 500, count: 2 });
          cluster.faults.dropWatches();
          break;
        case '429':
          cluster.faults.failNext({ status: 429 });
          cluster.faults.dropWatches();
          break;
        case 'stall':
          cluster.faults.stallStreams(150);
          break;
        case 'compact':
          cluster.faults.dropWatches();
          cluster.compact();
          break;
      }
      // The world keeps changing while the client recovers.
      for (let m = 0; m < 4; m++) {
        const r = random();
        const names = cluster.world.list('Workflow', 'argo').map((o) => o.metadata.name);
        if (r < 0.4 || names.length < 5) cluster.world.put(wf(`wf-${next++}`, 'Pending'));
        else if (r < 0.7)
          cluster.world.put(wf(names[Math.floor(random() * names.length)]!, random() < 0.5 ? 'Failed' : 'Succeeded'));
        else cluster.world.remove('Workflow', 'argo', names[Math.floor(random() * names.length)]!);
      }
      await until(
        lw,
        () => same(lw),
        15000,
        () =>
          `round ${round} (${fault}): server ${serverState().size}, cache ${lw.cache.size}, status ${lw.status.state}`,
      );
    }
    assert.ok(deletes > 0, 'deletions were observed');
    assert.equal(
      Object.values(counts).reduce((a, b) => a + b, 0),
      60,
    );
    await lw.stop();
  });

  it('reports a forbidden namespace as a status value, not an exception', async () => {
    const c2 = await startDemoCluster({ clock: 'manual', forbiddenNamespaces: ['restricted'] });
    const kc2 = new k8s.KubeConfig();
    kc2.loadFromString(c2.kubeconfig());
    const lw = new ListWatch(kc2, workflowSource(kc2, 'restricted'), { initialBackoffMs: 10 });
    lw.start();
    await until(
      lw,
      () => lw.status.state === 'forbidden',
      5000,
      () => lw.status.state,
    );
    const status = lw.status;
    assert.ok(
      status.state === 'forbidden' && status.error.kind === 'forbidden' && /403 Forbidden/.test(status.error.message),
    );
    await lw.stop();
    await c2.close();
  });

  it('reports an unreachable server with retries', async () => {
    const port = Number(new URL(cluster.url).port);
    await cluster.close();
    const lw = new ListWatch(kc, workflowSource(kc, 'argo'), { initialBackoffMs: 10, maxBackoffMs: 50 });
    lw.start();
    await until(
      lw,
      () => lw.status.state === 'retrying' && lw.status.attempt >= 2,
      10000,
      () => JSON.stringify(lw.status),
    );
    const status = lw.status;
    assert.ok(status.state === 'retrying' && status.error.kind === 'unreachable', JSON.stringify(status));
    await lw.stop();
    cluster = await startDemoCluster({ clock: 'manual', port }).catch(() => startDemoCluster({ clock: 'manual' }));
  });
});

describe('ListWatch scope and cancellation', function () {
  this.timeout(30000);
  it('watches all namespaces with "*", and stops when its AbortSignal fires', async () => {
    const cluster = await startDemoCluster({ clock: 'manual' });
    try {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(cluster.kubeconfig());
      cluster.world.put(wf('a', 'Running'));
      cluster.world.put({ ...wf('b', 'Failed'), metadata: { name: 'b', namespace: 'ml-team' } });
      const { argoSource } = await import('../../../src/kube/workflowSource');
      const lw = new ListWatch<Wf>(kc, argoSource<Wf>(kc, 'workflows', '*'));
      const controller = new AbortController();
      lw.start(controller.signal);
      await until(
        lw,
        () => lw.cache.size === 2,
        5000,
        () => 'both namespaces',
      );
      assert.deepEqual([...lw.cache.keys()].sort(), ['argo/a', 'ml-team/b']);
      const stopped = new Promise<void>((resolve) => lw.onStatus((s) => s.state === 'stopped' && resolve()));
      controller.abort();
      await stopped;
      await cluster.whenNoStreams(5000);
    } finally {
      await cluster.close();
    }
  });
});
