import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { workflowNodes } from '../../../src/core/model/nodes';
import { demoScenarios } from '../../../src/demo/scenarios/catalog';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import { ClientNodeKube } from '../../../src/kube/clientNodeKube';
import type { KObject } from '../../../src/kube/kubeClient';
import { gatherBundle } from '../../../src/kube/gatherBundle';
import { readStep } from '../../../src/kube/stepReads';

describe('step reads through the real client-node against the demo cluster', function () {
  this.timeout(30000);
  let cluster: DemoCluster;
  let kube: ClientNodeKube;

  before(async () => {
    cluster = await startDemoCluster({ clock: 'manual', scenarios: demoScenarios });
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
    kube = new ClientNodeKube(kc);
  });
  after(async () => {
    await cluster.close();
  });

  /** Steps the simulated clock until `name`'s failed pod node exists, then returns the workflow and node. */
  function failedStep(prefix: string, ns = 'argo'): { wf: KObject; nodeId: string } {
    for (let t = 0; t < 120; t++) {
      const wf = cluster.world.list('Workflow', ns).find((w) => w.metadata.name.startsWith(prefix)) as
        KObject | undefined;
      const nodes = wf ? workflowNodes(wf) : undefined;
      const failed =
        nodes?.kind === 'nodes'
          ? Object.values(nodes.nodes).find((n) => n.type === 'Pod' && (n.phase === 'Failed' || n.phase === 'Error'))
          : undefined;
      if (wf && failed) return { wf, nodeId: failed.id };
      cluster.advance(1000);
    }
    throw new Error(`no failed step of ${prefix}`);
  }

  it('reads the pod, containers, events and node of an OOM-killed step', async () => {
    const { wf, nodeId } = failedStep('features-build');
    const s = (await readStep(kube, wf, nodeId))!;
    assert.equal(s.pod.state, 'present');
    if (s.pod.state !== 'present') return;
    const main = s.pod.containers.find((c) => c.name === 'main')!;
    assert.equal(main.reason, 'OOMKilled');
    assert.equal(main.exitCode, 137);
    assert.ok(
      s.events.some((e) => e.object === 'Pod' && e.reason === 'Scheduled'),
      JSON.stringify(s.events.map((e) => e.reason)),
    );
    assert.equal(s.node.state, 'present');
    if (s.node.state === 'present') assert.ok(s.node.zone, 'the node has a zone');
    assert.ok(s.placement.length >= 2);
    assert.ok(s.zones.length >= 1);
  });

  it('says the node went NotReady mid-step, and that a garbage-collected pod is gone', async () => {
    // Step until the Spark step's node has stopped reporting: as on a real cluster, Argo keeps the step Running
    // while its pod is Terminating, until the node comes back 40 s later and the pod is deleted.
    let found: { wf: KObject; nodeId: string } | undefined;
    for (let t = 0; t < 300 && !found; t++) {
      const wf = cluster.world
        .list('Workflow', 'ml-team')
        .find((w) => w.metadata.name.startsWith('spark-aggregate')) as KObject | undefined;
      const nodes = wf ? workflowNodes(wf) : undefined;
      const step =
        nodes?.kind === 'nodes'
          ? Object.values(nodes.nodes).find((n) => n.type === 'Pod' && n.hostNodeName)
          : undefined;
      const node =
        step &&
        (cluster.world.get('Node', undefined, step.hostNodeName!) as unknown as {
          status: { conditions: { type: string; status: string }[] };
        });
      if (wf && step && node && node.status.conditions.some((c) => c.type === 'Ready' && c.status !== 'True'))
        found = { wf, nodeId: step.id };
      else cluster.advance(1000);
    }
    assert.ok(found, 'the Spark step ran on a node that stopped reporting');
    const s = (await readStep(kube, found.wf, found.nodeId))!;
    assert.equal(s.node.state, 'present');
    if (s.node.state === 'present')
      assert.ok(
        s.node.banners.some((b) => /NotReady/.test(b.text)),
        JSON.stringify(s.node),
      );
    // The pod waits, Terminating, for a kubelet that does not answer; when the node returns it is deleted.
    cluster.advance(8000);
    const terminating = cluster.world
      .list('Pod', 'ml-team')
      .find((p) => p.metadata.labels?.['workflows.argoproj.io/workflow'] === found!.wf.metadata!.name);
    assert.ok(terminating?.metadata.deletionTimestamp, 'the pod is Terminating');
    const lost = failedStep('spark-aggregate', 'ml-team');
    assert.equal(
      (workflowNodes(lost.wf) as { nodes: Record<string, { message?: string }> }).nodes[lost.nodeId]!.message,
      'pod deleted',
    );
    // The OOM step's pod is garbage-collected a minute after it fails.
    const oom = failedStep('features-build');
    const recorded = await gatherBundle(kube, oom.wf, oom.nodeId);
    cluster.advance(90_000);
    const wf2 = cluster.world.get('Workflow', 'argo', oom.wf.metadata!.name!) as KObject;
    const gone = (await readStep(kube, wf2, oom.nodeId))!;
    assert.equal(gone.pod.state, 'gone', JSON.stringify(gone.pod));
    assert.match(gone.pod.state === 'gone' ? gone.pod.message : '', /no longer exists/);
    // With the evidence recorded when it failed, the panel still shows the pod and its containers, and says so.
    const fromEvidence = (await readStep(kube, wf2, oom.nodeId, new Map(), new Date(), recorded))!;
    assert.equal(fromEvidence.pod.state, 'present');
    assert.ok(fromEvidence.recordedAt);
    if (fromEvidence.pod.state === 'present')
      assert.equal(fromEvidence.pod.containers.find((c) => c.name === 'main')?.reason, 'OOMKilled');
  });
});
