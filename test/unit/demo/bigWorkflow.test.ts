// The demo's one huge workflow (`--big-workflow N`): exactly N nodes, shaped as Argo writes big DAGs (nested DAGs,
// fan-outs of thousands of pods, retries), one step out of memory that fails it, served over HTTPS like any other.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { demoClusterCommand } from '../../../src/cli/demoCluster';
import { Exit } from '../../../src/cli/io';
import type { ArgoNode } from '../../../src/core/model/argoNode';
import { failedStepOf } from '../../../src/core/model/failedStep';
import { NodeTree } from '../../../src/core/model/nodeTree';
import type { Workflow } from '../../../src/core/model/workflow';
import { argoNodeId } from '../../../src/core/model/podName';
import { ManualClock } from '../../../src/demo/clock';
import { BigWorkflow, MIN_BIG_NODES } from '../../../src/demo/bigWorkflow';
import { populate } from '../../../src/demo/population';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import { ObjectStore } from '../../../src/demo/store';
import type { KubeObject } from '../../../src/demo/world';

type Wf = KubeObject & {
  spec: { podGC?: { strategy?: string }; templates: { name: string }[] };
  status: { phase: string; message?: string; nodes: Record<string, ArgoNode & { outboundNodes?: string[] }> };
};

function render(nodes: number, name = 'scale-big'): Wf {
  const big = new BigWorkflow(name, nodes, new Date('2026-08-01T10:17:00Z'));
  const head = `"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"${name}","namespace":"argo"},`;
  return JSON.parse(big.render(head).toString('utf8')) as Wf;
}

/** Checks the node tree the way Argo's controller would have written it; returns what a reader needs next. */
function checkStructure(wf: Wf, expected: number) {
  const name = wf.metadata.name;
  const nodes = wf.status.nodes;
  const list = Object.values(nodes);
  assert.equal(list.length, expected, 'node count');
  for (const [id, n] of Object.entries(nodes)) assert.equal(n.id, id, `key ${id} is the node's id`);
  // One root, named after the workflow; the only other node outside a DAG is the exit handler.
  const root = nodes[name]!;
  assert.equal(root.type, 'DAG');
  assert.deepEqual(
    list
      .filter((n) => !n.boundaryID)
      .map((n) => n.name)
      .sort(),
    [name, `${name}.onExit`],
  );
  // Ids are Argo's <workflow>-<fnv32a(name)>, but for the rare 32-bit collision moved to the next free number.
  const moved = list.filter((n) => n.id !== argoNodeId(name, n.name!)).length;
  assert.ok(moved <= Math.ceil(expected / 20_000), `${moved} ids are not Argo's hash of the name`);
  for (const n of list) {
    for (const c of n.children ?? []) assert.ok(nodes[c], `child ${c} of ${n.name} exists`);
    for (const c of n.outboundNodes ?? []) assert.ok(nodes[c], `outbound node ${c} of ${n.name} exists`);
    if (n.boundaryID) {
      const b = nodes[n.boundaryID];
      assert.ok(b, `boundary ${n.boundaryID} of ${n.name} exists`);
      assert.equal(b.type, 'DAG', `the boundary of ${n.name} is a DAG`);
      assert.ok(n.name!.startsWith(`${b.name}.`), `${n.name} is named inside its boundary ${b.name}`);
    }
    assert.ok(n.startedAt! <= n.finishedAt!, `${n.name} ends after it starts`);
    if (n.type === 'Retry')
      assert.deepEqual(
        (n.children ?? []).map((c) => nodes[c]!.name),
        n.children!.map((_, a) => `${n.name}(${a})`),
        `the attempts of ${n.name}, in order`,
      );
  }
  // Every node but the exit handler hangs off the root.
  const seen = new Set<string>();
  const queue = [root.id];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(nodes[id]!.children ?? []));
  }
  assert.equal(seen.size, expected - 1, 'reachable from the root');
  return { nodes, list, root };
}

