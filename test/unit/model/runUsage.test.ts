// What a template run used, as its record keeps it (whatever the prices): counted step by step as the workflow panel
// counts the run's cost, so that priced it comes to the same; kept through the store; the richer record kept.
import assert from 'node:assert/strict';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { priceOfRunUsage, workflowCost, type CostPrices } from '../../../src/core/model/cost';
import { mergeRuns } from '../../../src/core/model/runHistory';
import { normalizeRecord, recordFromWorkflow } from '../../../src/core/model/runRecord';
import type { Workflow } from '../../../src/core/model/workflow';

const prices: CostPrices = { cpuHour: 0.04, memoryGiBHour: 0.005, gpuHour: 2.5, currency: '$', spotDiscount: 0.7 };
const at = (min: number) => new Date(Date.parse('2026-11-01T02:00:00Z') + min * 60_000).toISOString();
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

/**
 * A finished run of the WorkflowTemplate train-model: a step priced from resourcesDuration on a spot node, a retried
 * step (a failed attempt, then one that succeeded) priced from its requests on the GPU node, and a memoized step.
 */
function trainRun(name = 'train-model-abc12'): Workflow {
  const pod = (id: string, extra: Partial<ArgoNode>): ArgoNode => ({
    id,
    name: `${name}.${id}`,
    displayName: id,
    type: 'Pod',
    phase: 'Succeeded',
    boundaryID: name,
    startedAt: at(0),
    finishedAt: at(30),
    ...extra,
  });
  const nodes: Record<string, ArgoNode> = {
    [name]: {
      id: name,
      name,
      displayName: name,
      type: 'Steps',
      phase: 'Succeeded',
      startedAt: at(0),
      finishedAt: at(90),
    },
    prep: pod('prep', {
      templateName: 'prep',
      hostNodeName: 'spot-1',
      resourcesDuration: { cpu: 7200, memory: 36_864 },
    }),
    train: {
      id: 'train',
      name: `${name}.train`,
      displayName: 'train',
      type: 'Retry',
      phase: 'Succeeded',
      boundaryID: name,
      children: ['train-0', 'train-1'],
    },
    'train-0': pod('train-0', {
      name: `${name}.train(0)`,
      templateName: 'gpu',
      phase: 'Failed',
      hostNodeName: 'gpu-1',
      startedAt: at(30),
      finishedAt: at(45),
    }),
    'train-1': pod('train-1', {
      name: `${name}.train(1)`,
      templateName: 'gpu',
      hostNodeName: 'gpu-1',
      startedAt: at(45),
      finishedAt: at(90),
    }),
    cached: pod('cached', { templateName: 'prep', memoizationStatus: { hit: true, key: 'k', cacheName: 'c' } }),
  };
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid: `uid-${name}`,
      creationTimestamp: at(0),
      labels: { 'workflows.argoproj.io/workflow-template': 'train-model' },
    },
    spec: {
      templates: [
        { name: 'prep', container: { resources: { requests: { cpu: '4', memory: '16Gi' } } } },
        { name: 'gpu', container: { resources: { requests: { cpu: '8', memory: '60Gi', 'nvidia.com/gpu': '1' } } } },
      ],
    },
    status: { phase: 'Succeeded', startedAt: at(0), finishedAt: at(90), nodes },
  };
}

describe('run record: what a template run used', () => {
  it('keeps in the record what the run used, priced to what the workflow panel says it cost', () => {
    const wf = trainRun();
    const spotNodes = new Set(['spot-1']);
    const r = recordFromWorkflow(wf, [], [], spotNodes)!;
    assert.ok(r.usage, 'the record says what the run used');
    // prep: 2 core-hours and 36,864 × 100Mi-s (1 GiB-hour) on the spot node; train: 8 cores, 60Gi, 1 GPU for 60 min.
    close(r.usage.cpuCoreSeconds, 7200 + 8 * 3600, 'cpu');
    close(r.usage.spot!.cpuCoreSeconds, 7200, 'spot cpu');
    close(r.usage.gpuSeconds, 3600, 'gpu');
    for (const p of [prices, { ...prices, spotDiscount: 0 }, { cpuHour: 0.1 }]) {
      const panel = workflowCost(wf, p, { spotNodes })!;
      const fromRecord = priceOfRunUsage(r.usage, p);
      for (const k of ['cpu', 'memory', 'gpu', 'total'] as const) close(fromRecord[k], panel.cost[k], k);
    }
    // The spot discount shows: the same run on no spot node costs more.
    const onDemand = recordFromWorkflow(wf)!;
    assert.equal(onDemand.usage?.spot, undefined);
    assert.ok(priceOfRunUsage(onDemand.usage!, prices).total > priceOfRunUsage(r.usage, prices).total + 0.05);
    close(priceOfRunUsage(onDemand.usage!, prices).total, workflowCost(wf, prices)!.cost.total, 'on demand');
  });

  it('survives the store: the usage written is the usage read back', () => {
    const r = recordFromWorkflow(trainRun(), [], [], new Set(['spot-1']))!;
    assert.deepEqual(normalizeRecord(JSON.parse(JSON.stringify(r))), r);
    // Junk in a stored usage is dropped, not trusted.
    const junk = normalizeRecord({ ...r, usage: { cpuCoreSeconds: -1, memoryGiBSeconds: 'x', spot: 7 } })!;
    assert.equal(junk.usage, undefined);
  });

  it('keeps, of the same run recorded twice, the record that says what it used', () => {
    const r = recordFromWorkflow(trainRun())!;
    const { usage: _u, ...old } = r;
    assert.deepEqual(mergeRuns([old], [r])[0]!.usage, r.usage);
    assert.deepEqual(mergeRuns([r], [old])[0]!.usage, r.usage);
  });
});
