// Explain and the step panel on a 100,000-node workflow (the demo's --big-workflow): what crosses to the webview,
// goes into a failure bundle or the evidence store stays small whatever node is asked about, and the diagnosis is the
// one a whole-node bundle gives.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  bundleNode,
  MAX_BUNDLE_CHILDREN,
  relatedNodesOf,
  type BundleNode,
  type FailureBundle,
} from '../../../src/core/diagnose/bundle';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { disappearedPods, disappearedSummary, MAX_DISAPPEARED } from '../../../src/core/diagnose/disappeared';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { failedStepOf } from '../../../src/core/model/failedStep';
import { isFailed } from '../../../src/core/model/phase';
import { podNameOfNode } from '../../../src/core/model/podName';
import {
  buildStepSnapshot,
  MAX_ATTEMPTS,
  MAX_PLACEMENT,
  MAX_VALUE,
  type StepSnapshot,
} from '../../../src/core/model/stepDetails';
import type { Workflow } from '../../../src/core/model/workflow';
import { BigWorkflow } from '../../../src/demo/bigWorkflow';
import { EvidenceRecorder, EvidenceStore } from '../../../src/kube/evidence';
import { gatherBundle } from '../../../src/kube/gatherBundle';
import type { KObject } from '../../../src/kube/kubeClient';
import { isToWebview, type Explanation } from '../../../src/shared/protocol';
import { pod } from '../../support/builders';
import { FakeKube } from '../../support/fakeKube';
import { CORPUS, FAILURES } from '../../support/paths';

const KB = 1024;
const size = (v: unknown) => JSON.stringify(v).length;

/** How gatherBundle chose related nodes before it was bounded (every node copied whole): the reference. */
function relatedBefore(nodes: Record<string, ArgoNode>, n: ArgoNode): ArgoNode[] {
  const out = new Map<string, ArgoNode>();
  for (const c of n.children ?? []) if (nodes[c] && n.type === 'Retry') out.set(c, nodes[c]!);
  for (const p of Object.values(nodes)) {
    if (p.id === n.id || p.boundaryID !== n.boundaryID) continue;
    if ((p.children ?? []).includes(n.id) && p.type !== 'StepGroup' && p.type !== 'Retry') out.set(p.id, p);
  }
  const idx = /\[(\d+)\]\.[^.]+$/.exec(n.name ?? '')?.[1];
  if (idx !== undefined && Number(idx) > 0) {
    const prefix = (n.name ?? '').replace(/\[\d+\]\.[^.]+$/, `[${Number(idx) - 1}].`);
    for (const p of Object.values(nodes)) if (p.name?.startsWith(prefix) && p.type !== 'StepGroup') out.set(p.id, p);
  }
  return [...out.values()].slice(0, 20);
}

