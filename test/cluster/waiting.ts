// Explanations of workflows that wait on what the cluster enforces: a semaphore held by another workflow, a
// namespace's parallelism limit, a workflow's own parallelism, a ResourceQuota. On the real cluster Argo's own
// controller and the apiserver hold them back; the explanation is gathered and made as Explain does (the waiting
// bundle through client-node, then the diagnosis). Registered by kube.test.ts inside its suite.
import assert from 'node:assert/strict';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { isCompleted } from '../../src/core/model/phase';
import { waitingStepOf } from '../../src/core/model/waitingStep';
import type { Workflow } from '../../src/core/model/workflow';
import { ClientNodeKube } from '../../src/kube/clientNodeKube';
import { gatherWaitingBundle } from '../../src/kube/gatherWaiting';
import type { ClusterTarget, WaitingScenarios } from '../support/clusterTarget';

const CASES: [keyof WaitingScenarios, string][] = [
  ['semaphoreHeld', 'a workflow waiting for a semaphore another workflow holds: the lock, its limit, the holder'],
  ['namespaceParallelism', "a workflow postponed by its namespace's parallelism limit: the limit, who runs"],
  ['workflowParallelism', "a step held back by its workflow's spec.parallelism: which step, which one runs"],
  ['quotaExceeded', "a step whose pod the namespace's ResourceQuota refuses: the quota, the resource"],
];

export function waitingTests(target: () => ClusterTarget): void {
  describe('explains workflows that wait on what the cluster enforces', function () {
    this.timeout(180_000);
    for (const [scenario, title] of CASES) {
      it(`explains ${title}`, async function () {
        const scenarios = target().waiting;
        if (!scenarios) return this.skip();
        const c = await scenarios[scenario]();
        try {
          const kube = new ClientNodeKube(target().kubeConfig('admin'));
          const ns = c.workflow.metadata!.namespace!;
          const listed = await kube.listArgo('workflows', ns);
          assert.ok(listed.ok, JSON.stringify(listed));
          const unfinished = listed.value.filter((w) => !isCompleted((w as Workflow).status?.phase));
          // The step Explain picks (as the host does), unless the scenario names it.
          const nodeId = c.nodeId ?? waitingStepOf(c.workflow as Workflow)?.id;
          const bundle = await gatherWaitingBundle(kube, c.workflow, nodeId, { unfinished });
          const d = diagnose(bundle);
          const said = [d.cause, ...d.evidence, ...d.fixes, d.waiting ?? ''].join('\n');
          assert.equal(d.rootCause, c.rootCause, said);
          for (const m of c.mentions) assert.ok(said.includes(m), `the explanation names ${m}:\n${said}`);
        } finally {
          await c.done();
        }
      });
    }
  });
}
