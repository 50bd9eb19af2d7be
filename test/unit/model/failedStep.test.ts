import assert from 'node:assert/strict';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { failedStepOf } from '../../../src/core/model/failedStep';

const wf = (...nodes: ArgoNode[]) => ({
  metadata: { name: 'wf' },
  status: { phase: 'Failed' as const, nodes: Object.fromEntries(nodes.map((n) => [n.id, n])) },
});
const at = (m: number) => `2026-01-01T00:${String(m).padStart(2, '0')}:00Z`;

describe('the failed step to explain', () => {
  const root: ArgoNode = { id: 'wf', name: 'wf', type: 'DAG', phase: 'Failed', children: ['r', 'b'] };
  const retried: ArgoNode[] = [
    { id: 'r', name: 'wf.a', type: 'Retry', phase: 'Succeeded', boundaryID: 'wf', children: ['r0', 'r1'] },
    {
      id: 'r0',
      name: 'wf.a(0)',
      type: 'Pod',
      phase: 'Failed',
      message: 'main: Error (exit code 1)',
      finishedAt: at(1),
    },
    { id: 'r1', name: 'wf.a(1)', type: 'Pod', phase: 'Succeeded', finishedAt: at(2) },
  ];

  it('skips failures a retry made good, for the later step that failed the workflow', () => {
    const b: ArgoNode = {
      id: 'b',
      name: 'wf.b',
      type: 'Pod',
      phase: 'Failed',
      message: 'main: OOMKilled',
      finishedAt: at(9),
    };
    assert.equal(failedStepOf(wf(root, ...retried, b))?.id, 'b');
  });

  it('explains a retry that gave up through the retry node, which sees every attempt', () => {
    const gaveUp: ArgoNode[] = [
      {
        id: 'g',
        name: 'wf.b',
        type: 'Retry',
        phase: 'Failed',
        message: 'No more retries left',
        children: ['g0', 'g1'],
      },
      { id: 'g0', name: 'wf.b(0)', type: 'Pod', phase: 'Failed', message: 'main: Error', finishedAt: at(5) },
      { id: 'g1', name: 'wf.b(1)', type: 'Pod', phase: 'Failed', message: 'main: Error', finishedAt: at(7) },
    ];
    assert.equal(failedStepOf(wf(root, ...retried, ...gaveUp))?.id, 'g');
  });

  it('still names a recovered failure when nothing else failed', () => {
    assert.equal(failedStepOf(wf(root, ...retried))?.id, 'r0');
  });
});
