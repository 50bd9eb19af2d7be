import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { FAN_OUT_PODS, KEPT_COMPLETED, NEAR_LIMIT_BYTES, scaleHealth } from '../../../src/core/model/scaleHealth';
import type { Workflow } from '../../../src/core/model/workflow';
import { metadataOnlyWorkflow } from '../../../src/core/model/workflowSummary';

const NOW = new Date(Date.UTC(2026, 5, 1));
const ago = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

/** A finished workflow as the store lists it: metadata only. */
const finished = (ns: string, i: number, hoursAgo = i / 6): Workflow =>
  metadataOnlyWorkflow({
    name: `done-${i}`,
    namespace: ns,
    creationTimestamp: ago(hoursAgo),
    labels: { 'workflows.argoproj.io/completed': 'true', 'workflows.argoproj.io/phase': 'Succeeded' },
  });

const running = (name: string, spec: Workflow['spec'] = {}, nodes: Record<string, ArgoNode> = {}): Workflow => ({
  metadata: { name, namespace: 'argo', creationTimestamp: ago(1) },
  spec,
  status: { phase: 'Running', nodes },
});

function fanOut(pods: number, templateName = 'main'): Record<string, ArgoNode> {
  const nodes: Record<string, ArgoNode> = {
    g: { id: 'g', name: 'wf[0]', displayName: '[0]', type: 'StepGroup', templateName, children: [] },
  };
  for (let i = 0; i < pods; i++) {
    nodes[`p${i}`] = { id: `p${i}`, name: `wf[0].work(${i})`, type: 'Pod', phase: 'Pending' };
    nodes.g!.children!.push(`p${i}`);
  }
  return nodes;
}

const whole = (wf: Workflow) => !!wf.status?.nodes || !!wf.status?.compressedNodes;

