import assert from 'node:assert/strict';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { stepPickItems, workflowPickItems } from '../../../src/core/model/pickItems';
import type { Workflow } from '../../../src/core/model/workflow';

const w = (name: string, phase: string, created: string): Workflow => ({
  metadata: { name, namespace: 'argo', creationTimestamp: created },
  status: { phase: phase as never, finishedAt: phase === 'Running' ? undefined : '2026-01-01T00:10:00Z' },
});

describe('pick items', () => {
  const now = new Date('2026-01-01T00:15:00Z');

  it('lists failed workflows first, then running, newest first, and names the failed step', () => {
    const items = workflowPickItems(
      [
        w('old-ok', 'Succeeded', '2026-01-01T00:00:00Z'),
        w('run', 'Running', '2026-01-01T00:01:00Z'),
        w('err', 'Error', '2026-01-01T00:02:00Z'),
        w('fail', 'Failed', '2026-01-01T00:03:00Z'),
      ],
      (x) => (x.metadata?.name === 'fail' ? { id: 'n', displayName: 'train', message: 'OOMKilled' } : undefined),
      now,
    );
    assert.deepEqual(
      items.map((i) => i.value.metadata?.name),
      ['fail', 'err', 'run', 'old-ok'],
    );
    assert.equal(items[0]?.label, '$(error) fail');
    assert.equal(items[0]?.detail, 'train: OOMKilled');
    assert.equal(items[0]?.description, 'Failed · argo · ended 5m 00s ago');
    assert.equal(items[2]?.description, 'Running · argo');
  });

  it('lists steps of the asked types, failed first, then in start order', () => {
    const nodes: ArgoNode[] = [
      { id: 'a', displayName: 'a', type: 'Pod', phase: 'Succeeded', startedAt: '1' },
      { id: 'b', displayName: 'b', type: 'Pod', phase: 'Failed', startedAt: '3', message: 'exit code 1' },
      { id: 'c', displayName: 'c', type: 'Pod', phase: 'Running', startedAt: '2' },
      { id: 'd', displayName: 'd', type: 'Steps', phase: 'Failed', startedAt: '0' },
    ];
    const items = stepPickItems(nodes, ['Pod']);
    assert.deepEqual(
      items.map((i) => i.value.id),
      ['b', 'c', 'a'],
    );
    assert.equal(items[0]?.detail, 'exit code 1');
    assert.deepEqual(
      stepPickItems(nodes, ['Pod'], 2).map((i) => i.value.id),
      ['b', 'c'],
      'at most max, the failed first',
    );
  });
});
