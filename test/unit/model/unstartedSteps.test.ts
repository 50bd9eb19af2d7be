// Steps Argo has not started (it creates a node only when it starts a step): from the templates and the nodes.
import assert from 'node:assert/strict';
import { workflowNodes } from '../../../src/core/model/nodes';
import { unstartedSteps as fromNodes } from '../../../src/core/model/unstartedSteps';
import { waitingStepOf } from '../../../src/core/model/waitingStep';
import type { Workflow } from '../../../src/core/model/workflow';

type O = Record<string, unknown>;
const unstartedSteps = (wf: Workflow) => {
  const parsed = workflowNodes(wf);
  return fromNodes(wf, parsed.kind === 'nodes' ? parsed.nodes : {});
};
const workflow = (templates: O[], nodes: O[], stored = false): Workflow =>
  ({
    metadata: { name: 'w', namespace: 'ns' },
    spec: stored ? { workflowTemplateRef: { name: 'tmpl' } } : { entrypoint: 'main', templates },
    status: {
      phase: 'Running',
      nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
      ...(stored ? { storedWorkflowTemplateSpec: { templates } } : {}),
    },
  }) as unknown as Workflow;

const steps: O = { id: 'w', name: 'w', displayName: 'w', type: 'Steps', phase: 'Running', templateName: 'main' };
const group = (children: string[]): O => ({
  id: 'g',
  name: 'w[0]',
  displayName: '[0]',
  type: 'StepGroup',
  phase: 'Running',
  boundaryID: 'w',
  children,
});
const pod = (id: string, displayName: string, phase = 'Running'): O => ({
  id,
  name: `w[0].${displayName}`,
  displayName,
  type: 'Pod',
  phase,
  boundaryID: 'w',
});
const main = { name: 'main', steps: [[{ name: 'score' }, { name: 'report' }]] };

describe('steps not started (unstartedSteps)', () => {
  it('a fan-out that started counts as started; the step without a node does not', () => {
    const wf = workflow([main], [steps, group(['a']), pod('a', 'score(0:eu)')]);
    assert.deepEqual(unstartedSteps(wf), [{ name: 'report', boundaryId: 'w', template: 'main' }]);
  });

  it('reads the templates stored from a WorkflowTemplate (workflowTemplateRef runs)', () => {
    const wf = workflow([main], [steps, group(['a']), pod('a', 'score')], true);
    assert.deepEqual(
      unstartedSteps(wf).map((s) => s.name),
      ['report'],
    );
  });

  it('nothing for finished groups, missing templates or no nodes', () => {
    assert.deepEqual(unstartedSteps(workflow([main], [steps, { ...group(['a']), phase: 'Succeeded' }])), []);
    assert.deepEqual(unstartedSteps(workflow([], [steps, group([])])), []);
    assert.deepEqual(unstartedSteps({ metadata: {} } as Workflow), []);
  });

  it('Explain picks the whole workflow when its steps only run while others have not started', () => {
    const held = workflow([main], [steps, group(['a']), pod('a', 'score')]);
    assert.equal(waitingStepOf(held), undefined);
    const pending = workflow([main], [steps, group(['a']), pod('a', 'score', 'Pending')]);
    assert.equal(waitingStepOf(pending)?.id, 'a', 'a pending pod is what waits');
    const allStarted = workflow([main], [steps, group(['a', 'b']), pod('a', 'score'), pod('b', 'report')]);
    assert.deepEqual(unstartedSteps(allStarted), [], 'every step started');
  });
});
