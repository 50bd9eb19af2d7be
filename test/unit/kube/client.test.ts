import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { demoScenarios } from '../../../src/demo/scenarios/catalog';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import { ClientNodeKube } from '../../../src/kube/clientNodeKube';

describe('ClientNodeKube against the demo cluster', function () {
  this.timeout(30000);
  let cluster: DemoCluster;
  let kube: ClientNodeKube;

  before(async () => {
    cluster = await startDemoCluster({
      clock: 'manual',
      scenarios: demoScenarios,
      forbiddenNamespaces: ['restricted'],
    });
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
    kube = new ClientNodeKube(kc);
    for (let i = 0; i < 25; i++) cluster.advance(1000);
  });
  after(async () => cluster.close());

  it('reads workflows, their pods, events and nodes', async () => {
    const wfs = await kube.listArgo('workflows', 'argo');
    assert.ok(wfs.ok && wfs.value.length >= 3);
    const oom = wfs.ok ? wfs.value.find((w) => w.metadata?.name?.startsWith('features-build')) : undefined;
    assert.ok(oom);
    const pods = await kube.listWorkflowPods('argo', oom.metadata!.name!);
    assert.ok(pods.ok && pods.value.length === 2, JSON.stringify(pods));
    const failedPod = pods.value.find((p) => (p.status as { phase?: string }).phase === 'Failed')!;
    const events = await kube.listEventsFor({ kind: 'Pod', name: failedPod.metadata!.name!, namespace: 'argo' });
    assert.ok(events.ok && events.value.some((e) => e.reason === 'Started'));
    const node = await kube.getNode((failedPod.spec as { nodeName: string }).nodeName);
    assert.ok(node.ok && (node.value.metadata?.labels ?? {})['topology.kubernetes.io/zone']);
    const ns = await kube.listNamespaces();
    assert.ok(ns.ok && ns.value.includes('ml-team'));
  });

  it('returns expected failures as values: not found, forbidden, unreachable', async () => {
    const missing = await kube.getWorkflow('argo', 'nope');
    assert.ok(!missing.ok && missing.error.kind === 'notFound');
    const forbidden = await kube.listArgo('workflows', 'restricted');
    assert.ok(!forbidden.ok && forbidden.error.kind === 'forbidden');
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig().replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9'));
    const down = await new ClientNodeKube(kc).listArgo('workflows', 'argo');
    assert.ok(!down.ok && down.error.kind === 'unreachable', JSON.stringify(down));
  });

  it('streams logs in line batches and can be aborted', async () => {
    const pod = cluster.world.list('Pod', 'argo').find((p) => p.metadata.name.startsWith('ingest-clickstream'))!;
    const lines: string[] = [];
    const controller = new AbortController();
    let onLine: () => void = () => {};
    let onFirst: () => void = () => {};
    const gotMore = new Promise<void>((r) => (onLine = r));
    const gotFirst = new Promise<void>((r) => (onFirst = r));
    const reading = kube.readPodLog({
      namespace: 'argo',
      pod: pod.metadata.name,
      container: 'main',
      follow: true,
      tailLines: 3,
      signal: controller.signal,
      onLines: (batch) => {
        lines.push(...batch);
        onFirst();
        if (lines.some((l) => l.includes('processed batch 20'))) onLine();
      },
    });
    await gotFirst; // the tail arrived: the stream is following now
    for (let i = 0; i < 30; i++) cluster.advance(1000);
    await gotMore;
    controller.abort();
    const result = await reading;
    assert.ok(result.ok || result.error.kind === 'aborted');
    assert.ok(lines.length >= 4);
  });

  it('stops, resubmits and deletes workflows', async () => {
    const running = await kube.listArgo('workflows', 'argo');
    const stream = running.ok
      ? running.value.find((w) => w.metadata?.name?.startsWith('ingest-clickstream'))!
      : undefined;
    assert.ok(stream);
    const stopped = await kube.patchWorkflow('argo', stream.metadata!.name!, { spec: { shutdown: 'Stop' } });
    assert.ok(stopped.ok);
    assert.equal(
      (cluster.world.get('Workflow', 'argo', stream.metadata!.name!)!.status as { phase: string }).phase,
      'Failed',
    );
    const again = await kube.resubmitWorkflow('argo', stream);
    assert.ok(again.ok && again.value.metadata?.name?.startsWith('ingest-clickstream-'));
    assert.notEqual(again.value.metadata?.name, stream.metadata?.name);
    const del = await kube.deleteWorkflow('argo', again.value.metadata!.name!);
    assert.ok(del.ok);
    assert.equal(cluster.world.get('Workflow', 'argo', again.value.metadata!.name!), undefined);
  });
});
