// The evidence recorder and Explain above an in-memory cluster (test/support/fakeKube.ts): what is read, what is
// kept, and what an explanation rests on once the pod is gone.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { podNameOfNode } from '../../../src/core/model/podName';
import { EvidenceRecorder, EvidenceStore, withRecorded } from '../../../src/kube/evidence';
import { gatherBundle } from '../../../src/kube/gatherBundle';
import { pod, podNode, workflow } from '../../support/builders';
import { FakeKube } from '../../support/fakeKube';

const limits = { maxBytes: 10 * 1024 * 1024, maxAgeMs: 86_400_000 };

describe('evidence recorder on a fake cluster', () => {
  const failedStep = podNode('train', 'fit', { phase: 'Failed', message: 'OOMKilled (exit code 137)' });
  const wf = workflow('train', [podNode('train', 'load'), failedStep]);
  let kube: FakeKube;
  let store: EvidenceStore;

  beforeEach(() => {
    kube = new FakeKube().put(wf as never).put(pod(wf, failedStep, { reason: 'OOMKilled', exitCode: 137 }));
    kube.logs.set(`argo/${podNameOfNode(wf, failedStep)}/main`, ['loading 40 GB parquet', 'Killed']);
    store = new EvidenceStore(mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-evidence-')), limits);
  });

  it('records each failed pod step once, however many watch events show it', async () => {
    const recorder = new EvidenceRecorder(store);
    assert.equal(await recorder.observe('ctx', wf, kube), 1);
    assert.equal(await recorder.observe('ctx', wf, kube), 0);
    const kept = store.get('ctx', 'argo', 'train', failedStep.id);
    assert.ok(kept?.pod, 'the pod is kept');
    assert.match(kept.logTail ?? '', /Killed/);
    // Only the failed step was read: the succeeded one costs the cluster nothing.
    assert.deepEqual(
      kube.calls.filter((c) => c.method === 'getPod').map((c) => c.args[1]),
      [podNameOfNode(wf, failedStep)],
    );
  });

  it('explains from the recording once the pod is gone', async () => {
    await new EvidenceRecorder(store).observe('ctx', wf, kube);
    kube.pods.clear();
    const live = await gatherBundle(kube, wf, failedStep.id);
    assert.ok(live && live.pod === null, 'the live bundle has no pod');
    const d = diagnose(withRecorded(live, store.get('ctx', 'argo', 'train', failedStep.id)));
    assert.equal(d.rootCause, 'oom-killed-main', d.cause);
  });

  it('records what it may read, without throwing, when the cluster forbids reading pods', async () => {
    kube.fail('getPod', { kind: 'forbidden', status: 403, message: 'pods is forbidden' });
    assert.equal(await new EvidenceRecorder(store).observe('ctx', wf, kube), 1);
    const kept = store.get('ctx', 'argo', 'train', failedStep.id);
    assert.equal(kept?.pod, null);
    assert.equal(kept?.workflowNode.message, 'OOMKilled (exit code 137)');
  });
});
