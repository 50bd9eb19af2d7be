// The demo's cost and scale-health scenarios: what they leave in the cluster reads, through the same code the
// extension uses, as a run with a cost (a retry, a resubmit that re-ran succeeded steps) and as a crowded namespace.
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { costInsight } from '../../../src/core/diagnose/costInsight';
import { runUsage, priceOfRunUsage, workflowCost } from '../../../src/core/model/cost';
import { scaleHealth } from '../../../src/core/model/scaleHealth';
import type { Workflow } from '../../../src/core/model/workflow';
import { metadataOnlyWorkflow } from '../../../src/core/model/workflowSummary';
import { demoScenarios } from '../../../src/demo/scenarios/catalog';
import {
  COSTLY_NS,
  COSTLY_ORIGINAL,
  COSTLY_RESUBMIT,
  costlyRunsScenario,
} from '../../../src/demo/scenarios/costlyRuns';
import {
  BULK_INGEST,
  CROWDED_FINISHED,
  CROWDED_NS,
  crowdedNamespaceScenario,
} from '../../../src/demo/scenarios/crowdedNamespace';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import { ClientNodeKube } from '../../../src/kube/clientNodeKube';
import { readNodeZones } from '../../../src/kube/nodeZones';

const prices = { cpuHour: 0.04, memoryGiBHour: 0.005, gpuHour: 2.5, currency: '$' };

describe('demo scenarios: cost and scale health', function () {
  this.timeout(20000);
  let c: DemoCluster;
  before(async () => {
    c = await startDemoCluster({ clock: 'manual', scenarios: [costlyRunsScenario(), crowdedNamespaceScenario()] });
    c.advance(0);
  });
  after(async () => c?.close());

  it('are demo scenarios', () => {
    for (const id of ['costly-runs', 'crowded-namespace']) assert.ok(demoScenarios.some((s) => s.id === id));
  });

  it('leave a retried run and its resubmit whose cost shows the retry and the re-run steps', () => {
    const original = c.world.get('Workflow', COSTLY_NS, COSTLY_ORIGINAL) as Workflow;
    const again = c.world.get('Workflow', COSTLY_NS, COSTLY_RESUBMIT) as Workflow;
    assert.equal(original.status?.phase, 'Failed');
    assert.equal(again.status?.phase, 'Succeeded');
    const first = workflowCost(original, prices)!;
    assert.equal(first.retries.attempts, 1);
    assert.equal(first.steps.length, 4);
    assert.ok(first.steps.every((s) => s.source === 'argo'));
    // train: 8 cores, 60Gi, 1 GPU for 35 + 98 minutes dominates.
    assert.ok(first.cost.gpu > first.cost.cpu && first.cost.total > 5, `${first.cost.total}`);
    const second = workflowCost(again, prices, { previous: original })!;
    assert.deepEqual(second.reruns?.steps, 2);
    const i = costInsight(again, prices, { previous: original })!;
    assert.match(i.title, /^This run cost ~\$\d+\.\d\d \(CPU .*\); re-run succeeded steps \$\d+\.\d\d\.$/);
    assert.match(i.detail, /Most expensive: train \(\$\d+\.\d\d\)/);
    // Without node status there are no steps to price.
    const fromTotal = workflowCost({ ...again, status: { ...again.status, nodes: undefined } }, prices);
    assert.equal(fromTotal, undefined);
  });

  it('leave a crowded namespace and a running fan-out near the size limit, found as the sidebar finds them', () => {
    const all = c.world.list('Workflow', CROWDED_NS) as Workflow[];
    assert.equal(all.length, CROWDED_FINISHED + 1);
    // As the store keeps them: finished ones by their metadata, the running one whole.
    const kept = all.map((wf) =>
      wf.metadata?.labels?.['workflows.argoproj.io/completed'] === 'true' ? metadataOnlyWorkflow(wf.metadata) : wf,
    );
    const whole = (wf: Workflow) => wf.metadata?.name === BULK_INGEST;
    const f = scaleHealth(kept, whole, c.world.now());
    assert.deepEqual(f.map((x) => x.kind).sort(), ['fan-out', 'kept', 'size']);
    assert.match(
      f.find((x) => x.kind === 'kept')!.title,
      /^300 completed workflows kept in crowded, the oldest 25 days old$/,
    );
    assert.match(
      f.find((x) => x.kind === 'size')!.title,
      /^bulk-ingest-5tq8n is near the size limit of an object \(1\.\d\d MB, 3,202 nodes\)$/,
    );
    assert.match(f.find((x) => x.kind === 'fan-out')!.title, /3,200 pods at once/);
  });
});

describe('demo scenarios: a costly run with a step on the spot node', function () {
  this.timeout(20000);
  let c: DemoCluster;
  let kube: ClientNodeKube;
  before(async () => {
    const infrastructure = demoScenarios.find((s) => s.id === 'infrastructure')!;
    c = await startDemoCluster({ clock: 'manual', scenarios: [infrastructure, costlyRunsScenario()] });
    c.advance(0);
    const kc = new k8s.KubeConfig();
    kc.loadFromString(c.kubeconfig());
    kube = new ClientNodeKube(kc);
  });
  after(async () => c?.close());

  it('prices the step on the spot node with the spot discount, its node read as the workflow panel reads it', async () => {
    const wf = c.world.get('Workflow', COSTLY_NS, COSTLY_RESUBMIT) as Workflow;
    const hosts = Object.values(wf.status?.nodes ?? {}).flatMap((n) => (n.hostNodeName ? [n.hostNodeName] : []));
    const { spot } = await readNodeZones(kube, hosts);
    assert.equal(spot.size, 1, 'one of the nodes it ran on is labelled spot');
    const discounted = { ...prices, spotDiscount: 0.7 };
    const cost = workflowCost(wf, discounted, { spotNodes: spot })!;
    assert.equal(cost.spotSteps, 1);
    assert.deepEqual(
      cost.steps.filter((s) => s.spot).map((s) => s.label),
      ['prepare-data'],
    );
    // prepare-data: 4 cores and 16Gi for 11 minutes, 70% off.
    const full = workflowCost(wf, discounted)!;
    const prep = (x: typeof cost) => x.steps.find((s) => s.label === 'prepare-data')!.cost.total;
    assert.ok(Math.abs(prep(cost) - prep(full) * 0.3) < 1e-9, `${prep(cost)} vs ${prep(full)}`);
    assert.ok(cost.cost.total < full.cost.total);
    assert.match(costInsight(wf, discounted, { spotNodes: spot })!.title, /1 step on spot nodes/);
    // What a template run's record keeps prices the same.
    const usage = runUsage(wf, { spotNodes: spot })!;
    assert.ok(usage.spot && usage.spot.cpuCoreSeconds === 4 * 11 * 60);
    assert.ok(Math.abs(priceOfRunUsage(usage, discounted).total - cost.cost.total) < 1e-9);
  });
});
