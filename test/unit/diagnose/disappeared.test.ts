import assert from 'node:assert/strict';
import { disappearedPods } from '../../../src/core/diagnose/disappeared';
import type { ArgoNode } from '../../../src/core/model/argoNode';

describe('pods that disappeared', () => {
  it('says why each pod of a workflow is gone', () => {
    const nodes: Record<string, ArgoNode> = {
      a: { id: 'a', displayName: 'alive', type: 'Pod', startedAt: 't', finishedAt: 't', phase: 'Succeeded' },
      b: { id: 'b', displayName: 'gcd', type: 'Pod', startedAt: 't', finishedAt: 't', phase: 'Succeeded' },
      c: {
        id: 'c',
        displayName: 'drained',
        type: 'Pod',
        startedAt: 't',
        finishedAt: 't',
        phase: 'Error',
        message: 'pod deleted',
      },
      d: { id: 'd', displayName: 'lost', type: 'Pod', startedAt: 't', finishedAt: 't', phase: 'Error' },
      e: { id: 'e', displayName: 'never', type: 'Pod', phase: 'Pending' },
      g: { id: 'g', displayName: 'group', type: 'StepGroup', startedAt: 't' },
    };
    const recorded = (id: string) =>
      id === 'd'
        ? { workflowNode: { id }, node: { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } } }
        : undefined;
    const out = disappearedPods(
      { spec: { podGC: { strategy: 'OnPodCompletion' } } },
      nodes,
      (n) => `pod-${n.id}`,
      new Set(['pod-a']),
      recorded,
    );
    assert.deepEqual(
      out.map((p) => [p.step, p.why.split(' (')[0]!.split(';')[0]]),
      [
        ['gcd', "removed by the workflow's pod garbage collection"],
        ['drained', 'deleted while it ran'],
        ['lost', 'its node was lost'],
      ],
    );
    assert.match(out[2]!.why, /evidence was recorded/);
  });
});
