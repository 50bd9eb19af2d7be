import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import * as path from 'node:path';
import { criticalPath } from '../../../src/core/model/criticalPath';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { workflowNodes } from '../../../src/core/model/nodes';
import { CORPUS } from '../../support/paths';

const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
const pod = (id: string, start: number, end: number | undefined, children: string[] = []): ArgoNode => ({
  id,
  name: `wf.${id}`,
  displayName: id,
  type: 'Pod',
  phase: end === undefined ? 'Running' : 'Succeeded',
  startedAt: at(start),
  ...(end !== undefined ? { finishedAt: at(end) } : {}),
  children,
});

describe('critical path of a workflow', () => {
  it('follows the branch that set the end through a DAG, with the waits between steps', () => {
    // extract → (clean 1-4, features 1-9) → train 10-30; report 12-13 is off the path.
    const nodes: Record<string, ArgoNode> = {
      wf: { id: 'wf', type: 'DAG', phase: 'Succeeded', startedAt: at(0), finishedAt: at(30), children: ['extract'] },
      extract: pod('extract', 0, 1, ['clean', 'features']),
      clean: pod('clean', 1, 4, ['train', 'report']),
      features: pod('features', 1, 9, ['train']),
      train: pod('train', 10, 30),
      report: pod('report', 12, 13),
    };
    const p = criticalPath(nodes, at(0), new Date(Date.UTC(2026, 0, 1, 1)));
    assert.deepEqual(
      p.steps.map((s) => [s.node.id, s.waitedMs / 60_000, s.ranMs / 60_000]),
      [
        ['extract', 0, 1],
        ['features', 0, 8],
        ['train', 1, 20],
      ],
    );
    assert.equal(p.waitingMs, 60_000);
    assert.equal(p.runningMs, 29 * 60_000);
  });

  it("counts a retried step's earlier attempts as running, and the backoff between them as waiting", () => {
    // extract 0-10; load retried: attempt 0 runs 12-40 and fails, attempt 1 runs 50-80.
    const failed = { ...pod('load(0)', 12, 40), phase: 'Failed' };
    const nodes: Record<string, ArgoNode> = {
      wf: { id: 'wf', type: 'Steps', phase: 'Succeeded', startedAt: at(0), finishedAt: at(80), children: ['extract'] },
      extract: pod('extract', 0, 10, ['load']),
      load: { id: 'load', type: 'Retry', phase: 'Succeeded', startedAt: at(12), children: ['load(0)', 'load(1)'] },
      'load(0)': failed,
      'load(1)': pod('load(1)', 50, 80),
    };
    const p = criticalPath(nodes, at(0), new Date(Date.UTC(2026, 0, 1, 2)));
    assert.deepEqual(
      p.steps.map((s) => [s.node.id, s.waitedMs / 60_000, s.ranMs / 60_000]),
      [
        ['extract', 0, 10],
        ['load(0)', 2, 28],
        ['load(1)', 10, 30],
      ],
    );
    assert.equal(p.waitingMs / 60_000, 12);
    assert.equal(p.runningMs / 60_000, 68);
  });

  it('runs to now through a running step, and is empty before any step', () => {
    const nodes: Record<string, ArgoNode> = { a: pod('a', 0, 2, ['b']), b: pod('b', 5, undefined) };
    const p = criticalPath(nodes, at(0), new Date(Date.UTC(2026, 0, 1, 0, 15)));
    assert.deepEqual(
      p.steps.map((s) => [s.node.id, s.waitedMs / 60_000, s.ranMs / 60_000]),
      [
        ['a', 0, 2],
        ['b', 3, 10],
      ],
    );
    assert.deepEqual(criticalPath({}, undefined, new Date()), { steps: [], waitingMs: 0, runningMs: 0 });
  });

  it("continues through the exit handler, which has no step before it in Argo's graph", () => {
    const nodes: Record<string, ArgoNode> = {
      wf: { id: 'wf', type: 'Steps', phase: 'Failed', startedAt: at(0), children: ['a'] },
      a: pod('a', 0, 2, ['b']),
      b: pod('b', 3, 6),
      exit: { ...pod('exit', 7, 8), name: 'wf.onExit' },
    };
    const p = criticalPath(nodes, at(0), new Date(Date.UTC(2026, 0, 1, 1)));
    assert.deepEqual(
      p.steps.map((s) => s.node.id),
      ['a', 'b', 'exit'],
    );
  });

  it('follows a chain of 10,000 steps one after another, each waiting for the one before', () => {
    const nodes: Record<string, ArgoNode> = {};
    const n = 10_000;
    const sec = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    for (let i = 0; i < n; i++)
      nodes[`p${i}`] = {
        id: `p${i}`,
        type: 'Pod',
        phase: 'Succeeded',
        startedAt: sec(i * 10),
        finishedAt: sec(i * 10 + 8),
        children: i + 1 < n ? [`p${i + 1}`] : [],
      };
    const p = criticalPath(nodes, sec(0), new Date(Date.UTC(2027, 0, 1)));
    assert.equal(p.steps.length, n);
    assert.equal(p.steps[1]!.node.id, 'p1');
    assert.equal(p.waitingMs, (n - 1) * 2000);
    assert.equal(p.runningMs, n * 8000);
  });

  it('never throws on malformed nodes', () => {
    const nodes = {
      a: { id: 'a', type: 'Pod', startedAt: 'not a date', children: 'b' },
      b: null,
      c: { id: 'c', type: 'Pod', startedAt: at(1), finishedAt: at(2), children: [42, null, 'zz'] },
    } as unknown as Record<string, ArgoNode>;
    assert.deepEqual(
      criticalPath(nodes, undefined, new Date()).steps.map((s) => s.node.id),
      ['c'],
    );
  });

  it('gives a chain of steps that ran one after another, for every corpus status object', () => {
    const dir = path.join(CORPUS, 'argo-status');
    let checked = 0;
    for (const f of readdirSync(dir).filter((x) => /\.(ya?ml|json)$/.test(x))) {
      const wf = parse(readFileSync(path.join(dir, f), 'utf8')) as { status?: { startedAt?: string } };
      const parsed = workflowNodes(wf);
      if (parsed.kind !== 'nodes') continue;
      const p = criticalPath(parsed.nodes, wf.status?.startedAt, new Date('2030-01-01T00:00:00Z'));
      for (let i = 1; i < p.steps.length; i++) {
        const prevEnd = Date.parse(p.steps[i - 1]!.node.finishedAt ?? '');
        const start = Date.parse(p.steps[i]!.node.startedAt ?? '');
        assert.ok(prevEnd <= start + 2000, `${f}: ${p.steps[i]!.node.id} starts before its predecessor ends`);
      }
      checked++;
    }
    assert.ok(checked > 5, `${checked} status objects`);
  });
});
