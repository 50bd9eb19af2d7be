import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import * as path from 'node:path';
import { KNOWN_SIGNATURES } from '../../../src/core/diagnose/diagnose';
import { demoScenarios } from '../../../src/demo/scenarios/catalog';
import { argoPodName, fnv32a } from '../../../src/core/model/podName';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import type { KubeObject } from '../../../src/demo/world';
import { FAILURES } from '../../support/paths';

type Wf = KubeObject & {
  status: {
    phase: string;
    message?: string;
    nodes: Record<
      string,
      { id: string; phase: string; children?: string[]; boundaryID?: string; message?: string; type: string }
    >;
  };
};

describe('demo scenarios', function () {
  this.timeout(30000);
  let cluster: DemoCluster;
  before(async () => {
    cluster = await startDemoCluster({ clock: 'manual', scenarios: demoScenarios });
  });
  after(async () => cluster.close());

  it('name pods the way Argo does (fnv32a of the node name)', () => {
    assert.equal(fnv32a(''), 0x811c9dc5);
    assert.equal(fnv32a('a'), 0xe40c292c);
    assert.equal(fnv32a('foobar'), 0xbf9cf968);
    assert.equal(argoPodName('wf-x', 'wf-x.step', 'step'), `wf-x-step-${fnv32a('wf-x.step')}`);
    assert.equal(argoPodName('wf-x', 'wf-x', 'main'), 'wf-x');
  });

  it('only name root causes that exist in the failure taxonomy (or, for waiting, among the engine signatures)', () => {
    const raw = JSON.parse(readFileSync(path.join(FAILURES, 'signatures.json'), 'utf8')) as
      { id: string }[] | { signatures: { id: string }[] };
    const ids = new Set((Array.isArray(raw) ? raw : raw.signatures).map((s) => s.id));
    for (const s of demoScenarios)
      if (s.waits) ids.add(KNOWN_SIGNATURES.includes(s.expectedRootCause ?? '') ? s.expectedRootCause! : '');
    for (const s of demoScenarios)
      if (s.expectedRootCause) assert.ok(ids.has(s.expectedRootCause), `${s.id}: ${s.expectedRootCause}`);
  });

  it('play realistic failures to the end, with consistent node trees', async () => {
    const seen = new Map<string, Wf>();
    // Ten simulated minutes in one-second steps; remember every workflow's last state.
    for (let i = 0; i < 600; i++) {
      cluster.advance(1000);
      for (const ns of ['argo', 'ml-team'])
        for (const w of cluster.world.list('Workflow', ns) as Wf[]) seen.set(w.metadata.name, w);
    }
    const byPrefix = (p: string) =>
      [...seen.values()].filter(
        (w) => w.metadata.name.startsWith(p) && ['Failed', 'Error', 'Succeeded'].includes(w.status.phase),
      );
    assert.ok(seen.size >= 15, `${seen.size} workflows`);
    for (const w of seen.values()) {
      for (const n of Object.values(w.status.nodes ?? {})) {
        for (const c of n.children ?? [])
          assert.ok(w.status.nodes[c], `${w.metadata.name}: child ${c} of ${n.id} missing`);
        if (n.boundaryID)
          assert.ok(w.status.nodes[n.boundaryID], `${w.metadata.name}: boundary ${n.boundaryID} missing`);
      }
    }
    const oom = byPrefix('features-build')[0]!;
    assert.equal(oom.status.phase, 'Failed');
    assert.ok(Object.values(oom.status.nodes).some((n) => n.message === 'main: OOMKilled (exit code 137)'));
    assert.equal(byPrefix('etl-daily')[0]!.status.phase, 'Succeeded');
    // Like the real workflow-controller: a step whose image cannot be pulled waits until its deadline.
    assert.ok(
      Object.values(byPrefix('weekly-report')[0]!.status.nodes).some((n) => n.message === 'Step exceeded its deadline'),
    );
    assert.ok(
      Object.values(byPrefix('train-resnet')[0]!.status.nodes).some((n) =>
        /Unschedulable: 0\/5 nodes are available/.test(n.message ?? ''),
      ),
    );
    const lost = byPrefix('spark-aggregate')[0]!;
    assert.equal(lost.status.phase, 'Error');
    assert.ok(Object.values(lost.status.nodes).some((n) => n.message === 'pod deleted'));
    const messageOf = (prefix: string) =>
      byPrefix(prefix).flatMap((w) => Object.values(w.status.nodes ?? {}).map((n) => n.message ?? ''));
    assert.ok(messageOf('embed-documents').includes('Step exceeded its deadline'));
    assert.ok(messageOf('prepare-training-set').includes('init: OOMKilled (exit code 137)'));
    assert.ok(messageOf('predict-churn').includes('wait: OOMKilled (exit code 137)'));
    assert.ok(
      messageOf('load-warehouse').some((m) =>
        /CreateContainerConfigError: secret "warehouse-credentials" not found/.test(m),
      ),
    );
    assert.ok(messageOf('dedupe-logs').some((m) => /evicted: The node was low on resource: ephemeral-storage/.test(m)));
    assert.ok(messageOf('monthly-rollup').includes('Step exceeded its deadline'));
    assert.ok(messageOf('export-metrics').some((m) => /workflowtaskresults.argoproj.io is forbidden/.test(m)));
    assert.ok(messageOf('train-report').some((m) => /configure artifact storage/.test(m)));
    const retry = byPrefix('batch-scoring')[0]!;
    const retryNode = Object.values(retry.status.nodes).find((n) => n.type === 'Retry')!;
    assert.equal(retryNode.message, 'No more retries left');
    assert.deepEqual(
      retryNode.children!.map((c) => retry.status.nodes[c]!.message),
      ['main: Error (exit code 1)', 'main: OOMKilled (exit code 137)', 'main: Error (exit code 1)'],
    );
    // The large fan-out stores its nodes compressed, as the controller does.
    const big = byPrefix('backfill-partitions')[0] as unknown as { status: { compressedNodes: string } };
    const { gunzipSync } = await import('node:zlib');
    const decoded = JSON.parse(
      gunzipSync(Buffer.from(big.status.compressedNodes, 'base64')).toString('utf8'),
    ) as Record<string, { phase: string }>;
    assert.equal(Object.keys(decoded).length, 3002);
    assert.equal(Object.values(decoded).filter((n) => n.phase === 'Failed').length, 19);
    // Pod GC removed the OOM-killed pod: its evidence is gone from the cluster.
    const oomPods = cluster.world
      .list('Pod', 'argo')
      .filter((p) => p.metadata.labels?.['workflows.argoproj.io/workflow'] === oom.metadata.name);
    assert.deepEqual(oomPods, []);
    // A workflow keeps streaming logs.
    const streaming = cluster.world.list('Pod', 'argo').find((p) => p.metadata.name.startsWith('ingest-clickstream'));
    assert.ok(streaming && cluster.store.readLog('argo', streaming.metadata.name, 'main', false).length > 10);
  });
});

