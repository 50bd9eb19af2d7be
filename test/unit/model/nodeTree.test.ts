import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { NodeTree } from '../../../src/core/model/nodeTree';
import { workflowNodes, type ArgoNode } from '../../../src/core/model/nodes';
import { compareWorkflows, escapeMarkdown, formatDuration } from '../../../src/core/model/present';
import { CORPUS } from '../../support/paths';

function allPlaced(tree: NodeTree): string[] {
  const seen: string[] = [];
  const walk = (id: string | undefined) => {
    for (const c of tree.childrenOf(id)) {
      if (c.kind === 'node') {
        seen.push(c.node.id);
        walk(c.node.id);
      } else {
        for (const n of tree.childrenOf(c.parentId || undefined, c.page)) {
          if (n.kind !== 'node') continue;
          seen.push(n.node.id);
          walk(n.node.id);
        }
      }
    }
  };
  walk(undefined);
  return seen;
}

describe('workflow node tree', () => {
  it('places every node of every corpus status object exactly once, failed nodes included', () => {
    const dir = path.join(CORPUS, 'argo-status');
    const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
    assert.ok(files.length >= 20);
    for (const f of files) {
      const wf = parse(readFileSync(path.join(dir, f), 'utf8')) as { metadata: { name: string } };
      const nodes = workflowNodes(wf);
      if (nodes.kind !== 'nodes') continue;
      const tree = new NodeTree(wf.metadata.name, nodes.nodes);
      const placed = allPlaced(tree);
      const root = tree.rootId ? 1 : 0;
      assert.equal(new Set(placed).size, placed.length, `${f}: a node appears twice`);
      assert.equal(
        placed.length + root,
        Object.keys(nodes.nodes).length,
        `${f}: ${Object.keys(nodes.nodes).length - placed.length - root} node(s) missing`,
      );
      for (const [id, n] of Object.entries(nodes.nodes))
        if (n.phase === 'Failed' && id !== tree.rootId)
          assert.ok(placed.includes(id), `${f}: failed ${id} unreachable`);
    }
  });

  it('nests retry attempts under their Retry node inside DAGs, as argo get does', () => {
    const wf = parse(readFileSync(path.join(CORPUS, 'argo-status', '03-dag-exhausted-retries-xfail.yaml'), 'utf8')) as {
      metadata: { name: string };
      status: { nodes: Record<string, ArgoNode> };
    };
    const tree = new NodeTree(wf.metadata.name, wf.status.nodes);
    const outline: string[] = [];
    const walk = (id: string | undefined, depth: number) => {
      for (const c of tree.childrenOf(id)) {
        if (c.kind !== 'node') continue;
        outline.push(`${'  '.repeat(depth)}${c.node.displayName}`);
        walk(c.node.id, depth + 1);
      }
    };
    walk(undefined, 0);
    assert.deepEqual(outline, [
      'success1',
      '  success1(0)',
      'sub-dag1',
      '  fail',
      '    fail(0)',
      '    fail(1)',
      'success2',
    ]);
  });

  it('orders step groups and groups a large fan-out, failed first, in pages', () => {
    const nodes: Record<string, ArgoNode> = { wf: { id: 'wf', name: 'wf', type: 'Steps', phase: 'Failed' } };
    nodes.g1 = { id: 'g1', name: 'wf[1]', type: 'StepGroup', boundaryID: 'wf', children: [] };
    nodes.g0 = { id: 'g0', name: 'wf[0]', type: 'StepGroup', boundaryID: 'wf', children: ['s0'] };
    nodes.s0 = {
      id: 's0',
      name: 'wf[0].prep',
      displayName: 'prep',
      type: 'Pod',
      boundaryID: 'wf',
      phase: 'Succeeded',
      children: ['g1'],
    };
    for (let i = 0; i < 250; i++) {
      nodes[`f${i}`] = {
        id: `f${i}`,
        name: `wf[1].work(${i}:x)`,
        displayName: `work(${i}:x)`,
        type: 'Pod',
        boundaryID: 'wf',
        phase: i === 200 ? 'Failed' : 'Succeeded',
      };
      nodes.g1.children!.push(`f${i}`);
    }
    const tree = new NodeTree('wf', nodes);
    assert.deepEqual(
      tree.childrenOf(undefined).map((c) => (c.kind === 'node' ? c.node.id : c.label)),
      ['g0', 'g1'],
    );
    const groups = tree.childrenOf('g1');
    assert.equal(groups.length, 3);
    const g = groups[0]!;
    assert.ok(g.kind === 'fanout' && g.total === 250 && g.failed === 1 && g.succeeded === 249);
    const firstPage = tree.childrenOf('g1', 0);
    assert.equal(firstPage.length, 100);
    assert.ok(firstPage[0]!.kind === 'node' && firstPage[0]!.node.id === 'f200', 'failed first');
  });

  it('decodes compressedNodes, and explains offloaded or undecodable status', () => {
    const nodes = { a: { id: 'a', phase: 'Failed' } };
    const c = workflowNodes({ status: { compressedNodes: gzipSync(JSON.stringify(nodes)).toString('base64') } });
    assert.deepEqual(c, { kind: 'nodes', nodes });
    assert.equal(workflowNodes({ status: { offloadNodeStatusVersion: 'fnv:123' } }).kind, 'offloaded');
    assert.equal(workflowNodes({ status: { compressedNodes: 'bm90IGd6aXA=' } }).kind, 'undecodable');
    assert.equal(workflowNodes(null).kind, 'none');
  });

  it('formats durations, escapes markdown and sorts failed first, newest first', () => {
    assert.equal(formatDuration(125_000), '2m 05s');
    assert.equal(formatDuration(3 * 3600_000 + 600_000), '3h 10m');
    assert.equal(escapeMarkdown('[x](command:rm)'), '\\[x\\]\\(command:rm\\)');
    const list = [
      { phase: 'Succeeded', created: '3' },
      { phase: 'Failed', created: '1' },
      { phase: 'Running', created: '2' },
      { phase: 'Failed', created: '2' },
    ];
    assert.deepEqual(
      list.sort(compareWorkflows).map((w) => `${w.phase}${w.created}`),
      ['Failed2', 'Failed1', 'Running2', 'Succeeded3'],
    );
  });
});
