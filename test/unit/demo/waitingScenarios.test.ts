// Each waiting scenario of the demo, explained as the extension explains it: the workflow read through the
// Kubernetes API (real client-node), its waiting step picked, the waiting bundle gathered, the diagnosis run.
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { waitingStepOf } from '../../../src/core/model/waitingStep';
import type { Workflow } from '../../../src/core/model/workflow';
import { demoScenarios } from '../../../src/demo/scenarios/catalog';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import { ClientNodeKube } from '../../../src/kube/clientNodeKube';
import { gatherWaitingBundle } from '../../../src/kube/gatherWaiting';

/** Per scenario: its namespace, the workflow to explain (name prefix) and what the explanation must name. */
const TABLE: Record<string, { ns: string; prefix: string; mentions: RegExp[] }> = {
  'waiting-semaphore': {
    ns: 'waiting',
    prefix: 'load-invoices',
    mentions: [/db-writers/, /load-orders-/, /load-payments-/, /limit is 2/],
  },
  'waiting-mutex': { ns: 'waiting', prefix: 'load-warehouse', mentions: [/warehouse-load/, /refresh-warehouse-/] },
  'waiting-workflow-parallelism': {
    ns: 'waiting',
    prefix: 'score-regions',
    mentions: [/spec\.parallelism/, /score\(0:us-east\)/],
  },
  'waiting-namespace-parallelism': {
    ns: 'reports',
    prefix: 'kpi-digest',
    mentions: [/namespace reports/, /weekly-revenue-/],
  },
  'waiting-controller-instance': {
    ns: 'waiting',
    prefix: 'nightly-export',
    mentions: [/ml-platform/, /controller runs/],
  },
  'waiting-gpu': {
    ns: 'waiting',
    prefix: 'train-llm',
    mentions: [
      /2 nvidia\.com\/gpu/,
      /ip-10-0-9-5\.ec2\.internal \(zone us-east-1a, g5\.xlarge\): 1 nvidia\.com\/gpu allocatable, 1 in use; the step asks 2/,
    ],
  },
  'waiting-taint': {
    ns: 'waiting',
    prefix: 'embed-images',
    mentions: [/closest: ip-10-0-9-5\.ec2\.internal .*taint nvidia\.com\/gpu=present:NoSchedule/],
  },
  'waiting-node-selector': {
    ns: 'waiting',
    prefix: 'compact-parquet',
    mentions: [/c6i\.4xlarge/, /none of the cluster's 5 nodes/],
  },
  'waiting-volume-zone': { ns: 'waiting', prefix: 'score-customers', mentions: [/zone us-east-1d/] },
  'waiting-pvc-pending': { ns: 'waiting', prefix: 'reindex-search', mentions: [/fast-ssd/] },
  'waiting-quota': {
    ns: 'finance',
    prefix: 'close-books',
    mentions: [/compute-resources/, /requests\.cpu 3510m used of 4/],
  },
  'waiting-failed-mount': { ns: 'waiting', prefix: 'predict-batch', mentions: [/configmap "model-config" not found/] },
  'waiting-image-pull-slow': { ns: 'waiting', prefix: 'transcribe-calls', mentions: [/nvcr\.io\/nvidia\/nemo:24\.07/] },
  'waiting-init-running': {
    ns: 'waiting',
    prefix: 'tokenize-corpus',
    mentions: [/Init container init is still running/],
  },
  'waiting-container-creating': { ns: 'waiting', prefix: 'dedupe-events', mentions: [/volume scratch/] },
  'waiting-suspend': { ns: 'waiting', prefix: 'release-model', mentions: [/approve/, /argo resume/] },
  'waiting-retry-backoff': { ns: 'waiting', prefix: 'sync-crm', mentions: [/attempt 2/, /30 minutes/] },
};

describe('each waiting scenario of the demo is explained as what it waits for', function () {
  this.timeout(60_000);
  let cluster: DemoCluster;
  let kube: ClientNodeKube;
  before(async () => {
    cluster = await startDemoCluster({ clock: 'manual', scenarios: demoScenarios });
    cluster.advance(1000);
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
    kube = new ClientNodeKube(kc);
  });
  after(async () => cluster?.close());

  it('has a row for every waiting scenario of the catalog', () => {
    assert.deepEqual(
      demoScenarios
        .filter((s) => s.waits)
        .map((s) => s.id)
        .sort(),
      Object.keys(TABLE).sort(),
    );
  });

  for (const s of demoScenarios.filter((x) => x.waits)) {
    it(`${s.id}: ${s.expectedRootCause}`, async () => {
      const row = TABLE[s.id]!;
      const list = await kube.listArgo('workflows', row.ns);
      assert.ok(list.ok, JSON.stringify(list));
      const wf = list.value.find((w) => w.metadata?.name?.startsWith(`${row.prefix}-`));
      assert.ok(wf, `a workflow ${row.prefix}-… in ${row.ns}`);
      const step = waitingStepOf(wf as Workflow);
      const bundle = await gatherWaitingBundle(kube, wf, step?.id, {
        unfinished: list.value,
        now: cluster.world.now(),
      });
      const d = diagnose(bundle);
      const shown = [d.cause, ...d.evidence, ...d.fixes].join('\n');
      assert.equal(d.rootCause, s.expectedRootCause, shown);
      assert.ok(d.waiting, 'a one-line "waiting for …"');
      for (const m of row.mentions) assert.match(shown, m);
    });
  }
});
