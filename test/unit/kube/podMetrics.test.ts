// The metrics API reader and the usage sampler above an in-memory cluster (test/support/fakeKube.ts).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { UsageSample } from '../../../src/core/model/usage';
import { EvidenceStore } from '../../../src/kube/evidence';
import { readPodMetrics, sampleOfPodMetrics } from '../../../src/kube/podMetrics';
import { UsageSampler } from '../../../src/kube/usageSampler';
import { FakeKube } from '../../support/fakeKube';

const MI = 1024 ** 2;

/** A PodMetrics object exactly as metrics-server answers it. */
const podMetrics = (name: string, at: string, memoryKi: number, cpuNano: number) => ({
  kind: 'PodMetrics',
  apiVersion: 'metrics.k8s.io/v1beta1',
  metadata: { name, namespace: 'argo', creationTimestamp: at },
  timestamp: at,
  window: '15.012s',
  containers: [
    { name: 'main', usage: { cpu: `${cpuNano}n`, memory: `${memoryKi}Ki` } },
    { name: 'wait', usage: { cpu: '1234567n', memory: '20480Ki' } },
  ],
});

describe('metrics API reader', () => {
  it('reads PodMetrics as cores and bytes per container', async () => {
    const kube = new FakeKube();
    kube.podMetrics.set('argo/p', podMetrics('p', '2026-01-01T00:00:00Z', 614400, 250_000_000));
    const r = await readPodMetrics(kube, 'argo', 'p');
    assert.deepEqual(r.metrics, { state: 'served' });
    assert.deepEqual(r.sample, {
      at: '2026-01-01T00:00:00.000Z',
      containers: [
        { name: 'main', cpu: 0.25, memory: 600 * MI },
        { name: 'wait', cpu: 0.001234567, memory: 20 * MI },
      ],
    });
  });

  it('tells a cluster without the metrics API from a pod not measured yet', async () => {
    const kube = new FakeKube();
    assert.deepEqual(await readPodMetrics(kube, 'argo', 'p'), { metrics: { state: 'served' } });
    kube.metricsApi = false;
    const absent = await readPodMetrics(kube, 'argo', 'p');
    assert.equal(absent.metrics.state, 'absent');
    assert.equal(absent.sample, undefined);
  });

  it('answers a forbidden read or a broken answer with a value', async () => {
    const kube = new FakeKube().fail('getPodMetrics', {
      kind: 'forbidden',
      message: 'pods.metrics.k8s.io is forbidden',
    });
    assert.deepEqual(await readPodMetrics(kube, 'argo', 'p'), {
      metrics: { state: 'forbidden', message: 'pods.metrics.k8s.io is forbidden' },
    });
    const broken = new FakeKube();
    broken.podMetrics.set('argo/p', { kind: 'PodMetrics', timestamp: 'yesterday', containers: 'x' } as never);
    assert.equal((await readPodMetrics(broken, 'argo', 'p')).metrics.state, 'unavailable');
    for (const bad of [null, 1, {}, { timestamp: '2026-01-01T00:00:00Z', containers: [{ usage: {} }] }])
      assert.equal(sampleOfPodMetrics(bad), undefined);
  });
});

