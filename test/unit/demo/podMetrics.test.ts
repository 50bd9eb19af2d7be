// The demo's metrics API, read through the real client-node: PodMetrics shaped as metrics-server's, for running
// pods only, moving in time; the over-provisioned and near-limit scenarios; a demo without the API.
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { nullLogger } from '../../../src/core/logger';
import { workflowNodes } from '../../../src/core/model/nodes';
import { podNameOfNode } from '../../../src/core/model/podName';
import { demoScenarios } from '../../../src/demo/scenarios/catalog';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import { ClientNodeKube } from '../../../src/kube/clientNodeKube';
import type { KObject } from '../../../src/kube/kubeClient';
import { readPodMetrics } from '../../../src/kube/podMetrics';
import { readStep } from '../../../src/kube/stepReads';
import { BackgroundUsage } from '../../../src/kube/backgroundUsage';
import { EvidenceStore } from '../../../src/kube/evidence';
import { UsageSampler } from '../../../src/kube/usageSampler';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const scenarios = demoScenarios.filter((s) => ['over-provisioned', 'near-memory-limit', 'etl-daily'].includes(s.id));

async function demo(opts: { metricsApi?: boolean } = {}): Promise<{ cluster: DemoCluster; kube: ClientNodeKube }> {
  const cluster = await startDemoCluster({ clock: 'manual', scenarios, ...opts });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(cluster.kubeconfig());
  return { cluster, kube: new ClientNodeKube(kc) };
}

/** Steps the clock until the workflow named `prefix…` has a running pod step; its workflow, node id and pod. */
function runningStep(cluster: DemoCluster, prefix: string): { wf: KObject; nodeId: string; pod: string } {
  for (let t = 0; t < 60; t++) {
    const wf = cluster.world.list('Workflow', 'argo').find((w) => w.metadata.name.startsWith(prefix)) as
      KObject | undefined;
    const nodes = wf ? workflowNodes(wf) : undefined;
    const n =
      nodes?.kind === 'nodes'
        ? Object.values(nodes.nodes).find((x) => x.type === 'Pod' && x.phase === 'Running')
        : undefined;
    if (wf && n) return { wf, nodeId: n.id, pod: podNameOfNode(wf, n) };
    cluster.advance(1000);
  }
  throw new Error(`no running step of ${prefix}`);
}

