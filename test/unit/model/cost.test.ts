import assert from 'node:assert/strict';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import {
  formatMoney,
  hasPrices,
  totalCost,
  usageOfRequests,
  usageOfResourcesDuration,
  workflowCost,
  type CostPrices,
} from '../../../src/core/model/cost';
import { costInsight } from '../../../src/core/diagnose/costInsight';
import { isSpotNode } from '../../../src/core/model/spotNode';
import type { Workflow } from '../../../src/core/model/workflow';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
const prices: CostPrices = { cpuHour: 0.04, memoryGiBHour: 0.005, gpuHour: 2.5, currency: '$' };

const pod = (id: string, extra: Partial<ArgoNode> = {}): ArgoNode => ({
  id,
  name: `wf.${id}`,
  displayName: id,
  type: 'Pod',
  phase: 'Succeeded',
  templateName: 'work',
  startedAt: at(0),
  finishedAt: at(3600),
  ...extra,
});

function wf(nodes: ArgoNode[], extra: Partial<Workflow> = {}, name = 'wf'): Workflow {
  const byId: Record<string, ArgoNode> = {};
  for (const n of nodes) byId[n.id] = { ...n, name: n.name?.replace(/^wf\./, `${name}.`) };
  return {
    metadata: { name, namespace: 'argo', ...(extra.metadata ?? {}) },
    spec: { templates: [{ name: 'work', container: { resources: { requests: { cpu: '2', memory: '4Gi' } } } }] },
    status: { phase: 'Succeeded', nodes: byId },
  };
}

