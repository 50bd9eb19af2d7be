import assert from 'node:assert/strict';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { formatCpu, formatMemory, quantityValue, roundRequest } from '../../../src/core/model/quantity';
import { buildStepSnapshot } from '../../../src/core/model/stepDetails';
import { ARGO_MEMORY_UNIT, usageView, type UsageSample } from '../../../src/core/model/usage';

const MI = 1024 ** 2;
const GI = 1024 ** 3;

const pod = (containers: { name: string; requests?: object; limits?: object }[]) => ({
  spec: {
    containers: containers.map((c) => ({ name: c.name, resources: { requests: c.requests, limits: c.limits } })),
  },
});

const samples = (values: { cpu?: number; memory?: number }[], name = 'main'): UsageSample[] =>
  values.map((v, k) => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, k * 15)).toISOString(),
    containers: [{ name, ...v }],
  }));

const now = new Date('2026-01-01T01:00:00Z');

describe('quantities', () => {
  it('reads every Kubernetes suffix, exponents and metrics-server forms', () => {
    assert.equal(quantityValue('123456789n'), 0.123456789);
    assert.equal(quantityValue('250m'), 0.25);
    assert.equal(quantityValue('1500u'), 0.0015);
    assert.equal(quantityValue('2'), 2);
    assert.equal(quantityValue('12345Ki'), 12345 * 1024);
    assert.equal(quantityValue('8Gi'), 8 * GI);
    assert.equal(quantityValue('1.5G'), 1.5e9);
    assert.equal(quantityValue('2e3'), 2000);
    assert.equal(quantityValue('1Pi'), 1024 ** 5);
  });

  it('refuses what is not a quantity', () => {
    for (const bad of ['', '-1', '1Xi', 'abc', '1 Gi', '1e999', null, {}, [], 'NaN', '1.2.3', 'x'.repeat(100)])
      assert.equal(quantityValue(bad), undefined, String(bad));
  });

  it('writes cpu and memory as Kubernetes does, and rounds requests up to sensible units', () => {
    assert.equal(formatCpu(0.1234), '123m');
    assert.equal(formatCpu(1.5), '1.5');
    assert.equal(formatMemory(600 * MI), '600Mi');
    assert.equal(formatMemory(7.5 * GI), '7.5Gi');
    assert.equal(formatMemory(500 * MI + 1), '500Mi');
    assert.equal(roundRequest('memory', 720 * MI), 768 * MI);
    assert.equal(roundRequest('memory', 10), 64 * MI);
    assert.equal(roundRequest('memory', 5 * GI + 1), 5 * GI + 256 * MI);
    assert.equal(roundRequest('cpu', 0.144), 0.15);
    assert.equal(roundRequest('cpu', 1.21), 1.3);
    assert.equal(roundRequest('cpu', 0), 0.05);
  });
});

