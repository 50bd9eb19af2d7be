import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { waitingOf } from '../../../src/core/diagnose/waitingRow';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import type { Workflow } from '../../../src/core/model/workflow';
import { SHARED } from '../../support/paths';

const caseFile = (name: string) =>
  JSON.parse(readFileSync(path.join(SHARED, 'failures', 'cases', name), 'utf8')) as {
    workflow: Workflow;
    workflowNode: ArgoNode | null;
    observedAt: string;
  };

describe('what a row waits for', () => {
  it('names the semaphore a step waits on, and its holders, from the workflow alone', () => {
    const c = caseFile('w01-semaphore-held-step.json');
    const now = new Date(c.observedAt);
    const step = waitingOf(c.workflow, c.workflowNode!, now);
    assert.match(String(step), /semaphore/);
    assert.match(String(step), /gpu-jobs/);
    assert.match(String(waitingOf(c.workflow, undefined, now)), /semaphore.*gpu-jobs/);
  });

  it('names a mutex and a parallelism limit a whole workflow waits on', () => {
    const m = caseFile('w03-mutex-held-workflow.json');
    assert.match(String(waitingOf(m.workflow, undefined, new Date(m.observedAt))), /warehouse-load/);
    const p = caseFile('w02-controller-parallelism.json');
    assert.match(String(waitingOf(p.workflow, undefined, new Date(p.observedAt))), /parallelism|running/i);
  });

  it('says nothing for a workflow that just runs, or one that has ended', () => {
    const running: Workflow = {
      metadata: { name: 'etl', namespace: 'argo', creationTimestamp: '2026-01-01T00:00:00Z' },
      status: { phase: 'Running', startedAt: '2026-01-01T00:00:01Z' },
    };
    assert.equal(waitingOf(running, undefined, new Date('2026-01-01T00:05:00Z')), undefined);
    const c = caseFile('w01-semaphore-held-step.json');
    const done = { ...c.workflow, status: { ...c.workflow.status, phase: 'Failed' as const } };
    assert.equal(waitingOf(done, undefined, new Date(c.observedAt)), undefined);
    const pod: ArgoNode = { id: 'x', name: 'etl.x', type: 'DAG', phase: 'Running' };
    assert.equal(waitingOf(running, pod, new Date('2026-01-01T00:05:00Z')), undefined, 'a DAG node is not a wait');
  });
});
