import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { workflowNodes } from '../../../src/core/model/nodes';

const compressed = (nodes: unknown) => gzipSync(JSON.stringify(nodes)).toString('base64');

describe('workflow nodes', () => {
  it('decodes compressedNodes once per workflow object, again when they change', () => {
    const status: Record<string, unknown> = { compressedNodes: compressed({ a: { id: 'a', phase: 'Failed' } }) };
    const wf = { status };
    const first = workflowNodes(wf);
    assert.equal(first.kind, 'nodes');
    assert.equal(workflowNodes(wf), first, 'the same decoded map for every caller');
    assert.equal(workflowNodes({ status }), first, 'keyed by the status object');
    status.compressedNodes = compressed({ b: { id: 'b', phase: 'Succeeded' } });
    const second = workflowNodes(wf);
    assert.notEqual(second, first);
    assert.deepEqual(second.kind === 'nodes' && Object.keys(second.nodes), ['b']);
    // Another workflow object with the same text is decoded on its own (nothing is shared across objects).
    const other = workflowNodes({ status: { compressedNodes: status.compressedNodes } });
    assert.notEqual(other, second);
    assert.deepEqual(other, second);
  });

  it('reads plain status.nodes, and says when there are none', () => {
    const nodes = { a: { id: 'a' } };
    assert.deepEqual(workflowNodes({ status: { nodes } }), { kind: 'nodes', nodes });
    assert.equal(workflowNodes({ status: { nodes: {} } }).kind, 'none');
    assert.equal(workflowNodes({ status: { nodes: {}, compressedNodes: 'bm90IGd6aXA=' } }).kind, 'undecodable');
  });
});
