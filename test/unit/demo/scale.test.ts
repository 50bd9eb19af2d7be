// The demo cluster at scale: a population of finished workflows, paged lists and metadata-only answers, read over
// HTTPS with raw requests (the Accept header and the exact JSON matter here).
import assert from 'node:assert/strict';
import { request, type RequestOptions } from 'node:https';
import { demoClusterCommand } from '../../../src/cli/demoCluster';
import { Exit } from '../../../src/cli/io';
import { ManualClock } from '../../../src/demo/clock';
import { populate } from '../../../src/demo/population';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import { ObjectStore } from '../../../src/demo/store';
import type { KubeObject } from '../../../src/demo/world';

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

/** The demo's CA and token, and an Accept header when one is asked for. */
function requestOptions(cluster: DemoCluster, accept?: string): RequestOptions {
  return {
    ca: cluster.caPem,
    headers: { Authorization: `Bearer ${cluster.token}`, ...(accept ? { Accept: accept } : {}) },
  };
}

function get(cluster: DemoCluster, path: string, accept?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${cluster.url}${path}`, requestOptions(cluster, accept), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type']),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The first `count` events of a watch, then the stream is closed. */
function watchEvents(cluster: DemoCluster, path: string, count: number, accept?: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const req = request(`${cluster.url}${path}`, requestOptions(cluster, accept), (res) => {
      let buf = '';
      const events: unknown[] = [];
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0 && events.length < count) {
          events.push(JSON.parse(buf.slice(0, nl)));
          buf = buf.slice(nl + 1);
        }
        if (events.length >= count) {
          req.destroy();
          resolve(events);
        }
      });
      res.on('error', reject);
    });
    req.on('error', (e) => (e.message === 'socket hang up' ? undefined : reject(e)));
    req.end();
  });
}

type List = {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
};

const WORKFLOWS = '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows';
const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

interface Node {
  id: string;
  type: string;
  phase: string;
  startedAt?: string;
  finishedAt?: string;
  children?: string[];
}

async function pageThrough(cluster: DemoCluster, path: string, limit: number, accept?: string): Promise<List[]> {
  const pages: List[] = [];
  let cont: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await get(cluster, `${path}${sep}limit=${limit}${cont ? `&continue=${cont}` : ''}`, accept);
    assert.equal(r.status, 200, r.body);
    const page = JSON.parse(r.body) as List;
    pages.push(page);
    cont = page.metadata.continue;
  } while (cont);
  return pages;
}

describe('demo cluster at scale: population, paging and metadata-only lists', function () {
  this.timeout(30000);
  let cluster: DemoCluster;

  afterEach(async () => {
    await cluster?.close();
  });

  it('populates N finished workflows of M nodes: a tree from the root, Succeeded and Failed, labelled', async () => {
    cluster = await startDemoCluster({ clock: 'manual', population: { workflows: 23, nodes: 41 } });
    const list = JSON.parse((await get(cluster, WORKFLOWS)).body) as List;
    assert.equal(list.items.length, 23);
    const phases = new Set<string>();
    for (const wf of list.items) {
      assert.match(wf.metadata.name, /^scale-\d{5}$/);
      const status = wf.status as { phase: string; startedAt: string; finishedAt: string; nodes: Record<string, Node> };
      const nodes = status.nodes;
      assert.equal(Object.keys(nodes).length, 41, wf.metadata.name);
      phases.add(status.phase);
      assert.equal(wf.metadata.labels?.['workflows.argoproj.io/phase'], status.phase);
      assert.equal(wf.metadata.labels?.['workflows.argoproj.io/completed'], 'true');
      assert.ok(status.startedAt < status.finishedAt, `${status.startedAt} < ${status.finishedAt}`);
      const root = nodes[wf.metadata.name];
      assert.ok(root && /^(DAG|Steps)$/.test(root.type), 'the root node is named after the workflow');
      assert.equal(root.phase, status.phase);
      // Every node hangs off the root, and every pod finished after it started.
      const seen = new Set<string>();
      const queue = [root.id];
      while (queue.length) {
        const id = queue.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        assert.ok(nodes[id], `child ${id} of ${wf.metadata.name} is in the status`);
        queue.push(...(nodes[id].children ?? []));
      }
      assert.equal(seen.size, 41);
      for (const n of Object.values(nodes).filter((x) => x.type === 'Pod'))
        assert.ok(n.startedAt! <= n.finishedAt!, `${n.id} ends after it starts`);
      assert.equal(
        Object.values(nodes).some((n) => n.type === 'Pod' && n.phase === 'Failed'),
        status.phase === 'Failed',
      );
    }
    assert.deepEqual([...phases].sort(), ['Failed', 'Succeeded']);
    // The store's own view agrees, and a populated workflow can be read and deleted like any other.
    assert.equal(cluster.world.list('Workflow', 'argo').length, 23);
    const one = await get(cluster, `${WORKFLOWS}/scale-00003`);
    assert.equal((JSON.parse(one.body) as KubeObject).metadata.uid, list.items[3]!.metadata.uid);
    cluster.world.remove('Workflow', 'argo', 'scale-00003');
    assert.equal((await get(cluster, `${WORKFLOWS}/scale-00003`)).status, 404);
  });

  it('pages with limit and continue: every item once, one resourceVersion, remainingItemCount', async () => {
    cluster = await startDemoCluster({ clock: 'manual', population: { workflows: 23, nodes: 5 } });
    cluster.world.put({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'other', namespace: 'ml-team' },
    });
    const pages = await pageThrough(cluster, WORKFLOWS, 5);
    assert.deepEqual(
      pages.map((p) => p.items.length),
      [5, 5, 5, 5, 3],
    );
    const names = pages.flatMap((p) => p.items.map((i) => i.metadata.name));
    assert.deepEqual(
      names,
      Array.from({ length: 23 }, (_, i) => `scale-${String(i).padStart(5, '0')}`),
    );
    assert.equal(new Set(pages.map((p) => p.metadata.resourceVersion)).size, 1);
    assert.deepEqual(
      pages.map((p) => p.metadata.remainingItemCount),
      [18, 13, 8, 3, undefined],
    );
    // A custom resource's list says continue "" on its last page, as kube-apiserver 1.36 does (docs/fidelity.md).
    assert.equal(pages.at(-1)!.metadata.continue, '');
    // A workflow written between pages does not change the list's resourceVersion nor repeat an item.
    const first = JSON.parse((await get(cluster, `${WORKFLOWS}?limit=10`)).body) as List;
    cluster.world.put({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'a-late', namespace: 'argo' },
    });
    const second = JSON.parse(
      (await get(cluster, `${WORKFLOWS}?limit=100&continue=${first.metadata.continue}`)).body,
    ) as List;
    assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);
    assert.deepEqual(
      second.items.map((i) => i.metadata.name),
      names.slice(10),
    );
    // All namespaces, in namespace order; and selectors leave remainingItemCount out, as the apiserver does.
    const all = await pageThrough(cluster, '/apis/argoproj.io/v1alpha1/workflows', 7);
    const allNames = all.flatMap((p) => p.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`));
    assert.equal(allNames.length, 25);
    assert.equal(new Set(allNames).size, 25);
    assert.equal(allNames.at(-1), 'ml-team/other');
    const failed = await pageThrough(cluster, `${WORKFLOWS}?labelSelector=workflows.argoproj.io/phase%3DFailed`, 2);
    assert.equal(failed.flatMap((p) => p.items).length, 4);
    assert.ok(failed.every((p) => p.metadata.remainingItemCount === undefined));
    assert.equal((await get(cluster, `${WORKFLOWS}?limit=2&continue=not-a-token`)).status, 400);
    // resourceVersion=0 is served from the watch cache, which ignores limit, as a v1.31 apiserver does.
    const cached = JSON.parse((await get(cluster, `${WORKFLOWS}?limit=5&resourceVersion=0`)).body) as List;
    assert.equal(cached.items.length, 24);
    assert.equal(cached.metadata.continue, '');
  });

  it('answers PartialObjectMetadataList / PartialObjectMetadata when asked: metadata only', async () => {
    cluster = await startDemoCluster({ clock: 'manual', population: { workflows: 9, nodes: 30 } });
    const r = await get(cluster, `${WORKFLOWS}?limit=4`, `${METADATA_LIST},application/json`);
    assert.equal(r.status, 200);
    assert.equal(r.contentType, 'application/json', 'as the real apiserver labels metadata-only answers');
    const page = JSON.parse(r.body) as List;
    assert.equal(page.kind, 'PartialObjectMetadataList');
    assert.equal(page.apiVersion, 'meta.k8s.io/v1');
    assert.equal(page.metadata.remainingItemCount, 5);
    assert.equal(page.items.length, 4);
    for (const item of page.items) {
      assert.deepEqual(Object.keys(item).sort(), ['apiVersion', 'kind', 'metadata']);
      assert.equal(item.kind, 'PartialObjectMetadata');
      assert.equal(item.apiVersion, 'meta.k8s.io/v1');
      assert.ok(item.metadata.labels?.['workflows.argoproj.io/phase']);
    }
    const pages = await pageThrough(cluster, WORKFLOWS, 4, METADATA_LIST);
    assert.equal(pages.flatMap((p) => p.items).length, 9);
    assert.ok(pages.every((p) => p.kind === 'PartialObjectMetadataList'));
    // A plain client still gets whole workflows.
    const full = JSON.parse((await get(cluster, `${WORKFLOWS}?limit=1`)).body) as List;
    assert.equal(full.kind, 'WorkflowList');
    assert.ok(full.items[0]!.status);
    // Get and watch take the single-object form; a list asked for as a single object is refused with 406.
    const one = JSON.parse((await get(cluster, `${WORKFLOWS}/scale-00001`, METADATA)).body) as KubeObject;
    assert.deepEqual(Object.keys(one).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.equal(one.kind, 'PartialObjectMetadata');
    assert.equal((await get(cluster, WORKFLOWS, METADATA)).status, 406);
    const events = (await watchEvents(cluster, `${WORKFLOWS}?watch=true`, 9, METADATA)) as {
      type: string;
      object: KubeObject;
    }[];
    assert.ok(
      events.every((e) => e.type === 'ADDED' && e.object.kind === 'PartialObjectMetadata' && !('status' in e.object)),
    );
    assert.equal(new Set(events.map((e) => e.object.metadata.name)).size, 9);
  });

  it('builds a workflow of 100,000 nodes, each id distinct', () => {
    const store = new ObjectStore(new ManualClock());
    populate(store, { workflows: 1, nodes: 100_000, namespace: 'big' }, new Date());
    const wf = JSON.parse(store.entries('Workflow', 'big')[0]!.json()) as KubeObject;
    const nodes = (wf.status as { nodes: Record<string, Node> }).nodes;
    assert.equal(Object.keys(nodes).length, 100_000);
    assert.ok(Object.entries(nodes).every(([id, n]) => n.id === id));
  });

  it('takes --workflows, --nodes and --namespace on the command line, and refuses bad counts', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => void err.push(t), cwd: '.', env: {} };
    assert.equal(await demoClusterCommand.run(['--workflows', '10', '--nodes', '0'], io), Exit.usage);
    assert.equal(await demoClusterCommand.run(['--workflows=-1'], io), Exit.usage);
    assert.match(err.join(''), /--workflows takes a count/);
    assert.match(demoClusterCommand.usage, /--workflows N[\s\S]*--nodes M[\s\S]*--namespace NS/);
  });
});