describe('Explain and the step panel on a 100,000-node workflow: bounded, same diagnosis', function () {
  this.timeout(60000);
  let wf: Workflow & KObject;
  let nodes: Record<string, ArgoNode>;
  let byName: Map<string, ArgoNode>;
  const named = (suffix: string) => byName.get(`scale-big${suffix}`)!;
  let failedRetry: ArgoNode;

  before(() => {
    const big = new BigWorkflow('scale-big', 100_000, new Date('2026-08-01T10:17:00Z'));
    const head = `"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"scale-big","namespace":"argo","annotations":{"workflows.argoproj.io/pod-name-format":"v2"}},`;
    wf = JSON.parse(big.render(head).toString('utf8')) as Workflow & KObject;
    nodes = wf.status!.nodes!;
    byName = new Map(Object.values(nodes).map((n) => [n.name!, n]));
    failedRetry = failedStepOf(wf)!;
    assert.equal(failedRetry.type, 'Retry');
  });

  /** A cluster with the failed attempt's pod (managedFields and all), a busy node, and a flood of events and log. */
  function busyCluster(attempt: ArgoNode): FakeKube {
    const p = pod(wf, attempt, { reason: 'OOMKilled', exitCode: 137 });
    (p.metadata as Record<string, unknown>).managedFields = Array.from({ length: 40 }, (_, i) => ({
      manager: `m${i}`,
      fieldsV1: { 'f:status': { 'f:conditions': { '.': {}, [`k:${'x'.repeat(200)}`]: {} } } },
    }));
    (p.spec as Record<string, unknown>).nodeName = attempt.hostNodeName;
    const kube = new FakeKube().put(p);
    kube.put({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: attempt.hostNodeName, labels: { 'topology.kubernetes.io/zone': 'us-east-1a' } },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        images: Array.from({ length: 400 }, (_, i) => ({
          names: [`registry.example.com/team/image-${i}:v1`],
          sizeBytes: i,
        })),
      },
    });
    for (let i = 0; i < 500; i++)
      kube.event(
        { kind: 'Node', name: attempt.hostNodeName! },
        {
          reason: 'NodeHasSufficientMemory',
          message: `Node status is now: NodeHasSufficientMemory (${i})`,
          type: 'Normal',
          lastTimestamp: `2026-08-01T10:${String(i % 60).padStart(2, '0')}:00Z`,
          involvedObject: { kind: 'Node', name: attempt.hostNodeName },
        },
      );
    kube.logs.set(`argo/${podNameOfNode(wf, attempt)}/main`, [
      ...Array.from({ length: 10_000 }, (_, i) => `epoch ${i}: loss 0.${i}`),
      `{"batch":"${'x'.repeat(1_000_000)}"}`,
      'Killed',
    ]);
    return kube;
  }

  it('gathers a bundle of a few KB for any node: the failed step, its attempts, fan-outs, the root', async () => {
    const attempt = nodes[failedRetry.children!.at(-1)!]!;
    const kube = busyCluster(attempt);
    const cases: [string, ArgoNode, number][] = [
      ['the failed retry node', failedRetry, 16 * KB],
      ['its last attempt, pod, node, events and log included', attempt, 64 * KB],
      ['a fan-out of thousands of retried items', byName.get(failedRetry.name!.replace(/\(\d+:\d+\)$/, ''))!, 16 * KB],
      ['the fan-out of nested DAGs, fed by 20,000 pods', named('.regions'), 16 * KB],
      ['the fan-out of 20,000 pods', named('.shard'), 16 * KB],
      ['the workflow root', nodes['scale-big']!, 16 * KB],
      ['the omitted report', named('.report'), 16 * KB],
    ];
    for (const [what, node, bound] of cases) {
      const b = (await gatherBundle(kube, wf, node.id))!;
      assert.ok(b, what);
      assert.ok(size(b) < bound, `${what}: ${size(b)} characters`);
      assert.ok((b.workflowNode.children?.length ?? 0) <= MAX_BUNDLE_CHILDREN, what);
      if ((node.children?.length ?? 0) > MAX_BUNDLE_CHILDREN)
        assert.equal(b.workflowNode.childCount, node.children!.length, `${what}: says how many children`);
      for (const r of b.relatedNodes ?? []) assert.ok((r.children?.length ?? 0) <= MAX_BUNDLE_CHILDREN);
    }
    const full = (await gatherBundle(kube, wf, attempt.id))!;
    assert.match(full.logTail!, /Killed$/, 'the log tail ends with the last line');
    assert.ok(full.logTail!.split('\n').length <= 80);
    assert.equal(full.events!.length, 50, 'the newest node events');
    assert.equal((full.pod!.metadata as Record<string, unknown>).managedFields, undefined);
    assert.equal(((full.node as { status: Record<string, unknown> }).status.images as unknown) ?? 'gone', 'gone');
  });

  it('explains the failed retry as a whole-node bundle would: out of memory on every attempt', async () => {
    const kube = new FakeKube();
    const bounded = (await gatherBundle(kube, wf, failedRetry.id))!;
    const whole: FailureBundle = {
      ...bounded,
      workflowNode: { ...(failedRetry as BundleNode) },
      relatedNodes: relatedBefore(nodes, failedRetry).map((r) => ({ ...(r as BundleNode) })),
    };
    assert.ok(size(whole) > size(bounded));
    const d = diagnose(bounded);
    assert.deepEqual(d, diagnose(whole));
    assert.equal(d.rootCause, 'oom-killed-main', d.cause);
    assert.match(d.cause, /All 3 attempts/);
  });

  it('gives the same diagnosis for every failed node of the corpus and every failure case, bounded or whole', async () => {
    const dir = path.join(CORPUS, 'argo-status');
    let compared = 0;
    for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x))) {
      const w = parse(readFileSync(path.join(dir, f), 'utf8')) as Workflow & KObject;
      const all = w.status?.nodes;
      if (!all) continue;
      for (const [id, n] of Object.entries(all).filter(([, x]) => isFailed(x.phase))) {
        const bounded = (await gatherBundle(new FakeKube(), w, id))!;
        assert.ok(bounded, `${f}: ${id}`);
        const whole: FailureBundle = {
          ...bounded,
          workflowNode: { ...(n as BundleNode) },
          relatedNodes: relatedBefore(all, n).map((r) => ({ ...(r as BundleNode) })),
        };
        assert.deepEqual(diagnose(bounded), diagnose(whole), `${f}: ${n.name}`);
        compared++;
      }
    }
    assert.ok(compared > 50, `${compared} failed nodes compared`);
    // The failure cases (../shared/failures/cases), with their nodes cut the way a bundle now cuts them.
    for (const f of readdirSync(path.join(FAILURES, 'cases')).filter((x) => x.endsWith('.json'))) {
      const c = JSON.parse(readFileSync(path.join(FAILURES, 'cases', f), 'utf8')) as FailureBundle;
      if (!c.workflowNode) continue;
      const cut = { ...c, workflowNode: bundleNode(c.workflowNode), relatedNodes: c.relatedNodes?.map(bundleNode) };
      assert.deepEqual(diagnose(cut), diagnose(c), f);
    }
  });

  it('finds related nodes in one pass, at most 20: attempts first, then the steps that fed it', () => {
    const train = byName.get(failedRetry.name!.replace(/\(\d+:\d+\)$/, ''))!;
    const fetch = byName.get(`${nodes[train.boundaryID!]!.name}.fetch`)!;
    assert.deepEqual(
      relatedNodesOf(nodes, train).map((n) => n.id),
      [fetch.children!.at(-1)],
      'the last attempt of the task it depends on in its DAG',
    );
    const regions = named('.regions');
    assert.equal(relatedNodesOf(nodes, regions).length, 20, 'of the 20,000 shards that feed it, 20');
    // A retry: its attempts, then (as before) the fan-out that lists it.
    assert.deepEqual(
      relatedNodesOf(nodes, failedRetry).map((n) => n.id),
      [...failedRetry.children!, train.id],
    );
    assert.deepEqual(
      relatedNodesOf(nodes, failedRetry).map((n) => n.id),
      relatedBefore(nodes, failedRetry).map((n) => n.id),
    );
  });

  it('keeps a step snapshot small for any node: placement of 50 of 60,000 pods, attempts, values', () => {
    const attempt = nodes[failedRetry.children!.at(-1)!]!;
    const hosts = new Map<string, Record<string, unknown>>(
      ['ip-10-0-1-23.ec2.internal', 'ip-10-0-2-41.ec2.internal', 'ip-10-0-3-17.ec2.internal'].map((h, i) => [
        h,
        { metadata: { name: h, labels: { 'topology.kubernetes.io/zone': `us-east-1${'abc'[i]}` } } },
      ]),
    );
    const pods = Object.values(nodes).filter((n) => n.type === 'Pod');
    for (const node of [attempt, failedRetry, nodes['scale-big']!, named('.shard')]) {
      const s: StepSnapshot = buildStepSnapshot({
        workflow: wf as Record<string, unknown>,
        nodes,
        nodeId: node.id,
        podName: '',
        pod: undefined,
        podEvents: [],
        node: undefined,
        nodeEvents: [],
        hostNodes: hosts,
        now: new Date('2026-08-01T12:00:00Z'),
      });
      assert.ok(size(s) < 24 * KB, `${node.displayName}: ${size(s)} characters`);
      assert.ok(isToWebview({ type: 'snapshot', snapshot: s }));
      assert.equal(s.placement.length, MAX_PLACEMENT);
      assert.equal(s.placementTotal, pods.length);
      assert.deepEqual(s.zones, ['us-east-1a', 'us-east-1b', 'us-east-1c']);
      assert.deepEqual(new Set(s.placement.map((p) => p.node)).size, 3, 'every host shows');
      assert.ok(
        s.placement.some((p) => isFailed(p.phase)),
        'failed steps show',
      );
      const starts = s.placement.map((p) => nodes[p.nodeId]!.startedAt!);
      assert.deepEqual(starts, [...starts].sort(), 'in start order');
      if (node.type === 'Pod')
        assert.ok(
          s.placement.some((p) => p.nodeId === node.id),
          'this step shows',
        );
    }
    // On 100 hosts, one step per host takes half the rows: the failed steps (started last) still show.
    const spread: Record<string, ArgoNode> = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [
        `p${i}`,
        {
          id: `p${i}`,
          name: `w.p(${i})`,
          type: 'Pod',
          phase: i >= 90 ? 'Failed' : 'Succeeded',
          hostNodeName: `host-${i}`,
          startedAt: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
        },
      ]),
    );
    const wide = buildStepSnapshot({
      workflow: { metadata: { name: 'w' } },
      nodes: spread,
      nodeId: 'p0',
      podName: '',
      pod: undefined,
      podEvents: [],
      node: undefined,
      nodeEvents: [],
      hostNodes: new Map(),
      now: new Date(),
    });
    assert.equal(wide.placement.length, MAX_PLACEMENT);
    assert.equal(wide.placement.filter((p) => p.phase === 'Failed').length, 10);
    // A retry of 200 attempts shows the last 50; a parameter of a megabyte shows 4 KB of it.
    const many: Record<string, ArgoNode> = {
      r: { id: 'r', name: 'w.r', type: 'Retry', children: Array.from({ length: 200 }, (_, i) => `a${i}`) },
      ...Object.fromEntries(
        Array.from({ length: 200 }, (_, i) => [`a${i}`, { id: `a${i}`, name: `w.r(${i})`, type: 'Pod' }]),
      ),
    };
    many.r!.inputs = { parameters: [{ name: 'blob', value: 'x'.repeat(1_000_000) }] };
    const s = buildStepSnapshot({
      workflow: { metadata: { name: 'w' } },
      nodes: many,
      nodeId: 'r',
      podName: '',
      pod: undefined,
      podEvents: [],
      node: undefined,
      nodeEvents: [],
      hostNodes: new Map(),
      now: new Date(),
    });
    assert.equal(s.step.attempts.length, MAX_ATTEMPTS);
    assert.equal(s.step.attempts.at(-1)!.name, 'w.r(199)');
    assert.equal(s.step.attemptsTotal, 200);
    assert.ok(s.step.inputs[0]!.value.length < MAX_VALUE + 100);
    assert.match(s.step.inputs[0]!.value, /more characters\)$/);
    assert.equal(s.placementTotal, 200);
  });

  it('lists 30 of the 60,000 pods pod GC removed, failed ones first, and how many in all', () => {
    const asked: string[] = [];
    const podName = (n: ArgoNode) => podNameOfNode(wf, n);
    const summary = disappearedSummary(wf, nodes, podName, new Set(), (id) => {
      asked.push(id);
      return undefined;
    });
    const all = disappearedPods(wf, nodes, podName, new Set(), () => undefined);
    assert.equal(summary.total, all.length);
    assert.ok(summary.total > 50_000);
    assert.equal(summary.pods.length, MAX_DISAPPEARED);
    assert.equal(asked.length, MAX_DISAPPEARED, 'recorded evidence is looked up for the listed pods only');
    assert.ok(summary.pods.slice(0, 10).every((p) => isFailed(nodes[p.nodeId]!.phase)));
    const whole = new Map(all.map((p) => [p.nodeId, p]));
    for (const p of summary.pods) assert.deepEqual(p, whole.get(p.nodeId));
    // The explanation the panel receives: a few KB, where the whole list would be megabytes.
    const x: Explanation = {
      ...diagnose({ workflowNode: bundleNode(failedRetry) }),
      step: failedRetry.displayName,
      disappeared: summary.pods.map(({ step, pod, why }) => ({ step, pod, why })),
      disappearedTotal: summary.total,
    };
    assert.ok(isToWebview({ type: 'explanation', explanation: x }));
    assert.ok(size(x) < 16 * KB, `${size(x)} characters`);
    assert.ok(size(all) > 1024 * KB);
  });

  it('records at most 10 failed steps per watch event, each bundle a few KB on disk', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-big-evidence-'));
    const store = new EvidenceStore(dir, { maxBytes: 50 * 1024 * 1024, maxAgeMs: 86_400_000 });
    const kube = new FakeKube();
    assert.equal(await new EvidenceRecorder(store).observe('ctx', wf, kube), 10);
    assert.ok(store.size < 10 * 8 * KB, `${store.size} bytes on disk`);
    assert.ok(kube.calls.length < 100, `${kube.calls.length} cluster reads`);
  });
});
