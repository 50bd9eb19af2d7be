import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import type { Workflow } from '../../../src/core/model/workflow';
import { workflowTimeline } from '../../../src/core/model/workflowTimeline';
import { BigWorkflow } from '../../../src/demo/bigWorkflow';

const T0 = Date.UTC(2026, 0, 1);
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
const min = (ms: number) => (ms - T0) / 60_000;

const pod = (id: string, start: number, end: number | undefined, over: Partial<ArgoNode> = {}): ArgoNode => ({
  id,
  name: `wf.${id}`,
  displayName: id,
  type: 'Pod',
  phase: end === undefined ? 'Running' : 'Succeeded',
  startedAt: at(start),
  ...(end !== undefined ? { finishedAt: at(end) } : {}),
  ...over,
});

function wf(nodes: ArgoNode[], over: Partial<NonNullable<Workflow['status']>> = {}): Workflow {
  return {
    metadata: { name: 'wf', namespace: 'argo' },
    status: {
      phase: 'Running',
      startedAt: at(0),
      nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
      ...over,
    },
  };
}

const NOW = new Date(T0 + 60 * 60_000);

describe('workflow timeline layout', () => {
  it("draws a retried step's attempts as segments of one row, numbered in order", () => {
    const t = workflowTimeline(
      wf([
        { id: 'wf', name: 'wf', type: 'DAG', phase: 'Running', startedAt: at(0), children: ['train'] },
        {
          id: 'train',
          name: 'wf.train',
          displayName: 'train',
          type: 'Retry',
          phase: 'Succeeded',
          startedAt: at(1),
          finishedAt: at(9),
          children: ['a1', 'a2', 'a3'],
        },
        // Written out of order on purpose: the row is in start order.
        pod('a3', 7, 9, { displayName: 'train(2)', hostNodeName: 'n1' }),
        pod('a1', 1, 3, { displayName: 'train(0)', phase: 'Failed', hostNodeName: 'n1', message: 'OOMKilled' }),
        pod('a2', 4, 6, { displayName: 'train(1)', phase: 'Error', hostNodeName: 'n1' }),
      ]),
      NOW,
    );
    assert.equal(t.rows.length, 1);
    const row = t.rows[0]!;
    assert.equal(row.id, 'train');
    assert.equal(row.label, 'train');
    assert.deepEqual(
      row.segments.map((s) => [s.nodeId, s.attempt, s.phase, min(s.start), min(s.end)]),
      [
        ['a1', 1, 'Failed', 1, 3],
        ['a2', 2, 'Error', 4, 6],
        ['a3', 3, 'Succeeded', 7, 9],
      ],
    );
    assert.equal(row.segments[0]!.message, 'OOMKilled');
    assert.equal(t.segments, 3);
  });

  it('groups rows by node and zone: zones first, then nodes, then steps on no node', () => {
    const t = workflowTimeline(
      wf([
        pod('late-a', 5, 6, { hostNodeName: 'node-a' }),
        pod('early-a', 1, 2, { hostNodeName: 'node-a' }),
        pod('c', 1, 2, { hostNodeName: 'node-c' }),
        pod('b', 1, 2, { hostNodeName: 'node-b' }),
        pod('plain', 1, 2, { hostNodeName: 'node-0' }),
        {
          id: 'approve',
          name: 'wf.approve',
          displayName: 'approve',
          type: 'Suspend',
          phase: 'Running',
          startedAt: at(3),
        },
      ]),
      NOW,
      {
        zones: new Map([
          ['node-a', 'us-east-1b'],
          ['node-b', 'us-east-1a'],
          ['node-c', 'us-east-1a'],
        ]),
      },
    );
    assert.deepEqual(
      t.groups.map((g) => [g.node, g.zone, g.first, g.count]),
      [
        ['node-b', 'us-east-1a', 0, 1],
        ['node-c', 'us-east-1a', 1, 1],
        ['node-a', 'us-east-1b', 2, 2],
        ['node-0', undefined, 4, 1],
        ['', undefined, 5, 1],
      ],
    );
    assert.deepEqual(
      t.rows.map((r) => [r.id, r.group]),
      [
        ['b', 0],
        ['c', 1],
        ['early-a', 2],
        ['late-a', 2],
        ['plain', 3],
        ['approve', 4],
      ],
    );
  });

  it('orders rows that start together by name, numbers in numeric order', () => {
    const t = workflowTimeline(
      wf(['shard(10)', 'shard(2)', 'shard(1)', 'merge'].map((id) => pod(id, 1, 2, { hostNodeName: 'n' }))),
      NOW,
    );
    assert.deepEqual(
      t.rows.map((r) => r.id),
      ['merge', 'shard(1)', 'shard(2)', 'shard(10)'],
    );
  });

  it('puts a retried step with the node its latest attempt ran on, each attempt keeping its own', () => {
    const t = workflowTimeline(
      wf([
        { id: 'r', name: 'wf.r', displayName: 'r', type: 'Retry', phase: 'Succeeded', children: ['x', 'y'] },
        pod('x', 1, 2, { hostNodeName: 'lost-node', phase: 'Error' }),
        pod('y', 3, 4, { hostNodeName: 'good-node' }),
      ]),
      NOW,
    );
    assert.deepEqual(
      t.groups.map((g) => g.node),
      ['good-node'],
    );
    assert.deepEqual(
      t.rows[0]!.segments.map((s) => s.host),
      ['lost-node', 'good-node'],
    );
  });

  it('flags the segments on the critical path', () => {
    // extract → (clean 1-4, features 1-9) → train 10-30: the path is extract, features, train.
    const t = workflowTimeline(
      wf(
        [
          { id: 'wf', name: 'wf', type: 'DAG', phase: 'Succeeded', startedAt: at(0), children: ['extract'] },
          pod('extract', 0, 1, { children: ['clean', 'features'] }),
          pod('clean', 1, 4, { children: ['train'] }),
          pod('features', 1, 9, { children: ['train'] }),
          pod('train', 10, 30),
        ],
        { phase: 'Succeeded', finishedAt: at(30) },
      ),
      NOW,
    );
    const flags = Object.fromEntries(t.rows.map((r) => [r.id, r.segments[0]!.critical]));
    assert.deepEqual(flags, { extract: true, clean: false, features: true, train: true });
    assert.deepEqual(t.critical, { steps: 3, waitingMs: 60_000, runningMs: 29 * 60_000 });
    assert.deepEqual([min(t.start), min(t.end)], [0, 30]);
  });

  it('marks the pods that no longer exist, with why', () => {
    const t = workflowTimeline(wf([pod('a', 1, 2), pod('b', 2, 3)]), NOW, {
      gone: new Map([['a', { pod: 'wf-a-123', why: 'removed by pod GC' }]]),
    });
    const a = t.rows.find((r) => r.id === 'a')!.segments[0]!;
    const b = t.rows.find((r) => r.id === 'b')!.segments[0]!;
    assert.deepEqual([a.gone, a.pod], ['removed by pod GC', 'wf-a-123']);
    assert.equal(b.gone, undefined);
    assert.equal(t.gone, 1);
  });

  it('runs a running step to now, and a step that never ended to the end of its ended workflow', () => {
    const running = workflowTimeline(wf([pod('a', 10, undefined)]), NOW);
    const seg = running.rows[0]!.segments[0]!;
    assert.deepEqual([min(seg.start), min(seg.end), seg.open], [10, 60, true]);
    assert.equal(min(running.end), 60);
    const ended = workflowTimeline(
      wf([pod('a', 10, undefined, { phase: 'Failed' })], { phase: 'Failed', finishedAt: at(20) }),
      NOW,
    );
    const e = ended.rows[0]!.segments[0]!;
    assert.deepEqual([min(e.end), e.open], [20, false]);
    assert.equal(min(ended.end), 20);
  });

  it('reads compressedNodes as it reads nodes', () => {
    const nodes = [pod('a', 1, 2, { hostNodeName: 'n' }), pod('b', 3, 4, { hostNodeName: 'n' })];
    const plain = workflowTimeline(wf(nodes), NOW);
    const compressed = workflowTimeline(
      {
        metadata: { name: 'wf', namespace: 'argo' },
        status: {
          phase: 'Running',
          startedAt: at(0),
          compressedNodes: gzipSync(JSON.stringify(Object.fromEntries(nodes.map((n) => [n.id, n])))).toString('base64'),
        },
      },
      NOW,
    );
    assert.deepEqual(compressed, plain);
    assert.equal(plain.rows.length, 2);
  });

  it('never throws on an empty, summary-only or malformed workflow; says why when nodes cannot be read', () => {
    const inputs: unknown[] = [
      {},
      null,
      { metadata: { name: 'wf' } },
      { status: 'odd' },
      { status: { nodes: 'odd' } },
      { status: { nodes: [1, 2] } },
      {
        status: {
          startedAt: 'not a date',
          nodes: {
            a: null,
            b: 42,
            c: { type: 'Pod', startedAt: 'never' },
            d: { id: 7, type: 'Pod', startedAt: at(1), finishedAt: at(0), children: 'x', hostNodeName: 3 },
            e: { id: 'e', type: 'Retry', children: [null, 'd', 5] },
          },
        },
      },
    ];
    for (const input of inputs) {
      const t = workflowTimeline(input as Workflow, NOW);
      assert.ok(t.end >= t.start, JSON.stringify(input));
      for (const r of t.rows) for (const s of r.segments) assert.ok(s.end >= s.start);
    }
    const odd = workflowTimeline(inputs[6] as Workflow, NOW);
    assert.deepEqual(
      odd.rows.map((r) => [r.id, r.segments.map((s) => [s.nodeId, s.attempt])]),
      [['e', [['d', 2]]]],
      'a node with a bad id is keyed by its key, and found in its retry',
    );
    const offloaded = workflowTimeline({ status: { offloadNodeStatusVersion: 'v1' } }, NOW);
    assert.match(offloaded.message ?? '', /offloaded/);
    const undecodable = workflowTimeline({ status: { compressedNodes: 'bm90IGd6aXA=' } }, NOW);
    assert.match(undecodable.message ?? '', /not gzip/);
    assert.equal(workflowTimeline({ metadata: { name: 'wf' } }, NOW).message, undefined);
  });

  it("lays out every pod of the demo's 10,000-node workflow exactly once", () => {
    const big = new BigWorkflow('scale-big', 10_000, new Date('2026-08-01T10:17:00Z'));
    const head = `"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"scale-big","namespace":"argo"},`;
    const w = JSON.parse(big.render(head).toString('utf8')) as Workflow;
    const t = workflowTimeline(w, new Date('2026-08-02T00:00:00Z'));
    const pods = Object.values(w.status!.nodes!).filter((n) => n.type === 'Pod');
    const seen = t.rows.flatMap((r) => r.segments.map((s) => s.nodeId));
    assert.equal(seen.length, pods.length);
    assert.equal(new Set(seen).size, pods.length);
    // Retried items: one row with several attempts; groups tile the rows.
    assert.ok(t.rows.some((r) => r.segments.length === 3 && r.segments.some((s) => s.phase === 'Failed')));
    let next = 0;
    for (const g of t.groups) {
      assert.equal(g.first, next);
      next += g.count;
    }
    assert.equal(next, t.rows.length);
    assert.ok(t.critical.steps >= 2);
    assert.ok(t.rows.some((r) => r.segments.some((s) => s.critical)));
  });
});
