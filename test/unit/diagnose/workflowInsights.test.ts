import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  builtinInsightSources,
  workflowInsights,
  type InsightSource,
} from '../../../src/core/diagnose/workflowInsights';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import type { Workflow } from '../../../src/core/model/workflow';
import { workflowTimeline } from '../../../src/core/model/workflowTimeline';
import { SHARED } from '../../support/paths';

const T0 = Date.UTC(2026, 0, 1);
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
const NOW = new Date(T0 + 60 * 60_000);

const pod = (id: string, start: number, end: number, over: Partial<ArgoNode> = {}): ArgoNode => ({
  id,
  name: `wf.${id}`,
  displayName: id,
  type: 'Pod',
  phase: 'Succeeded',
  startedAt: at(start),
  finishedAt: at(end),
  ...over,
});

function wf(phase: string, nodes: ArgoNode[], message?: string): Workflow {
  return {
    metadata: { name: 'wf', namespace: 'argo' },
    status: {
      phase: phase as 'Failed',
      startedAt: at(0),
      ...(phase === 'Running' ? {} : { finishedAt: at(30) }),
      ...(message ? { message } : {}),
      nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
    },
  };
}

const insightsOf = (w: Workflow, gone?: Map<string, { pod: string; why: string }>, sources = builtinInsightSources) =>
  workflowInsights({ workflow: w, timeline: workflowTimeline(w, NOW, { gone }), now: NOW }, sources);

describe('workflow insights', () => {
  it('names the step that failed on every attempt, with the last attempt’s message, linked to the retry', () => {
    const w = wf('Failed', [
      { id: 'wf', name: 'wf', type: 'DAG', phase: 'Failed', startedAt: at(0), children: ['prep'] },
      pod('prep', 0, 2, { children: ['train'] }),
      {
        id: 'train',
        name: 'wf.train',
        displayName: 'train',
        type: 'Retry',
        phase: 'Failed',
        message: 'No more retries left',
        startedAt: at(2),
        finishedAt: at(30),
        children: ['t0', 't1', 't2'],
      },
      pod('t0', 2, 10, { phase: 'Failed', message: 'OOMKilled (exit code 137)' }),
      pod('t1', 11, 20, { phase: 'Failed', message: 'OOMKilled (exit code 137)' }),
      pod('t2', 21, 30, { phase: 'Failed', message: 'OOMKilled (exit code 137)\nmore' }),
    ]);
    const failed = insightsOf(w).find((i) => i.id.startsWith('failed:'))!;
    assert.equal(failed.id, 'failed:train');
    assert.equal(failed.nodeId, 'train');
    assert.equal(failed.severity, 'error');
    assert.equal(failed.title, 'train failed on all 3 attempts');
    assert.match(failed.detail, /^Argo: OOMKilled \(exit code 137\)\. /);
  });

  it("says so when the workflow failed before any step did, with Argo's message", () => {
    const w = wf('Error', [], 'spec.templates[0] is invalid');
    const [first] = insightsOf(w);
    assert.deepEqual(
      [first?.id, first?.title, first?.detail, first?.nodeId],
      ['failed:workflow', 'The workflow errored before any step failed', 'spec.templates[0] is invalid', undefined],
    );
  });

  it('lists what a waiting step waits for, linked to the step', () => {
    const c = JSON.parse(readFileSync(path.join(SHARED, 'failures', 'cases', 'w01-semaphore-held-step.json'), 'utf8'));
    const node = c.workflowNode as ArgoNode;
    const w: Workflow = { ...c.workflow, status: { ...c.workflow.status, nodes: { [node.id]: node } } };
    const now = new Date(c.observedAt);
    const found = workflowInsights({ workflow: w, timeline: workflowTimeline(w, now), now }, builtinInsightSources);
    const step = found.find((i) => i.nodeId === node.id && i.id.startsWith('waiting:'));
    assert.ok(step, JSON.stringify(found));
    assert.match(step.title, /^train is waiting for semaphore .*gpu-jobs/);
    assert.equal(step.severity, 'warning');
    // A whole workflow waiting for a mutex before any step exists.
    const m = JSON.parse(readFileSync(path.join(SHARED, 'failures', 'cases', 'w03-mutex-held-workflow.json'), 'utf8'));
    const mNow = new Date(m.observedAt);
    const whole = workflowInsights(
      { workflow: m.workflow, timeline: workflowTimeline(m.workflow, mNow), now: mNow },
      builtinInsightSources,
    );
    assert.deepEqual(
      whole.map((i) => [i.id, /^The workflow is waiting for .*warehouse-load/.test(i.title), i.nodeId]),
      [['waiting:workflow', true, undefined]],
    );
    // The same workflow, finished: nothing waits.
    const done: Workflow = { ...w, status: { ...w.status, phase: 'Failed' } };
    assert.ok(
      !workflowInsights({ workflow: done, timeline: workflowTimeline(done, now), now }, builtinInsightSources).some(
        (i) => i.id.startsWith('waiting:'),
      ),
    );
  });

  it('sums the critical path: running, waiting between steps, and its longest step', () => {
    const w = wf('Succeeded', [
      { id: 'wf', name: 'wf', type: 'DAG', phase: 'Succeeded', startedAt: at(0), children: ['a'] },
      pod('a', 0, 2, { children: ['b'] }),
      pod('b', 12, 30),
    ]);
    const cp = insightsOf(w).find((i) => i.id === 'critical-path')!;
    assert.equal(cp.title, 'Critical path: 2 step(s), 20m 00s running, 10m 00s waiting between steps (33%)');
    assert.equal(cp.nodeId, 'b');
    assert.match(cp.detail, /longest step on it: b \(18m 00s\)/);
    assert.equal(cp.severity, 'info');
  });

  it('counts the pods that no longer exist by why, linked to a failed one first', () => {
    const w = wf('Failed', [pod('a', 0, 2), pod('b', 2, 4, { phase: 'Failed' }), pod('c', 4, 6)]);
    const gone = new Map([
      ['a', { pod: 'wf-a', why: 'removed by pod GC' }],
      ['b', { pod: 'wf-b', why: 'evicted by its node' }],
      ['c', { pod: 'wf-c', why: 'removed by pod GC; its evidence was recorded when it failed' }],
    ]);
    const g = insightsOf(w, gone).find((i) => i.id === 'gone')!;
    assert.equal(g.title, '3 pod(s) of this workflow no longer exist');
    assert.match(g.detail, /^2: removed by pod GC; 1: evicted by its node\./);
    assert.equal(g.nodeId, 'b');
    assert.equal(
      insightsOf(w).find((i) => i.id === 'gone'),
      undefined,
    );
  });

  it('takes insights from added sources, skips one that throws, and keeps the first of each id', () => {
    const w = wf('Succeeded', [pod('a', 0, 2)]);
    const slow: InsightSource = () => [
      { id: 'slow-run', severity: 'warning', title: 'Slower than usual', detail: '2.1x the median' },
    ];
    const broken: InsightSource = () => {
      throw new Error('boom');
    };
    const again: InsightSource = () => [{ id: 'slow-run', severity: 'info', title: 'dup', detail: '' }];
    const found = insightsOf(w, undefined, [...builtinInsightSources, broken, slow, again]);
    assert.deepEqual(
      found.map((i) => [i.id, i.title]),
      [
        ['critical-path', 'Critical path: 1 step(s), 2m 00s running, 0s waiting between steps (0%)'],
        ['slow-run', 'Slower than usual'],
      ],
    );
  });
});
