// Retry from the failed step (issue #18), as `argo retry` does without an Argo Server: the extension plans it with
// Argo's rules, deletes the failed step's pod and writes the workflow back; the cluster's controller then runs only
// that step again. Registered by kube.test.ts inside its suite.
import assert from 'node:assert/strict';
import { ClientNodeKube } from '../../src/kube/clientNodeKube';
import { retryWorkflow } from '../../src/kube/retryWorkflow';
import { phaseOf, podNode, type ClusterTarget } from '../support/clusterTarget';

export function retryTests(target: () => ClusterTarget): void {
  it('retries a failed workflow from its failed step: only that step runs again, and the workflow succeeds', async function () {
    const t = target();
    if (!t.failedOnParameter) return this.skip();
    const { workflow, kept, failed, parameter, fix } = await t.failedOnParameter();
    const ns = workflow.metadata!.namespace!;
    const name = workflow.metadata!.name!;
    const before = podNode(workflow, kept)!;
    assert.equal(podNode(workflow, failed)?.phase, 'Failed');
    const kube = new ClientNodeKube(t.kubeConfig('admin'));

    // Retried as it is, the step fails again on the real cluster: it runs again (a new attempt, a new pod) and the
    // workflow ends Failed. (The demo's retried steps always succeed: its failures were the cluster's doing.)
    if (t.kind === 'real') await retriedAsItIs();
    async function retriedAsItIs() {
      const plain = await retryWorkflow(kube, ns, name, {});
      assert.ok(plain.ok, JSON.stringify(!plain.ok && plain.error));
      const ended = await t.waitWorkflow(
        ns,
        name,
        (w) => phaseOf(w) === 'Failed' && podNode(w, failed)?.startedAt !== podNode(workflow, failed)?.startedAt,
        90_000,
        'the retried step to fail again',
      );
      assert.equal(podNode(ended, kept)?.startedAt, before.startedAt, `${kept} did not run again`);
    }

    const r = await retryWorkflow(kube, ns, name, { parameters: { [parameter]: fix } });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.deepEqual(r.value.rerun, [failed]);
    const done = await t.waitWorkflow(
      ns,
      name,
      (w) => phaseOf(w) === 'Succeeded',
      90_000,
      'the retried workflow to succeed',
    );
    const after = podNode(done, kept)!;
    assert.equal(after.id, before.id, `${kept} kept its node`);
    assert.equal(after.startedAt, before.startedAt, `${kept} did not run again`);
    assert.equal(podNode(done, failed)?.phase, 'Succeeded');

    const again = await retryWorkflow(kube, ns, name, {});
    assert.ok(!again.ok && again.error.kind === 'refused', 'a succeeded workflow is not retried without chosen steps');
  });
}