describe('usage sampler', () => {
  const step = { context: 'ctx', namespace: 'argo', workflow: 'wf', nodeId: 'wf-1' };
  let t = 0;
  let kube: FakeKube;
  let store: EvidenceStore;
  const put = (at: number, memoryKi: number) =>
    kube.podMetrics.set('argo/p', podMetrics('p', new Date(at).toISOString(), memoryKi, 100_000_000));

  beforeEach(() => {
    t = Date.parse('2026-01-01T00:00:00Z');
    kube = new FakeKube();
    store = new EvidenceStore(mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-usage-')), {
      maxBytes: 1024 * 1024,
      maxAgeMs: 86_400_000,
    });
  });

  it('samples at most every interval, skips repeated measurements, keeps a bounded history on disk', async () => {
    const sampler = new UsageSampler(
      store,
      { everyMs: 15_000, maxSamples: 3, absentRecheckMs: 600_000, saveEveryMs: 60_000 },
      () => t,
    );
    put(t, 1000);
    assert.equal(await sampler.sampleIfDue(kube, step, 'p'), true);
    assert.equal(await sampler.sampleIfDue(kube, step, 'p'), false, 'too soon');
    t += 15_000;
    assert.equal(await sampler.sampleIfDue(kube, step, 'p'), false, 'the metrics API has not measured again');
    for (let k = 1; k <= 4; k++) {
      t += 15_000;
      put(t, 1000 + k);
      assert.equal(await sampler.sampleIfDue(kube, step, 'p'), true);
    }
    assert.deepEqual(
      sampler.samples(step).map((s) => s.containers[0]!.memory),
      [1002 * 1024, 1003 * 1024, 1004 * 1024],
    );
    assert.equal(kube.calls.filter((c) => c.method === 'getPodMetrics').length, 6);
    // The pod is gone and the panel closed: the samples come back from the evidence store.
    kube.podMetrics.clear();
    sampler.release(step);
    assert.equal(new UsageSampler(store, undefined, () => t).samples(step).length, 3);
    assert.equal(sampler.samples(step).length, 3);
  });

  it('stops asking a cluster without a metrics API, and says so', async () => {
    kube.metricsApi = false;
    const sampler = new UsageSampler(
      undefined,
      { everyMs: 15_000, maxSamples: 240, absentRecheckMs: 600_000, saveEveryMs: 60_000 },
      () => t,
    );
    assert.equal(await sampler.sampleIfDue(kube, step, 'p'), false);
    assert.equal(sampler.metrics('ctx')?.state, 'absent');
    t += 60_000;
    await sampler.sampleIfDue(kube, { ...step, nodeId: 'wf-2' }, 'q');
    assert.equal(kube.calls.filter((c) => c.method === 'getPodMetrics').length, 1, 'not asked again within 10 minutes');
    t += 600_000;
    await sampler.sampleIfDue(kube, step, 'p');
    assert.equal(kube.calls.filter((c) => c.method === 'getPodMetrics').length, 2);
  });

  it('samples every running step of a namespace with one read, writes to disk at most every minute and at the end', async () => {
    const writes: string[] = [];
    const keeper = {
      getUsage: (c: string, n: string, w: string, id: string) => store.getUsage(c, n, w, id),
      putUsage: (c: string, n: string, w: string, id: string, samples: UsageSample[]) => {
        writes.push(`${id}:${samples.length}`);
        store.putUsage(c, n, w, id, samples);
      },
    };
    const sampler = new UsageSampler(
      keeper,
      { everyMs: 15_000, maxSamples: 240, absentRecheckMs: 600_000, saveEveryMs: 60_000 },
      () => t,
    );
    const a = { key: step, pod: 'p' };
    const b = { key: { ...step, nodeId: 'wf-2' }, pod: 'q' };
    const measure = () => {
      put(t, 1000);
      kube.podMetrics.set('argo/q', podMetrics('q', new Date(t).toISOString(), 2000, 100_000_000));
      kube.podMetrics.set('other/p', podMetrics('p', new Date(t).toISOString(), 9, 1));
    };
    for (let round = 0; round < 5; round++) {
      measure();
      assert.equal(await sampler.sampleRunning(kube, 'ctx', 'argo', [a, b]), 2, `round ${round}`);
      t += 15_000;
    }
    assert.equal(kube.calls.filter((c) => c.method === 'listPodMetrics').length, 5, 'one read per round');
    assert.equal(kube.calls.filter((c) => c.method === 'getPodMetrics').length, 0);
    assert.deepEqual(writes, ['wf-1:1', 'wf-2:1', 'wf-1:5', 'wf-2:5'], 'first sample, then a minute later');
    assert.deepEqual(
      sampler.samples(b.key).map((x) => x.containers[0]!.memory),
      Array(5).fill(2000 * 1024),
      "the other namespace's pod of the same name is not mixed in",
    );
    // A panel closing on a step still sampled in the background keeps its samples.
    sampler.release(a.key);
    measure();
    await sampler.sampleRunning(kube, 'ctx', 'argo', [a, b]);
    t += 15_000;
    assert.equal(sampler.samples(a.key).length, 6);
    // wf-1 ended: its unsaved samples are written, and read back from disk once forgotten.
    await sampler.sampleRunning(kube, 'ctx', 'argo', [b]);
    assert.ok(writes.includes('wf-1:6'), writes.join(' '));
    assert.equal(new UsageSampler(store, undefined, () => t).samples(a.key).length, 6);
  });

  it('does not ask a namespace again soon when its metrics cannot be read', async () => {
    kube.metricsApi = false;
    const sampler = new UsageSampler(undefined, undefined, () => t);
    const running = [{ key: step, pod: 'p' }];
    assert.equal(await sampler.sampleRunning(kube, 'ctx', 'argo', running), 0);
    assert.equal(sampler.metrics('ctx')?.state, 'absent');
    t += 60_000;
    await sampler.sampleRunning(kube, 'ctx', 'argo', running);
    assert.equal(kube.calls.filter((c) => c.method === 'listPodMetrics').length, 1);
    assert.equal(await sampler.sampleRunning(kube, 'ctx', 'argo', []), 0, 'nothing running: nothing read');
    kube.metricsApi = true;
    t += 600_000;
    put(t, 1000);
    assert.equal(await sampler.sampleRunning(kube, 'ctx', 'argo', running), 1);
    assert.equal(sampler.metrics('ctx')?.state, 'served');
  });
});
