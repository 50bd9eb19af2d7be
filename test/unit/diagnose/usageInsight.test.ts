// The workflow panel's requested-vs-used insights: from the samples kept for a workflow's steps, the steps that used
// under a third of their request (with the request to set) and those near their limit, judged against the
// templates they ran; steps without samples are not judged. And the samples of a workflow, read back from the store.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { usageInsights } from '../../../src/core/diagnose/usageInsight';
import type { UsageSample } from '../../../src/core/model/usage';
import type { Workflow } from '../../../src/core/model/workflow';
import { EvidenceStore } from '../../../src/kube/evidence';
import { UsageSampler } from '../../../src/kube/usageSampler';
import { FakeKube } from '../../support/fakeKube';

const MI = 1024 ** 2;
const GI = 1024 * MI;
const NOW = new Date('2026-11-29T12:00:00Z');

const template = (name: string, requests: Record<string, string>, limits: Record<string, string> = {}) => ({
  name,
  container: { image: 'python:3.12', resources: { requests, limits } },
});
const node = (id: string, tmpl: string, phase = 'Succeeded') => ({
  id,
  name: `etl.${id}`,
  displayName: id,
  type: 'Pod',
  phase,
  templateName: tmpl,
  startedAt: '2026-11-29T11:00:00Z',
  finishedAt: '2026-11-29T11:30:00Z',
});
const samples = (memory: number[], cpu = 0.5): UsageSample[] =>
  memory.map((m, i) => ({
    at: new Date(Date.parse('2026-11-29T11:00:00Z') + i * 15_000).toISOString(),
    containers: [
      { name: 'main', cpu, memory: m },
      { name: 'wait', cpu: 0.001, memory: 20 * MI },
    ],
  }));

const wf: Workflow = {
  metadata: { name: 'etl', namespace: 'argo' },
  spec: {
    templates: [
      { name: 'main', steps: [] },
      template('train', { cpu: '1', memory: '8Gi' }, { memory: '8Gi' }),
      template('resize', { cpu: '500m', memory: '1Gi' }, { memory: '2Gi' }),
      template('fine', { cpu: '500m', memory: '1Gi' }, { memory: '2Gi' }),
    ],
  },
  status: {
    phase: 'Succeeded',
    nodes: {
      etl: {
        id: 'etl',
        name: 'etl',
        type: 'Steps',
        phase: 'Succeeded',
        children: ['train', 'resize', 'fine', 'quiet'],
      },
      train: node('train', 'train'),
      resize: node('resize', 'resize'),
      fine: node('fine', 'fine'),
      quiet: node('quiet', 'train'),
    },
  },
} as Workflow;

describe('workflow insights: requested vs used', () => {
  it('names the over-provisioned steps with the request to set, and the steps near their limit', () => {
    const kept: Record<string, UsageSample[]> = {
      train: samples([500 * MI, 600 * MI, 550 * MI], 0.2),
      resize: samples([1.5 * GI, 1.95 * GI]),
      fine: samples([700 * MI, 800 * MI], 0.3),
    };
    const got = usageInsights(wf, (id) => kept[id], NOW);
    assert.deepEqual(
      got.map((i) => [i.id, i.severity, i.nodeId]),
      [
        ['usage-near-limit', 'warning', 'resize'],
        ['usage-over-provisioned', 'info', 'train'],
      ],
    );
    assert.equal(got[0]!.title, '1 step ran near its limit: resize');
    assert.match(got[0]!.detail, /^resize: Risk of OOMKilled: main's memory peaked at 1\.95Gi, 98% of its 2Gi limit/);
    assert.equal(got[1]!.title, '1 step used under a third of its request: train');
    assert.match(got[1]!.detail, /train: Request 7\d\dMi instead of 8Gi: the memory peak was 600Mi/);
    assert.match(got[1]!.detail, /Request \d+m CPU instead of 1 CPU/);
    assert.doesNotMatch(got.map((i) => i.title).join(' '), /fine|quiet/, 'judged fine, or not measured');
  });

  it('says nothing without samples, or for a workflow without readable nodes', () => {
    assert.deepEqual(
      usageInsights(wf, () => undefined, NOW),
      [],
    );
    assert.deepEqual(
      usageInsights({ metadata: { name: 'x' } } as Workflow, () => samples([1]), NOW),
      [],
    );
  });

  it("reads back a workflow's kept samples, the ones in memory too", async () => {
    const store = new EvidenceStore(mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-wf-usage-')), {
      maxBytes: 1024 * 1024,
      maxAgeMs: 86_400_000,
    });
    store.putUsage('ctx', 'argo', 'etl', 'etl-111', samples([1 * MI]));
    store.putUsage('ctx', 'argo', 'etl', 'etl-222', samples([2 * MI, 3 * MI]));
    store.putUsage('ctx', 'argo', 'other', 'other-1', samples([9 * MI]));
    const sampler = new UsageSampler(store);
    // A step sampled in the background, not yet written to disk.
    const kube = new FakeKube();
    kube.podMetrics.set('argo/etl-pod', {
      metadata: { name: 'etl-pod', namespace: 'argo' },
      timestamp: '2026-11-29T11:00:00Z',
      containers: [{ name: 'main', usage: { cpu: '100m', memory: '64Mi' } }],
    });
    const running = [
      { key: { context: 'ctx', namespace: 'argo', workflow: 'etl', nodeId: 'etl-333' }, pod: 'etl-pod' },
    ];
    assert.equal(await sampler.sampleRunning(kube, 'ctx', 'argo', running), 1);
    store.putUsage('ctx', 'argo', 'etl', 'etl-333', []); // what the keeper has is older than what is in memory
    const got = sampler.samplesOfWorkflow('ctx', 'argo', 'etl');
    assert.deepEqual([...got.keys()].sort(), ['etl-111', 'etl-222', 'etl-333']);
    assert.equal(got.get('etl-333')![0]!.containers[0]!.memory, 64 * MI);
    assert.equal(got.get('etl-222')!.length, 2);
    assert.equal(sampler.samplesOfWorkflow('ctx', 'argo', 'nothing').size, 0);
  });
});