describe('cost', () => {
  it('reads resourcesDuration in core-seconds, 100Mi-seconds and GPU-seconds', () => {
    const u = usageOfResourcesDuration({ cpu: 7200, memory: 1024, 'nvidia.com/gpu': 1800 })!;
    assert.equal(u.cpuCoreSeconds, 7200);
    // 1024 × 100Mi-seconds = 100 GiB-seconds
    assert.equal(u.memoryGiBSeconds, 100);
    assert.equal(u.gpuSeconds, 1800);
    assert.equal(usageOfResourcesDuration(undefined), undefined);
    assert.equal(usageOfResourcesDuration('junk'), undefined);
  });

  it('prices a step from resourcesDuration: 2 core-hours, 10 GiB-hours, half a GPU-hour', () => {
    const c = workflowCost(
      wf([pod('a', { resourcesDuration: { cpu: 7200, memory: 368.64 * 1000, 'nvidia.com/gpu': 1800 } })]),
      prices,
    )!;
    assert.ok(Math.abs(c.cost.cpu - 0.08) < 1e-9);
    // 368,640 × 100Mi-s = 36,000 GiB-s = 10 GiB-hours
    assert.ok(Math.abs(c.cost.memory - 0.05) < 1e-9);
    assert.ok(Math.abs(c.cost.gpu - 1.25) < 1e-9);
    assert.ok(Math.abs(c.cost.total - 1.38) < 1e-9);
    assert.equal(c.steps[0]!.source, 'argo');
  });

  it('falls back to the template requests × duration, and Argo defaults without requests', () => {
    const c = workflowCost(wf([pod('a')]), prices)!;
    assert.equal(c.steps[0]!.source, 'requests');
    // 2 cores × 1h × 0.04 + 4 GiB × 1h × 0.005
    assert.ok(Math.abs(c.cost.total - (0.08 + 0.02)) < 1e-9);
    const d = usageOfRequests({}, 3600);
    assert.ok(Math.abs(d.cpuCoreSeconds - 360) < 1e-9);
    assert.ok(Math.abs(d.memoryGiBSeconds - (100 / 1024) * 3600) < 1e-9);
    const g = usageOfRequests({ container: { resources: { limits: { 'nvidia.com/gpu': '2' } } } }, 10);
    assert.equal(g.gpuSeconds, 20);
  });

  it('shows nothing without prices, and without node status', () => {
    const w = wf([pod('a', { resourcesDuration: { cpu: 10, memory: 10 } })]);
    assert.equal(hasPrices({}), false);
    assert.equal(hasPrices({ cpuHour: 0 }), false);
    assert.equal(workflowCost(w, undefined), undefined);
    assert.equal(workflowCost(w, { currency: '$' }), undefined);
    assert.equal(costInsight(w, {}), undefined);
    assert.equal(workflowCost({ metadata: { name: 'x' }, status: { phase: 'Succeeded' } }, prices), undefined);
    assert.equal(totalCost(w, {}), undefined);
  });

  it('counts failed attempts of a retried step that were tried again as retries', () => {
    const retry: ArgoNode = {
      id: 'r',
      name: 'wf.train',
      displayName: 'train',
      type: 'Retry',
      phase: 'Succeeded',
      // As in Argo's graph, the next step group is a child of the retried step too.
      children: ['a0', 'a1', 'a2', 'next'],
    };
    const rd = { cpu: 3600, memory: 0 };
    const c = workflowCost(
      wf([
        retry,
        pod('a0', { name: 'wf.train(0)', phase: 'Failed', resourcesDuration: rd }),
        pod('a1', { name: 'wf.train(1)', phase: 'Error', resourcesDuration: rd }),
        pod('a2', { name: 'wf.train(2)', phase: 'Failed', resourcesDuration: rd }),
        { id: 'next', name: 'wf[1]', type: 'StepGroup', phase: 'Omitted' },
      ]),
      prices,
    )!;
    assert.equal(c.retries.attempts, 2);
    assert.ok(Math.abs(c.retries.cost - 0.08) < 1e-9);
    assert.ok(Math.abs(c.cost.total - 0.12) < 1e-9);
    assert.ok(c.steps.every((s) => s.name === 'train'));
  });

  it('counts steps that had succeeded in the run a resubmit came from as re-runs', () => {
    const rd = { cpu: 3600, memory: 0 };
    const original = wf(
      [pod('a', { resourcesDuration: rd }), pod('b', { phase: 'Failed', resourcesDuration: rd })],
      {},
      'orig',
    );
    const again = wf(
      [pod('a', { resourcesDuration: rd }), pod('b', { resourcesDuration: rd })],
      { metadata: { labels: { 'workflows.argoproj.io/resubmitted-from-workflow': 'orig' } } },
      'orig-x7k',
    );
    const c = workflowCost(again, prices, { previous: original })!;
    assert.equal(c.resubmittedFrom, 'orig');
    assert.deepEqual(c.reruns, { cost: 0.04, steps: 1 });
    const i = costInsight(again, prices, { previous: original })!;
    assert.match(i.title, /re-run succeeded steps \$0\.04/);
    assert.match(i.detail, /1 step that had succeeded there ran again/);
    // Without the original whole: said, not counted.
    const unknown = workflowCost(again, prices)!;
    assert.equal(unknown.reruns, undefined);
    assert.match(costInsight(again, prices)!.detail, /no longer here to compare/);
  });

  it('leaves out memoized steps and counts steps without any duration as unpriced', () => {
    const c = workflowCost(
      wf([
        pod('m', { memoizationStatus: { hit: true }, resourcesDuration: { cpu: 3600 } }),
        pod('n', { startedAt: undefined, finishedAt: undefined, phase: 'Failed' }),
        pod('p', { resourcesDuration: { cpu: 3600 } }),
      ]),
      prices,
    )!;
    assert.equal(c.steps.length, 1);
    assert.equal(c.unpriced, 1);
  });

  it('recognises spot nodes from their usual labels, and prices them with the spot discount', () => {
    assert.ok(isSpotNode({ 'eks.amazonaws.com/capacityType': 'SPOT' }));
    assert.ok(isSpotNode({ 'karpenter.sh/capacity-type': 'spot' }));
    assert.ok(isSpotNode({ 'cloud.google.com/gke-spot': 'true' }));
    assert.ok(isSpotNode({ 'cloud.google.com/gke-preemptible': 'true' }));
    assert.ok(isSpotNode({ 'kubernetes.azure.com/scalesetpriority': 'spot' }));
    assert.equal(isSpotNode({ 'eks.amazonaws.com/capacityType': 'ON_DEMAND' }), false);
    assert.equal(isSpotNode({ 'karpenter.sh/capacity-type': 'on-demand' }), false);
    assert.equal(isSpotNode(undefined), false);
    const rd = { cpu: 3600, memory: 0 };
    const w = wf([
      pod('a', { hostNodeName: 'spot-1', resourcesDuration: rd }),
      pod('b', { hostNodeName: 'od-1', resourcesDuration: rd }),
    ]);
    const c = workflowCost(w, { ...prices, spotDiscount: 0.75 }, { spotNodes: new Set(['spot-1']) })!;
    assert.equal(c.spotSteps, 1);
    assert.ok(Math.abs(c.cost.total - (0.01 + 0.04)) < 1e-9);
    assert.match(costInsight(w, prices, { spotNodes: new Set(['spot-1']) })!.title, /1 step on spot nodes/);
  });

  it('says the run cost in one line, linking the most expensive step', () => {
    const w = wf([
      pod('a', { resourcesDuration: { cpu: 36_000, memory: 0 } }),
      pod('b', { resourcesDuration: { cpu: 3600, memory: 0 } }),
    ]);
    const i = costInsight(w, prices)!;
    assert.equal(i.title, 'This run cost ~$0.44 (CPU $0.44, memory $0.00, GPU $0.00).');
    assert.equal(i.nodeId, 'a');
    assert.equal(i.severity, 'info');
    const live = { ...w, status: { ...w.status, phase: 'Running' as const } };
    assert.match(costInsight(live, prices)!.title, /^This run has cost ~\$0\.44 so far \(CPU/);
  });

  it('gives a finished run its cost from the status total alone', () => {
    const m = totalCost({ status: { resourcesDuration: { cpu: 3600, memory: 10240 } } }, prices)!;
    assert.ok(Math.abs(m.total - (0.04 + (1000 / 3600) * 0.005)) < 1e-9);
  });

  it('formats money with symbols and codes', () => {
    assert.equal(formatMoney(4.123), '$4.12');
    assert.equal(formatMoney(1234.5, '€'), '€1,234.50');
    assert.equal(formatMoney(12.5, 'EUR'), '12.50 EUR');
    assert.equal(formatMoney(0.001), '<$0.01');
    assert.equal(formatMoney(0), '$0.00');
  });
});