describe('requested vs used', () => {
  it('flags a container using under a third of its request and suggests the peak plus headroom', () => {
    const v = usageView({
      pod: pod([{ name: 'main', requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } }]),
      samples: samples([
        { cpu: 0.2, memory: 500 * MI },
        { cpu: 0.3, memory: 610 * MI },
        { cpu: 0.25, memory: 580 * MI },
      ]),
      metrics: { state: 'served' },
      now,
    });
    assert.equal(v.source, 'metrics');
    assert.equal(v.samples, 3);
    assert.equal(v.sampledFor, '30s');
    const mem = v.rows.find((r) => r.container === 'main' && r.resource === 'memory')!;
    assert.equal(mem.verdict, 'over-provisioned');
    assert.equal(mem.request, '8Gi');
    assert.equal(mem.peak, '610Mi');
    assert.equal(mem.average, '563Mi');
    assert.equal(mem.percentOfRequest, 7);
    // 610Mi × 1.2 = 732Mi, rounded up to 768Mi.
    assert.equal(mem.suggestedRequest, '768Mi');
    assert.equal(mem.advice, 'Request 768Mi instead of 8Gi: the memory peak was 610Mi (7% of the request).');
    const cpu = v.rows.find((r) => r.resource === 'cpu')!;
    assert.equal(cpu.verdict, 'over-provisioned');
    assert.equal(cpu.suggestedRequest, '400m');
    assert.equal(cpu.advice, 'Request 400m CPU instead of 2 CPU: the CPU peak was 300m (15% of the request).');
    assert.ok(v.lines[0]!.startsWith('Request 768Mi instead of 8Gi'));
    assert.match(v.lines.at(-1)!, /3 samples over 30s/);
  });

  it('flags memory near its limit as an OOM risk, before anything else', () => {
    const v = usageView({
      pod: pod([
        { name: 'wait', requests: { cpu: '10m', memory: '64Mi' } },
        { name: 'main', requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
      ]),
      samples: [
        {
          at: '2026-01-01T00:00:00Z',
          containers: [
            { name: 'main', cpu: 0.4, memory: 1.8 * GI },
            { name: 'wait', cpu: 0.001, memory: 12 * MI },
          ],
        },
        { at: '2026-01-01T00:00:15Z', containers: [{ name: 'main', cpu: 0.45, memory: 1.9 * GI }] },
      ],
      now,
    });
    const mem = v.rows.find((r) => r.container === 'main' && r.resource === 'memory')!;
    assert.equal(mem.verdict, 'near-limit');
    assert.equal(mem.percentOfRequest, 95);
    assert.equal(
      mem.advice,
      "Risk of OOMKilled: main's memory peaked at 1.9Gi, 95% of its 2Gi limit. Raise the limit to 2.5Gi or hold less in memory.",
    );
    assert.match(v.lines[0]!, /OOMKilled/);
    // The main container first, whatever the pod's order.
    assert.deepEqual(
      v.rows.map((r) => `${r.container} ${r.resource}`),
      ['main memory', 'main cpu', 'wait memory', 'wait cpu'],
    );
    assert.equal(v.rows.find((r) => r.container === 'main' && r.resource === 'cpu')!.verdict, 'ok');
    // The executor's tiny requests are not worth a suggestion, even far under a third.
    assert.equal(v.rows.find((r) => r.container === 'wait' && r.resource === 'memory')!.verdict, 'ok');
  });

  it('says all is well when usage sits between a third of the request and the limit', () => {
    const v = usageView({
      pod: pod([{ name: 'main', requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } }]),
      samples: samples([{ cpu: 0.6, memory: 700 * MI }]),
      now,
    });
    assert.deepEqual(
      v.rows.map((r) => r.verdict),
      ['ok', 'ok'],
    );
    assert.match(v.lines[0]!, /between a third of its request and 90% of its limit/);
  });

  it('takes the limit as the request when only the limit is set, and leaves unmeasured containers unjudged', () => {
    const v = usageView({
      pod: pod([
        { name: 'main', limits: { memory: '4Gi' } },
        { name: 'sidecar', requests: { memory: '1Gi' } },
      ]),
      samples: samples([{ memory: 300 * MI }]),
      now,
    });
    const main = v.rows.find((r) => r.container === 'main' && r.resource === 'memory')!;
    assert.equal(main.request, '4Gi');
    assert.equal(main.verdict, 'over-provisioned');
    assert.equal(v.rows.find((r) => r.container === 'main' && r.resource === 'cpu')!.verdict, 'unmeasured');
    assert.equal(v.rows.find((r) => r.container === 'sidecar' && r.resource === 'memory')!.verdict, 'unmeasured');
  });

  it('without a metrics API says so once and uses what Argo recorded', () => {
    const node = {
      id: 'n',
      type: 'Pod',
      phase: 'Succeeded',
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:10:00Z',
      // 600 s × 1 core; 600 s × 4Gi = 600 × 40.96 units of 100Mi.
      resourcesDuration: { cpu: 600, memory: Math.round((600 * 4 * GI) / ARGO_MEMORY_UNIT) },
    } as unknown as ArgoNode;
    const v = usageView({ node, samples: [], metrics: { state: 'absent', message: '404' }, now });
    assert.equal(v.source, 'argo');
    assert.equal(v.rows.length, 0);
    assert.match(v.note!, /serves no metrics API/);
    assert.deepEqual(v.argo, {
      duration: '10m 00s',
      cpuSeconds: 600,
      memorySeconds: 24576,
      cpuHeld: '1',
      memoryHeld: '4Gi',
    });
    assert.equal(v.lines.length, 1);
    assert.match(
      v.lines[0]!,
      /Argo recorded 600 CPU-seconds and 24576 seconds of 100Mi memory over 10m 00s: 1 CPU and 4Gi memory held/,
    );
    assert.match(v.lines[0]!, /not what it used/);
  });

  it('says why nothing is shown: forbidden, not sampled yet, nothing recorded', () => {
    assert.match(
      usageView({ samples: [], metrics: { state: 'forbidden', message: 'no' }, now }).note!,
      /may not read the metrics API/,
    );
    const running = usageView({ node: { id: 'n', phase: 'Running' } as ArgoNode, samples: [], now });
    assert.equal(running.source, 'none');
    assert.match(running.lines[0]!, /read every 15 seconds/);
    assert.match(usageView({ samples: [], now }).lines[0]!, /No usage was measured/);
  });

  it('survives hostile input: bad quantities, bad samples, bad resourcesDuration', () => {
    const v = usageView({
      pod: {
        spec: { containers: [{ name: 'main', resources: { requests: { cpu: 'lots', memory: -5 } } }, 'x', null] },
      },
      node: { id: 'n', resourcesDuration: { cpu: 'x', memory: -1 } } as unknown as ArgoNode,
      samples: [
        { at: 'not a time', containers: [{ name: 'main', cpu: 1 }] },
        { at: '2026-01-01T00:00:00Z', containers: [{ name: 'main', cpu: Number.NaN, memory: -1 }] },
      ],
      now,
    });
    assert.equal(v.samples, 1);
    assert.ok(v.rows.every((r) => r.verdict === 'unmeasured' && r.request === undefined));
    assert.equal(v.argo, undefined);
  });
});