describe("demo workflows carry Argo's phase and completed labels", function () {
  this.timeout(30000);
  let cluster: DemoCluster;
  before(async () => {
    cluster = await startDemoCluster({ clock: 'manual', scenarios: demoScenarios });
  });
  after(async () => cluster.close());

  it('completed=true on every finished workflow, never on an unfinished one, at every change', async () => {
    const wrong: string[] = [];
    const phases = new Map<string, Set<string>>();
    const stop = cluster.store.subscribe((e) => {
      if (e.kind !== 'Workflow' || e.type === 'DELETED') return;
      const { name, labels = {} } = e.object.metadata;
      const phase = (e.object.status as { phase?: string } | undefined)?.phase ?? '';
      const completed = labels['workflows.argoproj.io/completed'];
      phases.set(name, (phases.get(name) ?? new Set()).add(phase));
      // As Argo's markWorkflowPhase: no labels before the first phase, then phase and completed=false, then true.
      const want = !phase
        ? { phase: undefined, completed: undefined }
        : { phase, completed: ['Succeeded', 'Failed', 'Error'].includes(phase) ? 'true' : 'false' };
      if (labels['workflows.argoproj.io/phase'] !== want.phase || completed !== want.completed)
        wrong.push(`${name} (${phase || 'no phase'}): ${JSON.stringify(labels)}`);
    });
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const where = { group: 'argoproj.io', version: 'v1alpha1', namespace: 'argo', plural: 'workflows' };
    const submit = async (name: string) =>
      api.createNamespacedCustomObject({
        ...where,
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { name },
          spec: { entrypoint: 'main' },
        },
      });
    try {
      await submit('submitted-ok');
      await submit('submitted-stopped');
      for (let i = 0; i < 600; i++) {
        cluster.advance(1000);
        if (i === 2)
          await api.patchNamespacedCustomObject(
            { ...where, name: 'submitted-stopped', body: { spec: { shutdown: 'Stop' } } },
            k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
          );
      }
    } finally {
      stop();
    }
    assert.deepEqual(wrong, []);
    // Every kind of workflow was seen running and finished: the scenarios', a submitted one's, a stopped one's.
    const seenIn = (phase: string) => [...phases].filter(([, ps]) => ps.has(phase)).map(([n]) => n);
    assert.ok(seenIn('Running').length >= 10, `running: ${seenIn('Running').join(', ')}`);
    for (const phase of ['Succeeded', 'Failed', 'Error']) assert.ok(seenIn(phase).length > 0, `none ${phase}`);
    assert.deepEqual([...phases.get('submitted-ok')!], ['', 'Running', 'Succeeded']);
    assert.deepEqual([...phases.get('submitted-stopped')!], ['', 'Running', 'Failed']);
    // What a client that lists the two halves apart sees: the unfinished by `completed!=true`, the rest by `=true`.
    for (const ns of ['argo', 'ml-team']) {
      const list = async (labelSelector: string) =>
        (
          (await api.listNamespacedCustomObject({ ...where, namespace: ns, labelSelector })) as {
            items: KubeObject[];
          }
        ).items.map((w) => (w.status as { phase: string }).phase);
      const open = await list('workflows.argoproj.io/completed!=true');
      const done = await list('workflows.argoproj.io/completed=true');
      assert.ok(
        open.every((p) => p === 'Running' || p === 'Pending'),
        `${ns}: ${open.join(', ')}`,
      );
      assert.ok(
        done.every((p) => ['Succeeded', 'Failed', 'Error'].includes(p)),
        `${ns}: ${done.join(', ')}`,
      );
      assert.equal(open.length + done.length, cluster.world.list('Workflow', ns).length);
    }
  });
});

