import assert from 'node:assert/strict';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { compareRun, median, mergeRuns, shortDuration, slowRunInsight } from '../../../src/core/model/runHistory';
import {
  normalizeRecord,
  recordFromWorkflow,
  stepKeyOf,
  stripIndices,
  templateRefOf,
} from '../../../src/core/model/runRecord';
import type { Workflow } from '../../../src/core/model/workflow';
import { DAY0, history, iso, MIN, podsOf, run, slowRun, usualSteps } from '../../support/runs';

describe('run history: records', () => {
  it('takes the median of odd and even counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), 0);
  });

  it('formats durations in minutes', () => {
    assert.equal(shortDuration(45_000), '45s');
    assert.equal(shortDuration(40 * MIN), '40m');
    assert.equal(shortDuration(125 * MIN), '2h 05m');
  });

  it("finds the template by Argo's labels, a CronWorkflow's first", () => {
    const meta = (labels: Record<string, string>) => ({ metadata: { namespace: 'argo', labels } });
    assert.deepEqual(templateRefOf(meta({ 'workflows.argoproj.io/workflow-template': 'etl' })), {
      kind: 'WorkflowTemplate',
      namespace: 'argo',
      name: 'etl',
    });
    assert.deepEqual(templateRefOf(meta({ 'workflows.argoproj.io/cluster-workflow-template': 'dq' })), {
      kind: 'ClusterWorkflowTemplate',
      namespace: '',
      name: 'dq',
    });
    assert.equal(
      templateRefOf(
        meta({ 'workflows.argoproj.io/workflow-template': 'etl', 'workflows.argoproj.io/cron-workflow': 'nightly' }),
      )?.kind,
      'CronWorkflow',
    );
    assert.equal(templateRefOf(meta({})), undefined);
    assert.equal(recordFromWorkflow({ metadata: { name: 'adhoc' }, status: { phase: 'Succeeded' } }), undefined);
  });

  it('records total, queue and step times', () => {
    const r = recordFromWorkflow(run(0, usualSteps(), 'Succeeded', { queuedMin: 3 }))!;
    assert.equal(r.name, 'nightly-etl-1000');
    assert.equal(r.uid, 'uid-0');
    assert.deepEqual(r.template, { kind: 'CronWorkflow', namespace: 'argo', name: 'nightly-etl' });
    assert.equal(r.totalMs, 43 * MIN);
    assert.equal(r.queuedMs, 3 * MIN);
    assert.deepEqual(
      r.steps.map((s) => [s.key, s.ms / MIN, s.count]),
      [
        ['extract', 10, 1],
        ['transform', 15, 1],
        ['load-warehouse', 12, 1],
      ],
    );
    assert.equal(r.steps[0]!.phases, undefined, 'no pods, no breakdown');
  });

  it("maps a pod's timeline to queueing, scheduling, pulling and running", () => {
    const wf = run(0, usualSteps());
    const r = recordFromWorkflow(wf, podsOf(wf, { scheduleMin: 5, pullMin: 2 }))!;
    const p = r.steps.find((s) => s.key === 'extract')!.phases!;
    assert.equal(p.queueing, 10_000);
    assert.equal(p.scheduling, 5 * MIN);
    assert.equal(p.pulling, 2 * MIN + 30_000);
    assert.equal(p.queueing! + p.scheduling! + p.pulling! + p.running!, 10 * MIN);
  });

  it('keys steps by their template path without fan-out or retry indices, and aggregates fan-outs', () => {
    const wf = 'fan-1';
    const t = (m: number) => iso(DAY0 + m * MIN);
    const nodes: Record<string, ArgoNode> = {
      [wf]: { id: wf, name: wf, displayName: wf, type: 'DAG', startedAt: t(0) },
      g: { id: 'g', name: `${wf}.shard`, displayName: 'shard', type: 'TaskGroup', boundaryID: wf },
      a: {
        id: 'a',
        name: `${wf}.shard(0:{"password":"hunter2"})`,
        displayName: 'shard(0:{"password":"hunter2"})',
        type: 'Pod',
        boundaryID: wf,
        startedAt: t(0),
        finishedAt: t(5),
      },
      r: { id: 'r', name: `${wf}.shard(1:b)`, displayName: 'shard(1:b)', type: 'Retry', boundaryID: wf },
      b0: {
        id: 'b0',
        name: `${wf}.shard(1:b)(0)`,
        displayName: 'shard(1:b)(0)',
        type: 'Pod',
        boundaryID: wf,
        startedAt: t(0),
        finishedAt: t(3),
      },
      b1: {
        id: 'b1',
        name: `${wf}.shard(1:b)(1)`,
        displayName: 'shard(1:b)(1)',
        type: 'Pod',
        boundaryID: wf,
        startedAt: t(4),
        finishedAt: t(12),
      },
      n: { id: 'n', name: `${wf}.process`, displayName: 'process', type: 'Steps', boundaryID: wf },
      sg: { id: 'sg', name: `${wf}.process[0]`, displayName: '[0]', type: 'StepGroup', boundaryID: 'n' },
      tr: {
        id: 'tr',
        name: `${wf}.process[0].train`,
        displayName: 'train',
        type: 'Pod',
        boundaryID: 'n',
        startedAt: t(12),
        finishedAt: t(20),
      },
    };
    const r = recordFromWorkflow({
      metadata: { name: wf, namespace: 'ml', labels: { 'workflows.argoproj.io/workflow-template': 'fan' } },
      status: { phase: 'Succeeded', startedAt: t(0), finishedAt: t(21), nodes },
    })!;
    const shard = r.steps.find((s) => s.key === 'shard')!;
    assert.equal(shard.count, 3, 'two items, one retried: three pods');
    assert.equal(shard.ms, 12 * MIN, 'from the first start to the last end');
    assert.equal(shard.nodeId, 'b1', 'the longest pod');
    assert.ok(r.steps.some((s) => s.key === 'process/train'));
    assert.equal(r.steps.length, 2);
    // Names and timings only: a fan-out item's value is never kept.
    assert.doesNotMatch(JSON.stringify(r), /hunter2|password/);
    assert.equal(stripIndices('train(3:{"a":"(x)"})(2)'), 'train');
    assert.equal(stepKeyOf(nodes.tr!, nodes, wf), 'process/train');
  });

  it('never crashes on malformed workflows, pods or stored records', () => {
    const junk: unknown[] = [
      {},
      { metadata: { name: 'x', labels: { 'workflows.argoproj.io/cron-workflow': 'c' } } },
      {
        metadata: { name: 'x', labels: { 'workflows.argoproj.io/cron-workflow': 'c' } },
        status: { startedAt: 'yesterday', finishedAt: 42, nodes: { a: null, b: 'str', c: { type: 'Pod', id: 'c' } } },
      },
      {
        metadata: { name: 'x', labels: { 'workflows.argoproj.io/cron-workflow': 'c' } },
        status: { nodes: { c: { type: 'Pod', id: 'c', boundaryID: 'c', startedAt: iso(0), finishedAt: iso(1) } } },
      },
    ];
    for (const j of junk) {
      const r = recordFromWorkflow(j as Workflow, [null, 'pod', { metadata: 7 }], [null, { involvedObject: 3 }]);
      if (r) assert.ok(Array.isArray(r.steps));
    }
    for (const j of [null, 1, 'x', [], {}, { name: 'a', template: { kind: 'Pod', name: 'x' } }])
      assert.equal(normalizeRecord(j), undefined);
    const ok = normalizeRecord({
      name: 'a',
      template: { kind: 'CronWorkflow', name: 'c' },
      totalMs: -5,
      steps: [{ key: 'k', ms: 'long' }, { key: 'k2', ms: 5, phases: { running: 'x', scheduling: 2 } }, 7],
    })!;
    assert.equal(ok.totalMs, undefined);
    assert.deepEqual(ok.steps, [{ key: 'k2', ms: 5, count: 1, phases: { scheduling: 2 } }]);
    assert.equal(compareRun(ok, [ok, ok, ok]).kind, 'unknown');
  });
});

