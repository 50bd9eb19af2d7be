// The demo's "run much slower than its history" scenario: what it leaves in the cluster reads, through the same
// code the extension uses, as a slow run whose load-warehouse step waited to be scheduled.
import assert from 'node:assert/strict';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { compareRun, slowRunInsight } from '../../../src/core/model/runHistory';
import { recordFromWorkflow, type RunRecord } from '../../../src/core/model/runRecord';
import type { Workflow } from '../../../src/core/model/workflow';
import { demoScenarios } from '../../../src/demo/scenarios/catalog';
import { SLOW_RUN_CRON, slowRunScenario } from '../../../src/demo/scenarios/slowRun';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';

describe('demo scenario: a run much slower than its history', function () {
  this.timeout(20000);
  let c: DemoCluster;
  const runs = () =>
    c.world
      .list('Workflow', 'argo')
      .filter((w) => w.metadata.labels?.['workflows.argoproj.io/cron-workflow'] === SLOW_RUN_CRON) as Workflow[];

  before(async () => {
    c = await startDemoCluster({ clock: 'manual', scenarios: [slowRunScenario(15_000)] });
    c.advance(0);
  });
  after(async () => c?.close());

  it('is one of the demo scenarios', () => {
    assert.ok(demoScenarios.some((s) => s.id === 'slow-run'));
  });

  it('keeps ten finished earlier runs and a latest one running, labelled as Argo labels them', () => {
    assert.ok(c.world.get('CronWorkflow', 'argo', SLOW_RUN_CRON));
    const all = runs();
    assert.equal(all.length, 11);
    const running = all.filter((w) => w.status?.phase === 'Running');
    assert.equal(running.length, 1);
    assert.equal(running[0]!.metadata?.labels?.['workflows.argoproj.io/completed'], 'false');
    for (const wf of all) {
      assert.match(wf.metadata!.name!, new RegExp(`^${SLOW_RUN_CRON}-\\d{10}$`));
      const nodes = wf.status!.nodes!;
      for (const n of Object.values(nodes) as ArgoNode[]) {
        for (const ch of n.children ?? []) assert.ok(nodes[ch], `${wf.metadata!.name}: child ${ch} of ${n.id}`);
        if (n.boundaryID) assert.ok(nodes[n.boundaryID], `${wf.metadata!.name}: boundary of ${n.id}`);
      }
    }
    // Only the latest run still has pods; the earlier ones' were collected long ago.
    const pods = c.world
      .list('Pod', 'argo')
      .filter((p) => p.metadata.labels?.['workflows.argoproj.io/workflow']?.startsWith(SLOW_RUN_CRON));
    assert.ok(pods.length >= 5);
    assert.ok(pods.every((p) => p.metadata.labels?.['workflows.argoproj.io/workflow'] === running[0]!.metadata!.name));
  });

  it('finishes its latest run about 3x slower than the median, load-warehouse waiting to be scheduled', () => {
    c.advance(16_000);
    const all = runs();
    assert.ok(all.every((w) => w.status?.phase === 'Succeeded'));
    const latest = all.sort((a, b) => b.metadata!.name!.localeCompare(a.metadata!.name!))[0]!;
    assert.equal(latest.metadata?.labels?.['workflows.argoproj.io/completed'], 'true');
    const pods = c.world
      .list('Pod', 'argo')
      .filter((p) => p.metadata.labels?.['workflows.argoproj.io/workflow'] === latest.metadata!.name);
    const events = c.world.list('Event', 'argo');
    const earlier: RunRecord[] = all.slice(1).map((w) => recordFromWorkflow(w)!);
    const record = recordFromWorkflow(latest, pods, events)!;
    // The fan-out of three partitions is one step.
    assert.deepEqual(
      record.steps.map((s) => [s.key, s.count]),
      [
        ['extract', 1],
        ['transform', 3],
        ['load-warehouse', 1],
        ['publish-report', 1],
      ],
    );
    const cmp = compareRun(record, earlier);
    assert.equal(cmp.kind, 'slow');
    if (cmp.kind !== 'slow') return;
    assert.equal(cmp.runs, 10);
    assert.ok(cmp.ratio > 2.8 && cmp.ratio < 3.4, String(cmp.ratio));
    assert.ok(cmp.medianMs > 36 * 60_000 && cmp.medianMs < 42 * 60_000, String(cmp.medianMs));
    assert.equal(cmp.step?.key, 'load-warehouse');
    assert.equal(cmp.phase?.phase, 'scheduling');
    assert.match(
      cmp.text,
      /^This run took 1h 58m, 3\.\dx the median of the last 10 runs \(3\dm\)\. Step load-warehouse grew from 1\dm to 1h 33m: it waited 1h 20m to be scheduled\.$/,
    );
    // Through the panel's entry point too, linking the load-warehouse node.
    const insight = slowRunInsight(latest, earlier, pods);
    assert.equal(latest.status!.nodes![insight!.nodeId!]?.displayName, 'load-warehouse');
  });
});