describe("the demo's workflow controller, like Argo's, leaves workflows labelled completed alone", function () {
  this.timeout(30000);
  let cluster: DemoCluster;
  before(async () => {
    cluster = await startDemoCluster({ clock: 'manual' });
  });
  after(async () => cluster.close());

  it('runs neither a workflow submitted as completed nor one labelled completed while it runs', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const where = { group: 'argoproj.io', version: 'v1alpha1', namespace: 'argo', plural: 'workflows' };
    const submit = (name: string, labels: Record<string, string> = {}) =>
      api.createNamespacedCustomObject({
        ...where,
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { name, labels },
          spec: { entrypoint: 'main' },
        },
      });
    const phase = (name: string) =>
      (cluster.world.get('Workflow', 'argo', name)?.status as { phase?: string } | undefined)?.phase;
    await submit('born-completed', { 'workflows.argoproj.io/completed': 'true' });
    await submit('labelled-later');
    await submit('left-alone');
    cluster.advance(2000);
    assert.equal(phase('labelled-later'), 'Running');
    await api.patchNamespacedCustomObject(
      {
        ...where,
        name: 'labelled-later',
        body: { metadata: { labels: { 'workflows.argoproj.io/completed': 'true' } } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    for (let i = 0; i < 20; i++) cluster.advance(1000);
    assert.equal(phase('left-alone'), 'Succeeded', 'the controller ran the others meanwhile');
    assert.equal(phase('born-completed'), undefined);
    assert.equal(phase('labelled-later'), 'Running');
  });
});