describe('run history: compared with earlier runs', () => {
  it('needs three earlier successful runs; failed ones do not count', () => {
    const latest = recordFromWorkflow(slowRun())!;
    const two = history().slice(0, 2);
    const c = compareRun(latest, two);
    assert.equal(c.kind, 'not-enough-history');
    assert.match(c.text, /2 earlier successful runs \(3 needed\)/);
    const failed = [3, 4, 5].map((d) => recordFromWorkflow(run(d, usualSteps(), 'Failed'))!);
    assert.equal(compareRun(latest, [...two, ...failed]).kind, 'not-enough-history');
    assert.equal(compareRun(latest, [...two, recordFromWorkflow(run(3, usualSteps()))!]).kind, 'slow');
  });

  it('calls a run of usual length usual, and itself never counts', () => {
    const h = history();
    const c = compareRun(h[9]!, h);
    assert.equal(c.kind, 'usual');
    if (c.kind === 'usual') assert.equal(c.runs, 9, 'the nine before it, not itself nor later ones');
  });

  it('marks a run over 1.5x the median of the last 10, naming the step and the phase that grew', () => {
    const wf = slowRun();
    const latest = recordFromWorkflow(
      wf,
      podsOf(wf, { scheduleMin: 1, only: 'extract' }).concat(
        podsOf(wf, { scheduleMin: 66, only: 'load-warehouse' }),
        podsOf(wf, { scheduleMin: 1, only: 'transform' }),
      ),
    )!;
    // Older, slower runs outside the window of 10 do not move the median.
    const older = [-3, -2, -1].map((d) => recordFromWorkflow(run(d, [{ name: 'extract', at: 0, min: 300 }]))!);
    const c = compareRun(latest, [...older, ...history(true)]);
    assert.equal(c.kind, 'slow');
    if (c.kind !== 'slow') return;
    assert.equal(c.runs, 10);
    assert.equal(c.medianMs, 40 * MIN);
    assert.equal(c.short, '2.6x usual');
    assert.equal(c.step?.key, 'load-warehouse');
    assert.equal(c.step?.nodeId, 'nightly-etl-1020-load-warehouse');
    assert.equal(c.phase?.phase, 'scheduling');
    assert.equal(c.phase?.usualMs, MIN);
    assert.equal(
      c.text,
      'This run took 1h 46m, 2.6x the median of the last 10 runs (40m). Step load-warehouse grew from 12m to ' +
        '1h 18m: it waited 1h 06m to be scheduled (usually 1m).',
    );
  });

  it('with step totals only in the history, names the phase that alone exceeds what the step used to take', () => {
    const wf = slowRun();
    const latest = recordFromWorkflow(wf, podsOf(wf, { scheduleMin: 1, pullMin: 60, only: 'load-warehouse' }))!;
    const c = compareRun(latest, history(false));
    assert.equal(c.kind, 'slow');
    if (c.kind !== 'slow') return;
    assert.equal(c.step?.key, 'load-warehouse');
    assert.equal(c.phase?.phase, 'pulling');
    assert.equal(c.phase?.usualMs, undefined);
    assert.match(c.text, /pulling images and starting took 1h 01m\.$/);
    // Without the pod, the step is named and no phase is guessed.
    const bare = compareRun(recordFromWorkflow(wf)!, history(false));
    assert.equal(bare.kind === 'slow' && bare.phase, undefined);
    assert.match(bare.text, /Step load-warehouse grew from 12m to 1h 18m\.$/);
  });

  it('names the wait before the first step when that is what grew', () => {
    const latest = recordFromWorkflow(run(20, usualSteps(), 'Succeeded', { queuedMin: 50 }))!;
    const c = compareRun(latest, history());
    assert.equal(c.kind, 'slow');
    assert.equal(c.kind === 'slow' && c.step, undefined);
    assert.match(c.text, /It waited 50m before its first step started \(usually 0s\)\./);
  });

  it('merges records of the same run once, keeping the one with phases', () => {
    const wf = run(1, usualSteps());
    const plain = recordFromWorkflow(wf)!;
    const rich = recordFromWorkflow(wf, podsOf(wf, { scheduleMin: 1 }))!;
    const merged = mergeRuns([plain, ...history().slice(3, 5)], [rich]);
    assert.equal(merged.length, 3);
    assert.ok(merged.find((r) => r.uid === 'uid-1')!.steps[0]!.phases);
    assert.deepEqual(
      merged.map((r) => r.uid),
      ['uid-4', 'uid-3', 'uid-1'],
      'newest first',
    );
  });

  it('gives the workflow panel an insight for a slow run only', () => {
    const wf = slowRun();
    const insight = slowRunInsight(wf, history(true), podsOf(wf, { scheduleMin: 66, only: 'load-warehouse' }));
    assert.equal(insight?.id, 'slow-run');
    assert.equal(insight?.severity, 'warning');
    assert.equal(insight?.nodeId, 'nightly-etl-1020-load-warehouse');
    assert.match(insight!.title, /2\.6x usual; load-warehouse grew \(scheduling\)/);
    assert.match(insight!.detail, /waited 1h 06m to be scheduled/);
    // Without its pods now, the run recorded earlier with them (same uid) still gives the phase.
    const recorded = recordFromWorkflow(wf, podsOf(wf, { scheduleMin: 66, only: 'load-warehouse' }))!;
    assert.match(slowRunInsight(wf, [...history(true), recorded])!.title, /\(scheduling\)/);
    assert.doesNotMatch(slowRunInsight(wf, history(true))!.title, /\(scheduling\)/);
    assert.equal(slowRunInsight(run(20, usualSteps()), history(true)), undefined);
    assert.equal(slowRunInsight({ metadata: { name: 'adhoc' } }, history(true)), undefined);
  });
});
