// The sidebar's model: building the step tree of a 10,000-node workflow, the first level of the demo's big workflow
// (`--big-workflow`) at 10,000 and 100,000 nodes, and applying watch updates to a list of 2,000 workflows, each
// against a floor measured in the same run (JSON.parse of the same data).
import { gzipSync } from 'node:zlib';
import { BigWorkflow } from '../src/demo/bigWorkflow';
import { failedStepOf } from '../src/core/model/failedStep';
import { NodeTree } from '../src/core/model/nodeTree';
import { workflowNodes, type ArgoNode } from '../src/core/model/nodes';
import { compareWorkflows } from '../src/core/model/present';
import type { Workflow } from '../src/core/model/workflow';
import type { BenchReport } from './run.mts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A DAG workflow with fan-outs, retries and nested steps: `count` nodes in all. */
function bigWorkflow(count: number): Record<string, ArgoNode> {
  const nodes: Record<string, ArgoNode> = {
    wf: { id: 'wf', name: 'wf', type: 'DAG', phase: 'Failed', startedAt: '2026-01-01T00:00:00Z' },
  };
  let n = 1;
  const t = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  while (n < count) {
    const task = `t${n}`;
    nodes[task] = {
      id: task,
      name: `wf.${task}`,
      displayName: task,
      type: 'Retry',
      boundaryID: 'wf',
      phase: 'Succeeded',
      startedAt: t(n),
      children: [],
    };
    n++;
    for (let a = 0; a < 3 && n < count; a++, n++) {
      const id = `${task}-a${a}`;
      nodes[id] = {
        id,
        name: `wf.${task}(${a})`,
        displayName: `${task}(${a})`,
        type: 'Pod',
        boundaryID: 'wf',
        phase: a < 2 ? 'Failed' : 'Succeeded',
        startedAt: t(n),
        finishedAt: t(n + 5),
      };
      nodes[task]!.children!.push(id);
    }
    const fan = `f${n}`;
    nodes[fan] = {
      id: fan,
      name: `wf.${fan}`,
      displayName: fan,
      type: 'TaskGroup',
      boundaryID: 'wf',
      phase: 'Failed',
      startedAt: t(n),
      children: [],
    };
    n++;
    for (let i = 0; i < 500 && n < count; i++, n++) {
      const id = `${fan}-${i}`;
      nodes[id] = {
        id,
        name: `wf.${fan}(${i}:item)`,
        displayName: `${fan}(${i}:item)`,
        type: 'Pod',
        boundaryID: 'wf',
        phase: i % 97 === 0 ? 'Failed' : 'Succeeded',
        startedAt: t(n),
      };
      nodes[fan]!.children!.push(id);
    }
  }
  return nodes;
}

const MB = 1024 * 1024;

/**
 * The sidebar's first level of one workflow of `count` nodes as the demo serves it: from the parsed object,
 * workflowNodes + NodeTree + childrenOf(undefined), against JSON.parse of the same text; then what the view adds for a
 * failed workflow (its failed step, and whether each top-level row has children). Heap: what the tree keeps once the
 * garbage is collected, the parsed workflow not counted (the watch cache holds it anyway).
 */
function bigFirstLevel(count: number, runs: number): BenchReport {
  const gc = (globalThis as { gc?: () => void }).gc;
  const text = new BigWorkflow('scale-big', count, new Date(Date.UTC(2026, 7, 1, 10, 17)))
    .render('"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"scale-big","namespace":"argo"},')
    .toString('utf8');
  const parse: number[] = [];
  const first: number[] = [];
  const rows: number[] = [];
  const held: number[] = [];
  let parsedMb = 0;
  let size = 0;
  // Each run's tree and workflow are local to it, so the previous run's are garbage by the next baseline.
  for (let i = 0; i < runs; i++) {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let s = performance.now();
    const wf = JSON.parse(text) as Workflow;
    parse.push(performance.now() - s);
    gc?.();
    const parsed = process.memoryUsage().heapUsed;
    parsedMb = (parsed - before) / MB;
    s = performance.now();
    const nodes = workflowNodes(wf);
    if (nodes.kind !== 'nodes') throw new Error('the big workflow has no nodes');
    const tree = new NodeTree('scale-big', nodes.nodes);
    const top = tree.childrenOf(undefined);
    first.push(performance.now() - s);
    failedStepOf(wf);
    for (const c of top) if (c.kind === 'node') void tree.childrenOf(c.node.id).length;
    rows.push(performance.now() - s);
    gc?.();
    held.push((process.memoryUsage().heapUsed - parsed) / MB);
    // Uses both after the measurement, so neither is collected before it.
    size = tree.size + (wf.status ? 0 : 1);
  }
  const ratio = median(first) / median(parse);
  const heap = Math.max(...held);
  return {
    name: `tree model: first level of the demo's big workflow, ${size.toLocaleString('en-US')} nodes`,
    detail: {
      'JSON size (MB)': (text.length / MB).toFixed(1),
      'JSON.parse (median ms)': median(parse).toFixed(1),
      'heap of the parsed workflow (MB)': parsedMb.toFixed(1),
      'nodes + tree + first level (ms)': median(first).toFixed(1),
      'ratio to JSON.parse': `${ratio.toFixed(2)}x`,
      '+ failed step, row children (ms)': median(rows).toFixed(1),
      'heap held by the tree (MB, max)': heap.toFixed(1),
      target: 'first level under 500 ms and under 1x JSON.parse; tree heap under 100 MB',
    },
    pass: median(first) < 500 && ratio < 1 && heap < 100,
  };
}

