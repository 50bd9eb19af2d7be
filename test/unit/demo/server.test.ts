import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import type { KubeObject } from '../../../src/demo/world';

const wf = (name: string, ns = 'argo', phase = 'Running'): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, namespace: ns, labels: { team: name.startsWith('ml') ? 'ml' : 'data' } },
  spec: { entrypoint: 'main' },
  status: { phase },
});

const pod = (name: string, ns = 'argo', phase = 'Running'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: { 'workflows.argoproj.io/workflow': 'wf-a' } },
  spec: { containers: [{ name: 'main', image: 'python:3.12' }], initContainers: [{ name: 'init', image: 'argoexec' }] },
  status: { phase },
});

/** Resolves when `predicate` holds for a value pushed by `subscribe`, or rejects after `ms`. */
function waitFor<T>(subscribe: (push: (v: T) => void) => void, predicate: (v: T) => boolean, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    subscribe((v) => {
      if (predicate(v)) {
        clearTimeout(timer);
        resolve(v);
      }
    });
  });
}

describe('demo cluster: the wire protocol through the real client-node', function () {
  this.timeout(30000);
  let cluster: DemoCluster;
  let kc: k8s.KubeConfig;

  beforeEach(async () => {
    cluster = await startDemoCluster({ clock: 'manual', forbiddenNamespaces: ['restricted'] });
    kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
  });
  afterEach(async () => {
    await cluster.close();
  });

  it('serves discovery and lists custom objects over HTTPS with its own CA and a bearer token', async () => {
    cluster.world.put(wf('wf-a'));
    cluster.world.put(wf('wf-b', 'ml-team'));
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    assert.match(version.gitVersion, /^v1\.31/);
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const list = (await api.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argo',
      plural: 'workflows',
    })) as { items: KubeObject[]; metadata: { resourceVersion: string } };
    assert.deepEqual(
      list.items.map((i) => i.metadata.name),
      ['wf-a'],
    );
    assert.ok(Number(list.metadata.resourceVersion) > 0);
    const all = (await api.listClusterCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'workflows',
    })) as { items: KubeObject[] };
    assert.equal(all.items.length, 2);
  });

  it('rejects a wrong token with 401 and a forbidden namespace with 403', async () => {
    const bad = new k8s.KubeConfig();
    bad.loadFromString(cluster.kubeconfig().replace(cluster.token, 'wrong'));
    await assert.rejects(
      bad.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'argo' }),
      (e: { code?: number }) => e.code === 401,
    );
    await assert.rejects(
      kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'restricted' }),
      (e: { code?: number; body?: string }) => e.code === 403 && /forbidden/.test(String(e.body)),
    );
  });

  it('filters by label and field selectors and paginates with continue tokens', async () => {
    for (let i = 0; i < 7; i++) cluster.world.put(wf(`${i % 2 ? 'ml' : 'etl'}-${i}`));
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const ml = (await api.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argo',
      plural: 'workflows',
      labelSelector: 'team in (ml)',
    })) as { items: KubeObject[] };
    assert.equal(ml.items.length, 3);
    const byName = (await api.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argo',
      plural: 'workflows',
      fieldSelector: 'metadata.name=etl-2',
    })) as { items: KubeObject[] };
    assert.deepEqual(
      byName.items.map((i) => i.metadata.name),
      ['etl-2'],
    );
    const names: string[] = [];
    let cont: string | undefined;
    do {
      const page = (await api.listNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argo',
        plural: 'workflows',
        limit: 3,
        _continue: cont,
      })) as { items: KubeObject[]; metadata: { continue?: string } };
      names.push(...page.items.map((i) => i.metadata.name));
      cont = page.metadata.continue;
    } while (cont);
    assert.equal(names.length, 7);
    assert.equal(new Set(names).size, 7);
  });

  it('watches from a resourceVersion, and answers 410 Gone for a compacted one', async () => {
    cluster.world.put(wf('wf-a'));
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const list = (await api.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argo',
      plural: 'workflows',
    })) as { metadata: { resourceVersion: string } };
    const watch = new k8s.Watch(kc);
    const seen: { type: string; name: string; phase?: string }[] = [];
    let push: (v: number) => void = () => {};
    const req = await watch.watch(
      '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows',
      { resourceVersion: list.metadata.resourceVersion },
      (type, obj: KubeObject) => {
        seen.push({ type, name: obj.metadata.name, phase: (obj.status as { phase?: string } | undefined)?.phase });
        push(seen.length);
      },
      () => {},
    );
    const got = waitFor<number>(
      (p) => (push = p),
      (n) => n >= 3,
    );
    cluster.world.put(wf('wf-b'));
    cluster.world.put(wf('wf-a', 'argo', 'Failed'));
    cluster.world.remove('Workflow', 'argo', 'wf-b');
    await got;
    req.abort();
    assert.deepEqual(seen, [
      { type: 'ADDED', name: 'wf-b', phase: 'Running' },
      { type: 'MODIFIED', name: 'wf-a', phase: 'Failed' },
      { type: 'DELETED', name: 'wf-b', phase: 'Running' },
    ]);

    cluster.compact();
    const errors: unknown[] = [];
    await new Promise<void>((resolve) => {
      void watch.watch(
        '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows',
        { resourceVersion: list.metadata.resourceVersion },
        (type, obj: { code?: number }) => {
          if (type === 'ERROR') errors.push(obj.code);
        },
        () => resolve(),
      );
    });
    assert.deepEqual(errors, [410]);
  });

  it('streams pod logs: tail, previous, and follow until the container ends', async () => {
    cluster.world.put(pod('p1'));
    cluster.world.appendLog('argo', 'p1', 'main', ['one', 'two', 'three']);
    cluster.world.appendLog('argo', 'p1', 'main', ['crashed before'], { previous: true });
    const log = new k8s.Log(kc);
    const read = async (opts: k8s.LogOptions) => {
      let text = '';
      const { Writable } = await import('node:stream');
      const done = new Promise<void>((resolve) => {
        const sink = new Writable({
          write(chunk, _e, cb) {
            text += String(chunk);
            cb();
          },
          final(cb) {
            resolve();
            cb();
          },
        });
        void log.log('argo', 'p1', 'main', sink, opts).catch(() => resolve());
      });
      return { done, text: () => text };
    };
    const tail = await read({ tailLines: 2 });
    await tail.done;
    assert.equal(tail.text(), 'two\nthree\n');
    const prev = await read({ previous: true });
    await prev.done;
    assert.equal(prev.text(), 'crashed before\n');
    const follow = await read({ follow: true });
    await waitFor<string>(
      (p) => {
        const t = setInterval(() => p(follow.text()), 20);
        void follow.done.then(() => clearInterval(t));
      },
      (t) => t.includes('three'),
    );
    cluster.world.appendLog('argo', 'p1', 'main', ['four']);
    await waitFor<string>(
      (p) => {
        const t = setInterval(() => p(follow.text()), 20);
        void follow.done.then(() => clearInterval(t));
      },
      (t) => t.includes('four'),
    );
    cluster.world.put(pod('p1', 'argo', 'Failed'));
    await follow.done;
    assert.equal(follow.text(), 'one\ntwo\nthree\nfour\n');
  });

  it('creates with generateName, merge-patches, deletes, and says 404/409 like the API server', async () => {
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const created = (await api.createNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argo',
      plural: 'workflows',
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { generateName: 'resub-' },
        spec: { entrypoint: 'main' },
      },
    })) as KubeObject;
    assert.match(created.metadata.name, /^resub-[a-z0-9]{5}$/);
    await assert.rejects(
      api.createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argo',
        plural: 'workflows',
        body: { ...created },
      }),
      (e: { code?: number }) => e.code === 409,
    );
    cluster.world.put(wf('running'));
    await api.patchNamespacedCustomObject(
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argo',
        plural: 'workflows',
        name: 'running',
        body: { spec: { shutdown: 'Stop' } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const stopped = cluster.world.get('Workflow', 'argo', 'running')!;
    assert.deepEqual(stopped.status as { phase: string; message: string }, {
      phase: 'Failed',
      message: "Stopped with strategy 'Stop'",
      finishedAt: (stopped.status as { finishedAt: string }).finishedAt,
      nodes: {},
    });
    await api.deleteNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'argo',
      plural: 'workflows',
      name: 'running',
    });
    assert.equal(cluster.world.get('Workflow', 'argo', 'running'), undefined);
    await assert.rejects(
      api.getNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: 'argo',
        plural: 'workflows',
        name: 'running',
      }),
      (e: { code?: number }) => e.code === 404,
    );
  });

  it('replaces only the version a PUT read (409 Conflict otherwise), as the apiserver does', async () => {
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    const at = { group: 'argoproj.io', version: 'v1alpha1', namespace: 'argo', plural: 'workflows', name: 'put-me' };
    cluster.world.put(wf('put-me'));
    const read = (await api.getNamespacedCustomObject(at)) as KubeObject;
    const replaced = (await api.replaceNamespacedCustomObject({
      ...at,
      body: { ...read, metadata: { ...read.metadata, labels: { team: 'a' } } },
    })) as KubeObject;
    assert.equal(replaced.metadata.labels?.team, 'a');
    await assert.rejects(
      api.replaceNamespacedCustomObject({
        ...at,
        body: { ...read, metadata: { ...read.metadata, labels: { team: 'b' } } },
      }),
      (e: { code?: number; body?: string }) => e.code === 409 && /"reason":"Conflict"/.test(String(e.body)),
    );
    assert.equal(cluster.world.get('Workflow', 'argo', 'put-me')!.metadata.labels?.team, 'a');
  });

  it('is usable by real kubectl: get workflows and logs', async function () {
    const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
    if (!kubectl) this.skip();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-kubectl-'));
    const cfg = path.join(dir, 'config');
    writeFileSync(cfg, cluster.kubeconfig());
    cluster.world.put(wf('wf-kubectl'));
    cluster.world.put(pod('p1'));
    cluster.world.appendLog('argo', 'p1', 'main', ['hello from main']);
    // Asynchronously: the server runs in this process and must keep answering.
    const run = (...args: string[]) =>
      promisify(execFile)(kubectl, ['--kubeconfig', cfg, '--cache-dir', path.join(dir, 'cache'), ...args], {
        encoding: 'utf8',
        timeout: 20000,
      });
    const get = await run('get', 'workflows', '-n', 'argo', '-o', 'name');
    assert.match(get.stdout, /workflow.argoproj.io\/wf-kubectl/);
    const logs = await run('logs', 'p1', '-n', 'argo', '-c', 'main');
    assert.equal(logs.stdout, 'hello from main\n');
    // Streaming commands: `get pods -w` and `logs -f` print what happens while they run.
    const { spawn } = await import('node:child_process');
    const stream = (args: string[], until: RegExp, onFirstOutput: () => void) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(kubectl, ['--kubeconfig', cfg, '--cache-dir', path.join(dir, 'cache'), ...args]);
        let out = '';
        const timer = setTimeout(() => {
          child.kill();
          reject(new Error(`no ${until} in: ${out}`));
        }, 20000);
        child.stdout.on('data', (d) => {
          if (out === '') onFirstOutput(); // kubectl is connected and streaming: now make something happen
          out += String(d);
          if (until.test(out)) {
            clearTimeout(timer);
            child.kill();
            resolve(out);
          }
        });
      });
    const watching = stream(['get', 'pods', '-n', 'argo', '-w', '--output-watch-events'], /ADDED\s+p2/, () =>
      cluster.world.put(pod('p2')),
    );
    assert.match(await watching, /p1/);
    const following = stream(['logs', '-f', 'p1', '-n', 'argo', '-c', 'main'], /later line/, () =>
      cluster.world.appendLog('argo', 'p1', 'main', ['later line']),
    );
    assert.match(await following, /hello from main\nlater line/);
  });
});
