import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { demoScenarios } from '../../../src/demo/scenarios/catalog';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import { ClientNodeKube } from '../../../src/kube/clientNodeKube';
import { EvidenceRecorder, EvidenceStore, scrubBundle, withRecorded } from '../../../src/kube/evidence';
import { failedStepOf } from '../../../src/core/model/failedStep';
import { gatherBundle } from '../../../src/kube/gatherBundle';
import type { KObject } from '../../../src/kube/kubeClient';

const FAILED = /^(Failed|Error)$/;

describe('explain failure against the demo cluster (real client-node)', function () {
  this.timeout(60000);
  let cluster: DemoCluster;
  let kube: ClientNodeKube;

  beforeEach(async () => {
    cluster = await startDemoCluster({ clock: 'manual', scenarios: demoScenarios });
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
    kube = new ClientNodeKube(kc);
  });
  afterEach(async () => {
    await cluster.close();
  });

  const workflows = () =>
    ['argo', 'ml-team'].flatMap((ns) => cluster.world.list('Workflow', ns)) as unknown as KObject[];

  it('names the root cause each demo scenario was built to show, from what it gathers', async () => {
    const expected = new Map(
      demoScenarios.flatMap((s) => (s.expectedRootCause && !s.waits ? [[s.id, s.expectedRootCause] as const] : [])),
    );
    const explained = new Map<string, string>();
    // Step the simulated clock; explain each workflow the moment it has failed (before pod GC).
    for (let t = 0; t < 240 && explained.size < expected.size; t++) {
      cluster.advance(1000);
      for (const wf of workflows()) {
        const described = wf.metadata?.annotations?.['workflows.argoproj.io/description'];
        const scenario = demoScenarios.find((s) => s.description === described)?.id;
        const phase = (wf.status as { phase?: string } | undefined)?.phase ?? '';
        if (!scenario || !expected.has(scenario) || explained.has(scenario) || !FAILED.test(phase)) continue;
        const step = failedStepOf(wf);
        assert.ok(step, `${scenario}: a failed step`);
        const bundle = (await gatherBundle(kube, wf, step.id))!;
        explained.set(scenario, diagnose(bundle).rootCause);
      }
    }
    const wrong = [...expected]
      .filter(([id, cause]) => explained.get(id) !== cause)
      .map(([id, cause]) => `${id}: expected ${cause}, got ${explained.get(id) ?? 'nothing'}`);
    assert.deepEqual(wrong, []);
  });

  it('still explains a step after pod GC deleted its pod, from the evidence recorded when it failed', async () => {
    const store = new EvidenceStore(mkdtempSync(path.join(os.tmpdir(), 'evidence-')), {
      maxBytes: 5_000_000,
      maxAgeMs: 86_400_000,
    });
    const recorder = new EvidenceRecorder(store);
    let wf: KObject | undefined;
    for (let t = 0; t < 120 && !wf; t++) {
      cluster.advance(1000);
      wf = workflows().find(
        (w) =>
          w.metadata?.name?.startsWith('features-build') && FAILED.test((w.status as { phase?: string }).phase ?? ''),
      );
    }
    assert.ok(wf, 'the OOM workflow failed');
    assert.equal(await recorder.observe('demo', wf, kube), 1, 'one failed step recorded');
    assert.equal(await recorder.observe('demo', wf, kube), 0, 'and only once');
    const step = failedStepOf(wf)!;
    const recorded = () => store.get('demo', wf!.metadata!.namespace!, wf!.metadata!.name!, step.id);
    const before = (await gatherBundle(kube, wf, step.id))!;
    assert.equal(
      withRecorded(before, recorded()).recordedAt,
      undefined,
      'while the cluster has everything, nothing rests on recorded evidence',
    );
    cluster.advance(90_000); // pod GC removes the pod a minute after it failed
    const live = (await gatherBundle(kube, wf, step.id))!;
    assert.equal(live.pod, null, 'the pod is gone');
    const plain = diagnose(live);
    const withEvidence = diagnose(
      withRecorded(live, store.get('demo', wf.metadata!.namespace!, wf.metadata!.name!, step.id)),
    );
    assert.equal(withEvidence.rootCause, 'oom-killed-main');
    assert.ok(withRecorded(live, recorded()).recordedAt, 'says the evidence was recorded');
    assert.match(withEvidence.cause, /memory limit of 2Gi/, 'the limit comes from the recorded pod');
    assert.doesNotMatch(plain.cause, /memory limit of 2Gi/);
  });

  it('keeps the evidence store within its size bound, newest first, and never stores env values or tokens', () => {
    const store = new EvidenceStore(mkdtempSync(path.join(os.tmpdir(), 'evidence-')), {
      maxBytes: 20_000,
      maxAgeMs: 86_400_000,
    });
    const bundle = (i: number) => ({
      workflowNode: { id: `n${i}`, phase: 'Failed' },
      logTail: `${'x'.repeat(3000)} line ${i}`,
      pod: { spec: { containers: [{ name: 'main', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }] } },
    });
    for (let i = 0; i < 20; i++) store.put('ctx', 'ns', 'wf', `n${i}`, bundle(i));
    assert.ok(store.size <= 20_000, `${store.size} bytes kept`);
    assert.ok(store.get('ctx', 'ns', 'wf', 'n19'), 'the newest is kept');
    assert.equal(store.get('ctx', 'ns', 'wf', 'n0'), undefined, 'the oldest went first');
    const scrubbed = JSON.stringify(scrubBundle({ ...bundle(1), logTail: 'Authorization: Bearer abc.def.ghi' }));
    assert.doesNotMatch(scrubbed, /hunter2/);
    assert.doesNotMatch(scrubbed, /abc\.def\.ghi/);
    assert.doesNotMatch(JSON.stringify(store.get('ctx', 'ns', 'wf', 'n19')), /hunter2/, 'what is on disk is scrubbed');
  });
});
