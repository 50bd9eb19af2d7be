// Retry through the Kubernetes API: the pods of the steps that run again go first, then the workflow is written
// back; a conflict reads and plans again; Argo's refusals and the cluster's errors come back as values.
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/kube/kubeClient';
import { retryWorkflow } from '../../../src/kube/retryWorkflow';
import { FakeKube } from '../../support/fakeKube';

const failed = (): KObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: {
    name: 'etl',
    namespace: 'argo',
    resourceVersion: '7',
    labels: { 'workflows.argoproj.io/completed': 'true', 'workflows.argoproj.io/phase': 'Failed' },
  },
  spec: { entrypoint: 'main' },
  status: {
    phase: 'Failed',
    message: 'child failed',
    nodes: {
      etl: {
        id: 'etl',
        name: 'etl',
        displayName: 'etl',
        type: 'Steps',
        phase: 'Failed',
        templateName: 'main',
        children: ['g0'],
      },
      g0: {
        id: 'g0',
        name: 'etl[0]',
        displayName: '[0]',
        type: 'StepGroup',
        phase: 'Succeeded',
        boundaryID: 'etl',
        children: ['x'],
      },
      x: {
        id: 'x',
        name: 'etl[0].extract',
        displayName: 'extract',
        type: 'Pod',
        phase: 'Succeeded',
        boundaryID: 'etl',
        templateName: 'extract',
        children: ['g1'],
      },
      g1: {
        id: 'g1',
        name: 'etl[1]',
        displayName: '[1]',
        type: 'StepGroup',
        phase: 'Failed',
        boundaryID: 'etl',
        children: ['l'],
      },
      l: {
        id: 'l',
        name: 'etl[1].load',
        displayName: 'load',
        type: 'Pod',
        phase: 'Failed',
        boundaryID: 'etl',
        templateName: 'load',
      },
    },
  },
});
const pod = (name: string): KObject => ({ kind: 'Pod', metadata: { name, namespace: 'argo' } });

describe('retry through the Kubernetes API', () => {
  it("deletes the failed step's pod, keeps the others, and writes the workflow back without its phase", async () => {
    const kube = new FakeKube().put(failed()).put(pod('etl-load-1')).put(pod('etl-extract-1'));
    const loadPod = `etl-load-${(await import('../../../src/core/model/podName')).fnv32a('etl[1].load')}`;
    kube.put(pod(loadPod));
    const r = await retryWorkflow(kube, 'argo', 'etl', {});
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.deepEqual(r.value.rerun, ['load']);
    assert.deepEqual(r.value.deletedPods, [loadPod]);
    assert.ok(!kube.pods.has(`argo/${loadPod}`) && kube.pods.has('argo/etl-extract-1'));
    const methods = kube.calls.map((c) => c.method);
    assert.ok(methods.indexOf('deletePod') < methods.indexOf('replaceWorkflow'), 'pods go before the write');
    const written = kube.workflows.get('argo/etl')!;
    const status = written.status as { phase: string; nodes: Record<string, { phase: string }> };
    assert.equal(status.phase, '');
    assert.deepEqual(Object.keys(status.nodes).sort(), ['etl', 'g0', 'g1', 'x']);
    assert.equal(status.nodes.g1!.phase, 'Running');
    assert.equal(status.nodes.x!.phase, 'Succeeded');
    assert.equal(written.metadata?.labels?.['workflows.argoproj.io/completed'], undefined);
    assert.equal(written.metadata?.resourceVersion, '7', 'the write carries the version read');
  });

  it('a pod already gone is fine; a forbidden delete stops before the workflow is written', async () => {
    const gone = new FakeKube().put(failed());
    assert.ok((await retryWorkflow(gone, 'argo', 'etl', {})).ok);
    const denied = new FakeKube().put(failed()).fail('deletePod', { kind: 'forbidden', status: 403, message: 'no' });
    const r = await retryWorkflow(denied, 'argo', 'etl', {});
    assert.ok(!r.ok && r.error.kind === 'forbidden');
    assert.ok(!denied.calls.some((c) => c.method === 'replaceWorkflow'));
  });

  it('reads and plans again when the workflow changed meanwhile (409), then gives up after three tries', async () => {
    const kube = new FakeKube()
      .put(failed())
      .fail('replaceWorkflow', { kind: 'conflict', status: 409, message: 'changed' });
    const r = await retryWorkflow(kube, 'argo', 'etl', {});
    assert.ok(!r.ok && r.error.kind === 'conflict');
    assert.equal(kube.calls.filter((c) => c.method === 'getWorkflow').length, 3);
  });

  it('refuses what Argo refuses: a running workflow, a succeeded one without chosen steps', async () => {
    const running = failed();
    (running.status as { phase: string }).phase = 'Running';
    const r = await retryWorkflow(new FakeKube().put(running), 'argo', 'etl', {});
    assert.ok(!r.ok && r.error.kind === 'refused' && /phase Running/.test(r.error.message));
    const missing = await retryWorkflow(new FakeKube(), 'argo', 'etl', {});
    assert.ok(!missing.ok && missing.error.kind === 'notFound');
  });
});
