import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { KObject } from '../../../src/kube/kubeClient';
import { gatherWaitingBundle } from '../../../src/kube/gatherWaiting';
import { FakeKube } from '../../support/fakeKube';
import { SHARED } from '../../support/paths';

type Case = { workflow: KObject; workflowNode: { id: string } | null; related: KObject[] };
const caseFile = (name: string) =>
  JSON.parse(readFileSync(path.join(SHARED, 'failures', 'cases', name), 'utf8')) as Case;

/** The case's workflow with its waiting step as a node of its status, as the cluster would hold it. */
function withNode(c: Case): KObject {
  const wf = structuredClone(c.workflow);
  if (c.workflowNode) (wf.status as Record<string, unknown>).nodes = { [c.workflowNode.id]: c.workflowNode };
  return wf;
}

describe('gathering the evidence of a waiting workflow', () => {
  it('reads the holders of a semaphore and the ConfigMap with its limit', async () => {
    const c = caseFile('w01-semaphore-held-step.json');
    const kube = new FakeKube();
    for (const r of c.related) kube.put(r);
    const wf = withNode(c);
    const b = await gatherWaitingBundle(kube, wf, c.workflowNode!.id, { unfinished: [wf], now: new Date(0) });
    assert.equal(b.workflowNode?.id, c.workflowNode!.id);
    const names = (b.related ?? []).map((r) => `${String(r.kind)}/${String((r.metadata as { name: string }).name)}`);
    assert.ok(names.includes('ConfigMap/semaphore-limits'), names.join(', '));
    assert.ok(
      names.includes('Workflow/nightly-train-x8d2w') && names.includes('Workflow/eval-llm-4rt9c'),
      names.join(),
    );
    const w = b.workflow as {
      status: { synchronization?: unknown; nodes?: Record<string, { type: string; phase: string }> };
    };
    assert.ok(w.status.synchronization, 'the lock status travels with the workflow');
    // Without its node status, but for its active pods (what its own parallelism counts).
    assert.deepEqual(
      Object.values(w.status.nodes ?? {}).map((n) => `${n.type} ${n.phase}`),
      ['Pod Pending'],
    );
  });

  it('for a workflow that waits before any step: no step, the running workflows and the controller config', async () => {
    const c = caseFile('w02-controller-parallelism.json');
    const kube = new FakeKube();
    const running = c.related.filter((r) => r.kind === 'Workflow');
    for (const r of c.related) kube.put(r);
    const b = await gatherWaitingBundle(kube, c.workflow, undefined, {
      unfinished: [c.workflow, ...running],
      now: new Date(0),
    });
    assert.equal(b.workflowNode, null);
    const kinds = (b.related ?? []).map((r) => String(r.kind));
    assert.equal(kinds.filter((k) => k === 'Workflow').length, running.length);
    assert.ok(kinds.includes('ConfigMap'), 'the controller configmap');
    // Forbidden reads leave their evidence out, nothing more.
    const denied = new FakeKube().fail('getConfigMap', { kind: 'forbidden', message: 'no' });
    const b2 = await gatherWaitingBundle(denied, c.workflow, undefined, { unfinished: [c.workflow], now: new Date(0) });
    assert.deepEqual(b2.related, []);
  });

  it('keeps what a mutex holder is doing (its suspend step), not its whole status', async () => {
    const c = caseFile('w03-mutex-held-workflow.json');
    const kube = new FakeKube();
    for (const r of c.related) kube.put(r);
    const b = await gatherWaitingBundle(kube, c.workflow, undefined, { unfinished: [c.workflow], now: new Date(0) });
    const holder = (b.related ?? []).find((r) => (r.metadata as { name: string }).name === 'load-warehouse-5bq7w') as
      { status: { nodes: Record<string, { type: string }> } } | undefined;
    assert.ok(holder, 'the holder is read');
    assert.deepEqual(
      Object.values(holder.status.nodes).map((n) => n.type),
      ['Suspend'],
    );
  });
});