describe('demo metrics API', function () {
  this.timeout(30000);
  let cluster: DemoCluster;
  let kube: ClientNodeKube;

  before(async () => ({ cluster, kube } = await demo()));
  after(async () => cluster.close());

  it('is discovered, and answers PodMetrics as metrics-server does for a running pod', async () => {
    assert.deepEqual(await kube.servesApiGroup('metrics.k8s.io'), { ok: true, value: true });
    const { pod } = runningStep(cluster, 'feature-backfill');
    const r = await kube.getPodMetrics('argo', pod);
    assert.ok(r.ok);
    const pm = r.value as Record<string, unknown> & { containers: { name: string; usage: Record<string, string> }[] };
    assert.equal(pm.kind, 'PodMetrics');
    assert.equal(pm.apiVersion, 'metrics.k8s.io/v1beta1');
    assert.equal(pm.window, '15s');
    assert.match(String(pm.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(pm.containers.map((c) => c.name).sort(), ['main', 'wait']);
    for (const c of pm.containers) {
      assert.match(c.usage.cpu!, /^\d+n$/);
      assert.match(c.usage.memory!, /^\d+Ki$/);
    }
  });

  it('moves in time, and has nothing for a pod that is not running', async () => {
    const { pod } = runningStep(cluster, 'feature-backfill');
    const first = await readPodMetrics(kube, 'argo', pod);
    cluster.advance(30_000);
    const later = await readPodMetrics(kube, 'argo', pod);
    assert.ok(first.sample && later.sample);
    assert.ok(later.sample.at > first.sample.at);
    assert.notEqual(later.sample.containers[0]!.memory, first.sample.containers[0]!.memory);
    const gone = await kube.getPodMetrics('argo', 'no-such-pod');
    assert.ok(!gone.ok && gone.error.kind === 'notFound');
    assert.deepEqual(await readPodMetrics(kube, 'argo', 'no-such-pod'), { metrics: { state: 'served' } });
  });

  it('shows the over-provisioned step asking 8Gi and using about 600Mi, with a smaller request', async () => {
    const { wf, nodeId, pod } = runningStep(cluster, 'feature-backfill');
    let t = Date.parse('2026-01-01T00:00:00Z');
    const sampler = new UsageSampler(undefined, undefined, () => t);
    const ref = { context: 'demo', namespace: 'argo', workflow: wf.metadata!.name!, nodeId };
    for (let k = 0; k < 5; k++) {
      assert.equal(await sampler.sampleIfDue(kube, ref, pod), true);
      cluster.advance(15_000);
      t += 15_000;
    }
    const s = (await readStep(kube, wf, nodeId, undefined, undefined, undefined, {
      samples: sampler.samples(ref),
      metrics: sampler.metrics('demo'),
    }))!;
    const mem = s.usage!.rows.find((r) => r.container === 'main' && r.resource === 'memory')!;
    assert.equal(mem.request, '8Gi');
    assert.equal(mem.verdict, 'over-provisioned');
    const peak = Number(/^(\d+)Mi$/.exec(mem.peak!)![1]);
    assert.ok(peak > 540 && peak < 620, mem.peak);
    assert.match(mem.suggestedRequest!, /^(640|704|768)Mi$/);
    assert.match(s.usage!.lines[0]!, /^Request \d+Mi instead of 8Gi: the memory peak was \d+Mi/);
    assert.equal(
      s.usage!.rows.find((r) => r.container === 'main' && r.resource === 'cpu')!.verdict,
      'over-provisioned',
    );
  });

  it('shows the resize step near its memory limit', async () => {
    const { wf, nodeId, pod } = runningStep(cluster, 'thumbnail-resize');
    const sampler = new UsageSampler(undefined, { everyMs: 0, maxSamples: 240, absentRecheckMs: 0, saveEveryMs: 0 });
    const ref = { context: 'demo', namespace: 'argo', workflow: wf.metadata!.name!, nodeId };
    for (let k = 0; k < 8; k++) {
      await sampler.sampleIfDue(kube, ref, pod);
      cluster.advance(15_000);
    }
    const s = (await readStep(kube, wf, nodeId, undefined, undefined, undefined, { samples: sampler.samples(ref) }))!;
    const mem = s.usage!.rows.find((r) => r.container === 'main' && r.resource === 'memory')!;
    assert.equal(mem.verdict, 'near-limit', JSON.stringify(mem));
    assert.match(s.usage!.lines[0]!, /Risk of OOMKilled/);
  });
});

describe('demo usage sampled in the background', function () {
  this.timeout(30000);
  it('keeps what every running step used, without a panel, and shows it once the step has finished', async () => {
    const { cluster, kube } = await demo();
    try {
      const store = new EvidenceStore(mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-bg-usage-')), {
        maxBytes: 4 * 1024 * 1024,
        maxAgeMs: 86_400_000,
      });
      const sampler = new UsageSampler(store);
      const source = {
        context: 'demo',
        client: kube,
        workflows: () => new Map(cluster.world.list('Workflow', 'argo').map((w) => [w.metadata.name, w as KObject])),
      };
      const background = new BackgroundUsage(source, sampler, nullLogger);
      const { wf, nodeId } = runningStep(cluster, 'thumbnail-resize');
      const ref = { context: 'demo', namespace: 'argo', workflow: wf.metadata!.name!, nodeId };
      let sampled = 0;
      const stepPhase = () => {
        const w = cluster.world.get('Workflow', 'argo', ref.workflow) as KObject | undefined;
        const nodes = w ? workflowNodes(w) : undefined;
        return nodes?.kind === 'nodes' ? nodes.nodes[nodeId]?.phase : undefined;
      };
      for (let k = 0; k < 6; k++) {
        sampled += await background.round();
        cluster.advance(15_000);
      }
      // The step runs until the workflow is terminated (as `argo terminate` does).
      const patched = await kube.patchWorkflow('argo', ref.workflow, { spec: { shutdown: 'Terminate' } });
      assert.ok(patched.ok);
      for (let k = 0; k < 20 && stepPhase() === 'Running'; k++) cluster.advance(1000);
      assert.notEqual(stepPhase(), 'Running', 'the step finished');
      assert.ok(sampled > 1, `running steps were sampled (${sampled})`);
      const taken = sampler.samples(ref).length;
      assert.ok(taken >= 6, `one sample per round: ${taken}`);
      await background.round(); // the step no longer runs: its samples are written
      const kept = store.getUsage('demo', 'argo', ref.workflow, nodeId) ?? [];
      assert.equal(kept.length, taken, 'every sample kept with the evidence');
      const done = cluster.world.get('Workflow', 'argo', ref.workflow) as KObject;
      const s = (await readStep(kube, done, nodeId, undefined, undefined, undefined, { samples: kept }))!;
      const mem = s.usage!.rows.find((r) => r.container === 'main' && r.resource === 'memory')!;
      assert.equal(mem.verdict, 'near-limit', JSON.stringify(mem));
    } finally {
      await cluster.close();
    }
  });
});

describe('demo finished steps', function () {
  this.timeout(30000);
  it("carry Argo's resourcesDuration, which the panel shows when nothing was measured", async () => {
    const { cluster, kube } = await demo();
    try {
      let found: { wf: KObject; nodeId: string } | undefined;
      for (let t = 0; t < 120 && !found; t++) {
        const wf = cluster.world.list('Workflow', 'argo').find((w) => w.metadata.name.startsWith('etl-daily')) as
          KObject | undefined;
        const nodes = wf ? workflowNodes(wf) : undefined;
        const n =
          nodes?.kind === 'nodes'
            ? Object.values(nodes.nodes).find((x) => x.type === 'Pod' && x.phase === 'Succeeded')
            : undefined;
        if (wf && n) found = { wf, nodeId: n.id };
        else cluster.advance(1000);
      }
      assert.ok(found, 'no finished etl-daily step');
      const node = (workflowNodes(found.wf) as { nodes: Record<string, Record<string, unknown>> }).nodes[found.nodeId]!;
      const seconds = Math.floor((Date.parse(String(node.finishedAt)) - Date.parse(String(node.startedAt))) / 1000);
      const rd = node.resourcesDuration as { cpu: number; memory: number };
      // main: 500m → 1 whole core; wait: 10m → 1 (Argo rounds each container's cores up).
      assert.equal(rd.cpu, 2 * seconds);
      assert.ok(rd.memory > seconds, JSON.stringify(rd));
      const s = (await readStep(kube, found.wf, found.nodeId, undefined, undefined, undefined, { samples: [] }))!;
      assert.equal(s.usage!.source, 'argo');
      assert.match(s.usage!.lines.join('\n'), /Argo recorded \d+ CPU-seconds/);
    } finally {
      await cluster.close();
    }
  });
});

describe('demo without a metrics API', function () {
  this.timeout(30000);
  it('is not discovered, and the panel says so once', async () => {
    const { cluster, kube } = await demo({ metricsApi: false });
    try {
      assert.deepEqual(await kube.servesApiGroup('metrics.k8s.io'), { ok: true, value: false });
      const { wf, nodeId, pod } = runningStep(cluster, 'feature-backfill');
      const r = await readPodMetrics(kube, 'argo', pod);
      assert.equal(r.metrics.state, 'absent');
      const s = (await readStep(kube, wf, nodeId, undefined, undefined, undefined, {
        samples: [],
        metrics: r.metrics,
      }))!;
      assert.equal(s.usage!.source, 'none');
      assert.match(s.usage!.note!, /serves no metrics API/);
    } finally {
      await cluster.close();
    }
  });
});