describe('scale health', () => {
  it('finds nothing in a small, tidy namespace', () => {
    const wfs = [...Array.from({ length: 10 }, (_, i) => finished('argo', i)), running('r', { ttlStrategy: {} })];
    assert.deepEqual(scaleHealth(wfs, whole, NOW), []);
  });

  it('counts completed workflows kept per namespace, names the oldest and the fix', () => {
    const wfs = [
      ...Array.from({ length: 300 }, (_, i) => finished('crowded', i)),
      ...Array.from({ length: KEPT_COMPLETED - 1 }, (_, i) => finished('tidy', i)),
      running('no-ttl'),
      {
        ...running('with-ttl', { ttlStrategy: { secondsAfterCompletion: 60 } }),
        metadata: { name: 'x', namespace: 'crowded' },
      },
      { ...running('bare'), metadata: { name: 'y', namespace: 'crowded' } },
    ];
    const f = scaleHealth(wfs, whole, NOW);
    assert.deepEqual(
      f.map((x) => x.id),
      ['kept:crowded'],
    );
    assert.match(f[0]!.title, /^300 completed workflows kept in crowded, the oldest 2 days old$/);
    assert.match(f[0]!.detail, /The oldest is crowded\/done-299/);
    assert.match(f[0]!.detail, /1 of the 2 unfinished workflows there set neither ttlStrategy nor podGC/);
    assert.match(f[0]!.fix, /ttlStrategy.*no-deadline-or-ttl.*workflowDefaults/);
    assert.deepEqual(f[0]!.workflows, ['crowded/done-299']);
  });

  it('reports a few completed workflows when they are old', () => {
    const wfs = Array.from({ length: 25 }, (_, i) => finished('old', i, 24 * 40 + i));
    const f = scaleHealth(wfs, whole, NOW);
    assert.equal(f.length, 1);
    assert.match(f[0]!.title, /25 completed workflows kept in old, the oldest 41 days old/);
    assert.equal(scaleHealth(wfs.slice(0, 5), whole, NOW).length, 0);
  });

  it('reports a whole workflow near the size limit, and one Argo compressed half-way there', () => {
    const big = running('big', { parallelism: 10 }, {});
    big.status!.outputs = { parameters: [{ name: 'p', value: 'x'.repeat(NEAR_LIMIT_BYTES) }] };
    const small = running('small', {}, { a: { id: 'a', type: 'Pod' } });
    let f = scaleHealth([big, small], whole, NOW);
    assert.deepEqual(
      f.map((x) => x.id),
      ['size'],
    );
    assert.match(f[0]!.title, /^big is near the size limit of an object \(1\.00 MB/);
    assert.match(f[0]!.detail, /offloading is off/);
    const compressed: Workflow = {
      metadata: { name: 'zipped', namespace: 'argo' },
      status: {
        phase: 'Running',
        compressedNodes: gzipSync(JSON.stringify({ a: { id: 'a', type: 'Pod' } })).toString('base64'),
      },
    };
    f = scaleHealth([compressed, big], whole, NOW);
    assert.match(f[0]!.title, /^big is near the size limit/, 'a small compressed workflow is near no limit');
    const grown: Workflow = {
      ...compressed,
      status: {
        ...compressed.status,
        outputs: { parameters: [{ name: 'p', value: 'x'.repeat(NEAR_LIMIT_BYTES / 2) }] },
      },
    };
    f = scaleHealth([grown, big], whole, NOW);
    assert.match(f[0]!.title, /^2 workflows are near the size limit/);
    assert.match(f[0]!.detail, /argo\/zipped: .*already compressed/);
    assert.equal(f[0]!.severity, 'warning');
  });

  it('estimates the size of a workflow of thousands of nodes instead of writing it out', () => {
    const f = scaleHealth([running('huge', { parallelism: 5 }, fanOut(5000))], whole, NOW);
    assert.match(f[0]!.title, /huge is near the size limit .*5,001 nodes/);
  });

  it('reports a fan-out of thousands of pods without parallelism, not one that has it', () => {
    const nodes = fanOut(FAN_OUT_PODS);
    let f = scaleHealth([running('wide', {}, nodes)], whole, NOW);
    const fo = f.find((x) => x.kind === 'fan-out')!;
    assert.match(fo.title, /^wide fans out to 1,000 pods at once \(no parallelism\)$/);
    assert.match(fo.fix, /fan-out-without-parallelism/);
    f = scaleHealth([running('limited', { parallelism: 50 }, nodes)], whole, NOW);
    assert.equal(
      f.find((x) => x.kind === 'fan-out'),
      undefined,
    );
    f = scaleHealth([running('tpl', { templates: [{ name: 'main', parallelism: 20 }] }, nodes)], whole, NOW);
    assert.equal(
      f.find((x) => x.kind === 'fan-out'),
      undefined,
    );
    f = scaleHealth([running('narrow', {}, fanOut(FAN_OUT_PODS - 1))], whole, NOW);
    assert.equal(
      f.find((x) => x.kind === 'fan-out'),
      undefined,
    );
  });

  it('counts 10,000 metadata-only workflows without looking at any node status', () => {
    let nodeReads = 0;
    const wfs = Array.from({ length: 10_000 }, (_, i) => {
      const wf = finished(i % 2 ? 'a' : 'b', i);
      Object.defineProperty(wf.status!, 'nodes', {
        get: () => {
          nodeReads++;
          return undefined;
        },
      });
      return wf;
    });
    const f = scaleHealth(wfs, () => false, NOW);
    assert.deepEqual(f.map((x) => x.id).sort(), ['kept:a', 'kept:b']);
    assert.match(f.find((x) => x.id === 'kept:a')!.title, /^5,000 completed workflows kept in a/);
    assert.equal(nodeReads, 0);
  });

  it('never throws on odd workflows', () => {
    const odd = [{}, { metadata: {} }, { status: { nodes: 'x' } }, { spec: null }] as unknown as Workflow[];
    assert.deepEqual(
      scaleHealth(odd, () => true, NOW),
      [],
    );
  });
});