describe('the step snapshot', () => {
  const inputs = (nodeId: string) => ({
    workflow: { metadata: { name: 'wf', namespace: 'argo' } },
    nodes: {
      n: { id: 'n', name: 'wf[0].a', type: 'Pod', phase: 'Running', startedAt: '2026-01-01T00:00:00Z' },
      g: { id: 'g', name: 'wf', type: 'Steps', phase: 'Running' },
    } as Record<string, ArgoNode>,
    nodeId,
    podName: 'p',
    pod: { ok: true as const, value: pod([{ name: 'main', requests: { memory: '4Gi' } }]) },
    podEvents: [],
    node: undefined,
    nodeEvents: [],
    hostNodes: new Map(),
    now,
    // A minute of samples (every 15 s).
    usage: { samples: samples(Array(5).fill({ memory: 300 * MI })), metrics: { state: 'served' as const } },
  });

  it('carries requested vs used for a pod step, and nothing for a group', () => {
    const s = buildStepSnapshot(inputs('n'));
    assert.equal(s.usage?.rows.find((r) => r.resource === 'memory')?.suggestedRequest, '384Mi');
    assert.equal(buildStepSnapshot(inputs('g')).usage, undefined);
  });

  it('suggests no smaller request for a running step before a minute of samples, and says so', () => {
    const early = { ...inputs('n'), usage: { samples: samples([{ memory: 300 * MI }, { memory: 320 * MI }]) } };
    const u = buildStepSnapshot(early).usage!;
    const mem = u.rows.find((r) => r.resource === 'memory')!;
    assert.equal(mem.verdict, 'ok');
    assert.equal(mem.suggestedRequest, undefined);
    assert.equal(mem.underSoFar, true);
    assert.match(
      u.lines[0]!,
      /^So far main uses 8% of its memory request: a smaller request is suggested after a minute/,
    );
    // The same samples of a step that has ended are all there will be: judged now.
    const ended = { ...early, nodes: { ...early.nodes, n: { ...early.nodes.n!, phase: 'Succeeded' } } };
    assert.equal(
      buildStepSnapshot(ended).usage!.rows.find((r) => r.resource === 'memory')!.verdict,
      'over-provisioned',
    );
  });
});