describe('demo cluster: one huge workflow (--big-workflow)', function () {
  this.timeout(60000);
  let cluster: DemoCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it('has exactly the nodes asked for, in a valid tree, for any size from the smallest', () => {
    for (const n of [MIN_BIG_NODES, MIN_BIG_NODES + 1, 777, 4321, 25_000]) checkStructure(render(n), n);
    assert.throws(() => new BigWorkflow('x', MIN_BIG_NODES - 1, new Date()), /at least/);
  });

  it('at 100,000 nodes: fan-outs of thousands, nested DAGs, retries, and one step out of memory at depth', () => {
    const wf = render(100_000);
    const { nodes, list } = checkStructure(wf, 100_000);
    assert.equal(wf.status.phase, 'Failed');
    assert.equal(wf.spec.podGC?.strategy, 'OnPodCompletion');
    const groups = list.filter((n) => n.type === 'TaskGroup');
    assert.ok(groups.filter((g) => g.children!.length >= 1000).length >= 8, 'fan-outs of thousands');
    // A DAG inside a DAG inside the workflow's DAG.
    const depth = (n: ArgoNode) => {
      let d = 0;
      for (let b = n.boundaryID; b; b = nodes[b]!.boundaryID) d++;
      return d;
    };
    assert.ok(list.some((n) => n.type === 'DAG' && depth(n) === 2));
    const retries = list.filter((n) => n.type === 'Retry');
    assert.ok(retries.length > 10_000);
    assert.ok(
      retries.some((r) => r.phase === 'Succeeded' && r.children!.length > 1),
      'retried, then succeeded',
    );
    // The one failure: a retried fan-out item inside a region's DAG whose every attempt ran out of memory.
    const failedRetries = retries.filter((r) => r.phase === 'Failed');
    assert.equal(failedRetries.length, 1);
    const retry = failedRetries[0]!;
    assert.equal(retry.message, 'No more retries left');
    const attempts = retry.children!.map((c) => nodes[c]!);
    assert.equal(attempts.length, 3);
    for (const a of attempts) {
      assert.equal(a.phase, 'Failed');
      assert.equal(a.message, 'main: OOMKilled (exit code 137)');
      assert.equal(a.outputs?.exitCode, '137');
    }
    assert.equal(depth(retry), 1 + depth(nodes[retry.boundaryID!]!));
    assert.equal(nodes[retry.boundaryID!]!.phase, 'Failed');
    assert.match(wf.status.message!, new RegExp(`child '${retry.id}' failed`));
    // That is the step to explain, not the attempts a retry made good.
    assert.equal(failedStepOf(wf as Workflow)?.id, retry.id);
    // The sidebar's tree places every node once.
    const tree = new NodeTree(wf.metadata.name, nodes);
    const placed = new Set<string>();
    const visit = (children: ReturnType<NodeTree['childrenOf']>) => {
      for (const c of children)
        if (c.kind === 'node') {
          assert.ok(!placed.has(c.node.id), `${c.node.name} placed once`);
          placed.add(c.node.id);
          visit(tree.childrenOf(c.node.id));
        } else visit(tree.childrenOf(c.parentId || undefined, c.page));
    };
    visit(tree.childrenOf(undefined));
    assert.equal(placed.size, 100_000 - 1, 'every node but the root');
  });

  it('is served over HTTPS: listed last, read with GET, metadata-only, next to the population', async () => {
    cluster = await startDemoCluster({
      clock: 'manual',
      population: { workflows: 3, nodes: 20, bigWorkflow: 100_000 },
    });
    const get = (path: string, accept?: string) =>
      new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
        const req = request(
          `${cluster!.url}${path}`,
          {
            ca: cluster!.caPem,
            headers: { Authorization: `Bearer ${cluster!.token}`, ...(accept ? { Accept: accept } : {}) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end();
      });
    const base = '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows';
    const names = JSON.parse(
      (await get(base, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1')).body.toString(),
    ) as { items: KubeObject[] };
    assert.deepEqual(
      names.items.map((i) => i.metadata.name),
      ['scale-00000', 'scale-00001', 'scale-00002', 'scale-big'],
    );
    assert.equal(names.items[3]!.metadata.labels?.['workflows.argoproj.io/phase'], 'Failed');
    const r = await get(`${base}/scale-big`);
    assert.equal(r.status, 200);
    const wf = JSON.parse(r.body.toString('utf8')) as Wf;
    assert.equal(wf.metadata.resourceVersion, names.items[3]!.metadata.resourceVersion);
    assert.equal(Object.keys(wf.status.nodes).length, 100_000);
    // The same bytes on every read.
    const again = await get(`${base}/scale-big`);
    assert.ok(again.body.equals(r.body));
  });

  it('takes --big-workflow on the command line, and refuses a size it cannot shape', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => void err.push(t), cwd: '.', env: {} };
    assert.equal(await demoClusterCommand.run(['--big-workflow', String(MIN_BIG_NODES - 1)], io), Exit.usage);
    assert.equal(await demoClusterCommand.run(['--big-workflow=lots'], io), Exit.usage);
    assert.match(err.join(''), /--big-workflow takes a node count of at least 100/);
    assert.match(demoClusterCommand.usage, /--big-workflow N/);
  });

  it('populates the store with the big workflow after the others, rendered when read', () => {
    const store = new ObjectStore(new ManualClock());
    populate(store, { workflows: 2, nodes: 5, bigWorkflow: 500, namespace: 'big' }, new Date());
    const entries = store.entries('Workflow', 'big');
    assert.deepEqual(
      entries.map((e) => e.metadata.name),
      ['scale-00000', 'scale-00001', 'scale-big'],
    );
    const wf = entries[2]!.object() as Wf;
    assert.equal(Object.keys(wf.status.nodes).length, 500);
    assert.equal(wf.metadata.namespace, 'big');
  });
});