/**
 * The same first level when the controller wrote the nodes as status.compressedNodes (as Argo does for workflows
 * this large): decoding them is part of the work. Reported, no target: JSON.parse of the plain nodes is the floor.
 */
function compressedFirstLevel(count: number, runs: number): BenchReport {
  const wf = JSON.parse(
    new BigWorkflow('scale-big', count, new Date(Date.UTC(2026, 7, 1, 10, 17)))
      .render('"metadata":{"name":"scale-big","namespace":"argo"},')
      .toString('utf8'),
  ) as Workflow;
  const plain = JSON.stringify(wf.status!.nodes);
  const compressedNodes = gzipSync(plain).toString('base64');
  const text = JSON.stringify({ ...wf, status: { ...wf.status, nodes: undefined, compressedNodes } });
  const floor: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < runs; i++) {
    let s = performance.now();
    JSON.parse(plain);
    floor.push(performance.now() - s);
    const parsed = JSON.parse(text) as Workflow;
    s = performance.now();
    const nodes = workflowNodes(parsed);
    if (nodes.kind !== 'nodes') throw new Error('the compressed nodes do not decode');
    new NodeTree('scale-big', nodes.nodes).childrenOf(undefined);
    first.push(performance.now() - s);
  }
  return {
    name: `tree model: the same, ${count.toLocaleString('en-US')} nodes as status.compressedNodes`,
    detail: {
      'compressedNodes (MB of base64)': (compressedNodes.length / MB).toFixed(1),
      'JSON.parse of the plain nodes (ms)': median(floor).toFixed(1),
      'decode + tree + first level (ms)': median(first).toFixed(1),
      'ratio to JSON.parse': `${(median(first) / median(floor)).toFixed(2)}x`,
    },
  };
}

export async function run(): Promise<BenchReport[]> {
  const reports: BenchReport[] = [];
  // 1. The tree model of a 10,000-node workflow.
  const nodes = bigWorkflow(10_000);
  const json = JSON.stringify(nodes);
  const gc = (globalThis as { gc?: () => void }).gc;
  const build: number[] = [];
  const parse: number[] = [];
  let tree: NodeTree | undefined;
  for (let i = 0; i < 9; i++) {
    let s = performance.now();
    const parsed = JSON.parse(json) as Record<string, ArgoNode>;
    parse.push(performance.now() - s);
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    s = performance.now();
    tree = new NodeTree('wf', parsed);
    for (const c of tree.childrenOf(undefined)) if (c.kind === 'node') tree.childrenOf(c.node.id);
    build.push(performance.now() - s);
    if (i === 8)
      reports.push({
        name: `tree model: workflow with ${tree.size.toLocaleString('en-US')} nodes`,
        detail: {
          'JSON.parse of its nodes (median ms)': median(parse).toFixed(2),
          'tree build + first expansion (median ms)': median(build).toFixed(2),
          'ratio to JSON.parse': `${(median(build) / median(parse)).toFixed(2)}x`,
          'heap held by the tree (MB)': ((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(1),
          target: 'under 50 ms',
        },
        pass: median(build) < 50,
      });
  }
  // 2. The first level of one huge workflow.
  reports.push(bigFirstLevel(10_000, 9), bigFirstLevel(100_000, 5), compressedFirstLevel(100_000, 3));
  // 3. 1,000 watch updates applied to a list of 2,000 workflows: cache update, invalidate its tree, re-sort when the order may change.
  gc?.();
  const heapBeforeList = process.memoryUsage().heapUsed;
  const list = new Map<string, { phase: string; created: string; rv: number }>();
  for (let i = 0; i < 2000; i++)
    list.set(`argo/wf-${i}`, {
      phase: i % 10 === 0 ? 'Failed' : 'Succeeded',
      created: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      rv: i,
    });
  const trees = new Map<string, unknown>();
  const updates: { key: string; phase: string; add: boolean }[] = Array.from({ length: 1000 }, (_, i) => ({
    key: `argo/wf-${(i * 7919) % 2100}`,
    phase: i % 3 === 0 ? 'Failed' : 'Running',
    add: (i * 7919) % 2100 >= 2000,
  }));
  const runs: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < 7; r++) {
    let s = performance.now();
    for (const u of updates) JSON.parse(`{"key":"${u.key}","phase":"${u.phase}"}`);
    floor.push(performance.now() - s);
    s = performance.now();
    let dirtyRoot = false;
    for (const [i, u] of updates.entries()) {
      const before = list.get(u.key);
      const phase = (r + u.key.length) % 2 ? u.phase : 'Succeeded';
      list.set(u.key, { phase, created: '2026-02-01T00:00:00Z', rv: r });
      trees.delete(u.key);
      // Additions, deletions and phase changes re-order the root; the view coalesces refreshes (250 ms), modelled
      // here as one re-sort per burst of 50 events.
      if (!before || before.phase !== phase) dirtyRoot = true;
      if (dirtyRoot && i % 50 === 49) {
        [...list.values()].sort(compareWorkflows);
        dirtyRoot = false;
      }
    }
    runs.push(performance.now() - s);
  }
  const perUpdate = median(runs) / updates.length;
  reports.push({
    name: 'watch updates: 1,000 updates to 2,000 workflows',
    detail: {
      'parsing the same 1,000 events (median ms)': median(floor).toFixed(2),
      'applying them (median ms)': median(runs).toFixed(2),
      'per update (ms)': perUpdate.toFixed(4),
      'heap after the updates (MB, list and trees)': (
        (process.memoryUsage().heapUsed - heapBeforeList) /
        1024 /
        1024
      ).toFixed(1),
      target: 'under 1 ms per update on average',
    },
    pass: perUpdate < 1,
  });
  return reports;
}
