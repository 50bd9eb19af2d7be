// The cluster layer against a cluster: the demo cluster or the real one (ARGO_DOCTOR_CLUSTER=demo|real), the same
// tests for both. Everything is read through the Kubernetes API with the real @kubernetes/client-node, as the
// extension does; on the real cluster the states asserted are the ones Argo's own controller reached.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { parseArgoVersion } from '../../src/core/lint/argoVersion';
import { nullLogger } from '../../src/core/logger';
import { ClientNodeKube } from '../../src/kube/clientNodeKube';
import { failedStepOf } from '../../src/core/model/failedStep';
import { gatherBundle } from '../../src/kube/gatherBundle';
import { readNamespaceMetrics, readPodMetrics } from '../../src/kube/podMetrics';
import type { KObject } from '../../src/kube/kubeClient';
import { ListWatch, type ListWatchSource } from '../../src/kube/listWatch';
import { argoSource } from '../../src/kube/workflowSource';
import {
  MISSING_IMAGE,
  OUTCOMES,
  phaseOf,
  pullingNode,
  TARGET,
  watchWorkflowPods,
  type ClusterTarget,
  type Outcome,
} from '../support/clusterTarget';
import { demoHasOutcome } from '../support/demoTarget';
import { startClusterTarget } from '../support/startTarget';
import { retryTests } from './retry';
import { waitingTests } from './waiting';
import { workflowListTests } from './workflowLists';

type Pod = KObject & { spec?: { nodeName?: string; containers?: { name: string }[] }; status?: { phase?: string } };
const nodesOf = (wf: KObject) =>
  Object.values((wf.status as { nodes?: Record<string, { id: string; type: string; phase: string }> })?.nodes ?? {});

describe(`cluster layer on the ${TARGET} cluster`, function () {
  this.timeout(180_000);
  let target: ClusterTarget;
  let kube: ClientNodeKube;

  before(async function () {
    this.timeout(45 * 60_000); // a cold build of the real cluster's components
    target = await startClusterTarget();
    kube = new ClientNodeKube(target.kubeConfig('admin'));
  });
  after(async () => target?.stop());
  // Paging, metadata-only lists and watches, and selector transitions (a nested suite: it runs after these tests).
  workflowListTests(() => target);
  // Waiting on a semaphore, parallelism limits and a ResourceQuota, enforced by the cluster (a nested suite too).
  waitingTests(() => target);
  retryTests(() => target);

  it("reads a failed workflow's pods, their events and node, and the namespaces", async () => {
    const wf = await target.failed('oom');
    const ns = wf.metadata!.namespace!;
    const pods = await kube.listWorkflowPods(ns, wf.metadata!.name!);
    assert.ok(pods.ok, JSON.stringify(pods));
    const failedPod = (pods.value as Pod[]).find((p) => p.status?.phase === 'Failed');
    assert.ok(failedPod, `a Failed pod among ${pods.value.map((p) => p.metadata?.name).join(', ')}`);
    assert.deepEqual(
      failedPod.spec!.containers!.map((c) => c.name).sort(),
      ['main', 'wait'],
      "Argo's pods have a main and a wait container",
    );
    const events = await kube.listEventsFor({ kind: 'Pod', name: failedPod.metadata!.name!, namespace: ns });
    assert.ok(events.ok && events.value.length > 0, `events of the pod: ${JSON.stringify(events)}`);
    const reasons = events.value.map((e) => String(e.reason));
    assert.ok(reasons.includes('Scheduled'), `the scheduler's event is there: ${reasons.join(', ')}`);
    const node = await kube.getNode(failedPod.spec!.nodeName!);
    assert.ok(node.ok, JSON.stringify(node));
    assert.match((node.value.metadata?.labels ?? {})['topology.kubernetes.io/zone'] ?? '', /^us-east-1[a-z]$/);
    const namespaces = await kube.listNamespaces();
    assert.ok(
      namespaces.ok && namespaces.value.includes('ml-team') && namespaces.value.includes('argo'),
      JSON.stringify(namespaces),
    );
  });

  it("reads the Argo version the cluster runs from the workflow-controller's Deployment, as the user", async () => {
    const user = new ClientNodeKube(target.kubeConfig('user'));
    const image = await user.argoControllerImage();
    assert.ok(image.ok, JSON.stringify(image));
    // The demo says it runs 3.7; the real cluster runs the controller built from Argo v4.0.5.
    assert.equal(parseArgoVersion(image.value), TARGET === 'real' ? '4.0' : '3.7', `image ${image.value}`);
  });

  it('returns expected failures as values: not found, forbidden by RBAC, unreachable', async () => {
    const missing = await kube.getWorkflow('argo', 'no-such-workflow');
    assert.ok(!missing.ok && missing.error.kind === 'notFound', JSON.stringify(missing));
    const user = new ClientNodeKube(target.kubeConfig('user'));
    const allowed = await user.listArgo('workflows', target.namespace);
    assert.ok(allowed.ok, `the user may list workflows in ${target.namespace}: ${JSON.stringify(allowed)}`);
    const forbidden = await user.listArgo('workflows', target.forbiddenNamespace);
    assert.ok(!forbidden.ok && forbidden.error.kind === 'forbidden', JSON.stringify(forbidden));
    const kc = target.kubeConfig('admin');
    const cluster = kc.getCurrentCluster()!;
    const down = new k8s.KubeConfig();
    down.loadFromOptions({
      clusters: [{ ...cluster, server: 'https://127.0.0.1:9' }],
      users: kc.users,
      contexts: kc.contexts,
      currentContext: kc.currentContext,
    });
    const unreachable = await new ClientNodeKube(down).listArgo('workflows', 'argo');
    assert.ok(!unreachable.ok && unreachable.error.kind === 'unreachable', JSON.stringify(unreachable));
  });

  for (const [outcome, rootCause] of Object.entries(OUTCOMES) as [Outcome, string][]) {
    it(`explains a step that failed with ${outcome} as ${rootCause}`, async function () {
      if (target.kind === 'demo' && !demoHasOutcome(outcome)) this.skip();
      const wf = await target.failed(outcome);
      const step = failedStepOf(wf);
      assert.ok(
        step,
        `a failed step in ${wf.metadata?.name}: ${JSON.stringify(nodesOf(wf).map((n) => [n.type, n.phase]))}`,
      );
      const bundle = await gatherBundle(kube, wf, step.id);
      assert.ok(bundle, 'a bundle');
      const d = diagnose(bundle);
      assert.equal(d.rootCause, rootCause, `${d.cause}\nstep: ${JSON.stringify(bundle.workflowNode)}`);
    });
  }

  it('explains a step that waits on an image that does not exist, while Argo keeps it Pending', async () => {
    const wf = await target.pendingOnImage();
    const node = pullingNode(wf)!;
    const bundle = await gatherBundle(kube, wf, node.id);
    assert.ok(bundle);
    const d = diagnose(bundle);
    assert.equal(d.rootCause, 'image-not-found', d.cause);
    assert.ok(d.cause.includes(MISSING_IMAGE.split('/').pop()!), d.cause);
  });

  it("explains a step stopped by its template's activeDeadlineSeconds", async () => {
    const wf = await target.deadlineExceeded();
    const step = failedStepOf(wf);
    assert.ok(step, JSON.stringify(nodesOf(wf)));
    const d = diagnose((await gatherBundle(kube, wf, step.id))!);
    assert.equal(d.rootCause, 'pod-active-deadline-exceeded', `${d.cause}\nstep: ${JSON.stringify(step)}`);
    assert.match(d.cause, /time limit/);
  });

  it("still explains an OOM-killed step after Argo's pod GC deleted its pod", async () => {
    const wf = await target.podCollected();
    const pods = await kube.listWorkflowPods(wf.metadata!.namespace!, wf.metadata!.name!);
    assert.ok(pods.ok && pods.value.length === 0, 'the pods are gone');
    const step = failedStepOf(wf);
    assert.ok(step);
    const bundle = (await gatherBundle(kube, wf, step.id))!;
    assert.equal(bundle.pod ?? null, null, 'no pod in the evidence');
    const d = diagnose(bundle);
    assert.equal(d.rootCause, 'oom-killed-main', d.cause);
  });

  it("passes a step's output parameter to the next step (the executor's task results)", async function () {
    if (!target.passesOutputs) this.skip();
    const wf = await target.passesOutputs();
    type Param = { name: string; value?: string };
    const all = nodesOf(wf) as {
      displayName?: string;
      inputs?: { parameters?: Param[] };
      outputs?: { parameters?: Param[]; result?: string };
    }[];
    const extract = all.find((n) => n.displayName === 'extract');
    const load = all.find((n) => n.displayName === 'load');
    assert.deepEqual(
      extract?.outputs?.parameters?.map((p) => [p.name, p.value]),
      [['rows', '1204331']],
    );
    assert.equal(extract?.outputs?.result, 'extracted 1204331 rows');
    assert.deepEqual(
      load?.inputs?.parameters?.map((p) => [p.name, p.value]),
      [['rows', '1204331']],
    );
  });

  it('explains a step retried until no retries were left, each attempt failing its own way', async () => {
    const wf = await target.retriesExhausted();
    const all = nodesOf(wf) as { id: string; type: string; phase: string; message?: string; children?: string[] }[];
    const retry = all.find((n) => n.type === 'Retry');
    assert.ok(retry, `a Retry node: ${JSON.stringify(all.map((n) => [n.type, n.phase, n.message]))}`);
    assert.equal(retry.message, 'No more retries left');
    const attempts = retry.children!.map((c) => all.find((n) => n.id === c)!.message);
    assert.deepEqual(attempts, [
      'main: Error (exit code 1)',
      'main: OOMKilled (exit code 137)',
      'main: Error (exit code 1)',
    ]);
    const step = failedStepOf(wf);
    assert.ok(step);
    const d = diagnose((await gatherBundle(kube, wf, step.id))!);
    assert.equal(d.rootCause, 'retries-exhausted', d.cause);
    assert.match(d.cause + d.evidence.join('\n'), /OOMKilled/);
  });

  it('explains a step whose node stopped reporting, while Argo keeps it Running and after it errors', async function () {
    this.timeout(300_000);
    const lost = await target.nodeLost();
    const ns = lost.workflow.metadata!.namespace!;
    const running = nodesOf(lost.workflow).find((n) => n.type === 'Pod')!;
    assert.equal(running.phase, 'Running', 'Argo keeps the step Running while its pod is Terminating');
    const during = diagnose((await gatherBundle(kube, lost.workflow, running.id))!);
    assert.equal(during.rootCause, 'node-unreachable', during.cause);
    assert.match(during.cause, /Terminating/);
    const ended = await lost.recover();
    const step = nodesOf(ended).find((n) => n.id === running.id) as { phase: string; message?: string };
    assert.equal(step.phase, 'Error');
    assert.equal(step.message, 'pod deleted');
    const pods = await kube.listWorkflowPods(ns, ended.metadata!.name!);
    assert.ok(pods.ok && pods.value.length === 0, 'the pod is gone');
    const after = diagnose((await gatherBundle(kube, ended, running.id))!);
    assert.equal(after.rootCause, 'node-unreachable', after.cause);
    assert.match(after.cause, /stopped reporting.*evicted the pod.*"pod deleted".*Ready again/s);
  });

  it("follows a running step's log through the apiserver", async () => {
    const wf = await target.running();
    const podNode = nodesOf(wf).find((n) => n.type === 'Pod' && n.phase === 'Running');
    assert.ok(podNode);
    const pods = await kube.listWorkflowPods(wf.metadata!.namespace!, wf.metadata!.name!);
    assert.ok(pods.ok);
    const pod = (pods.value as Pod[]).find((p) => p.status?.phase === 'Running');
    assert.ok(pod, 'a running pod');
    const lines: string[] = [];
    const controller = new AbortController();
    let got: () => void = () => {};
    const arrived = new Promise<void>((r) => (got = r));
    const reading = kube.readPodLog({
      namespace: wf.metadata!.namespace!,
      pod: pod.metadata!.name!,
      container: 'main',
      follow: true,
      tailLines: 50,
      signal: controller.signal,
      onLines: (batch) => {
        lines.push(...batch);
        if (lines.some((l) => /subscribed to topic clickstream|processed batch \d+/.test(l))) got();
      },
    });
    await Promise.race([
      arrived,
      reading.then((r) => assert.fail(`the log ended early: ${JSON.stringify(r)} ${lines.join('|')}`)),
    ]);
    controller.abort();
    const result = await reading;
    assert.ok(result.ok || result.error.kind === 'aborted', JSON.stringify(result));
  });

  it('lists workflows in pages and follows adds, changes and deletes (ListWatch)', async () => {
    const kc = target.kubeConfig('admin');
    const ns = 'ml-team';
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const run = `lw${Date.now().toString(36)}`;
    const body = (i: number) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: `${run}-${i}`, labels: { 'argo-doctor.dev/test': run } },
      spec: { entrypoint: 'main', suspend: true, templates: [{ name: 'main', suspend: {} }] },
    });
    for (let i = 0; i < 7; i++)
      await custom.createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'workflows',
        body: body(i),
      });
    const stopLw = new AbortController();
    const lw = new ListWatch<KObject & { metadata?: { name?: string; namespace?: string; resourceVersion?: string } }>(
      kc,
      argoSource(kc, 'workflows', ns),
      { pageSize: 2, initialBackoffMs: 50, maxBackoffMs: 500 },
    );
    const serverState = async () => {
      const list = (await custom.listNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'workflows',
      })) as { items: KObject[] };
      return new Map(list.items.map((o) => [`${ns}/${o.metadata!.name}`, o.metadata!.resourceVersion]));
    };
    const cacheState = () => new Map([...lw.cache].map(([k, o]) => [k, o.metadata?.resourceVersion]));
    const same = async () => {
      const a = await serverState();
      const b = cacheState();
      return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
    };
    const untilSame = (what: string) =>
      new Promise<void>((resolve, reject) => {
        let busy = false;
        const check = async () => {
          if (busy) return;
          busy = true;
          try {
            if (lw.status.state === 'synced' && (await same())) {
              clearTimeout(timer);
              a.dispose();
              resolve();
            }
          } finally {
            busy = false;
          }
        };
        const a = lw.onEvent(() => void check());
        const timer = setTimeout(async () => {
          a.dispose();
          reject(
            new Error(
              `timed out: ${what}: cache ${JSON.stringify([...cacheState()])} vs server ${JSON.stringify([...(await serverState())])}`,
            ),
          );
        }, 30_000);
        void check();
      });
    try {
      lw.start(stopLw.signal);
      await untilSame('the paged list');
      assert.ok([...lw.cache.keys()].filter((k) => k.includes(run)).length === 7);
      await custom.deleteNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'workflows',
        name: `${run}-3`,
      });
      await custom.patchNamespacedCustomObject(
        {
          group: 'argoproj.io',
          version: 'v1alpha1',
          namespace: ns,
          plural: 'workflows',
          name: `${run}-4`,
          body: { metadata: { labels: { changed: 'yes' } } },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await custom.createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'workflows',
        body: body(9),
      });
      await untilSame('after a delete, a change and an add');
      assert.equal(
        [...lw.cache.values()].find((o) => o.metadata?.name === `${run}-4`)?.metadata?.labels?.changed,
        'yes',
      );
      assert.ok(!lw.cache.has(`${ns}/${run}-3`));
    } finally {
      stopLw.abort();
    }
  });

  it('resumes from the last version when the server ends a watch, without listing again', async () => {
    const kc = target.kubeConfig('admin');
    const ns = 'ml-team';
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    type Wf = KObject & { metadata?: { name?: string; namespace?: string; resourceVersion?: string } };
    const real = argoSource(kc, 'workflows', ns) as ListWatchSource<Wf>;
    let lists = 0;
    const counted = { ...real, list: (o: { limit: number; continue?: string }) => (lists++, real.list(o)) };
    // The server ends each watch after 1 s (timeoutSeconds), as apiservers do after their own timeout.
    let resumed: () => void = () => {};
    const resumes = new Promise<void>((r) => (resumed = r));
    const logger = { ...nullLogger, trace: (m: string) => /resuming from resourceVersion \d+/.test(m) && resumed() };
    const lw = new ListWatch<Wf>(kc, counted, { watchTimeoutSeconds: 1, logger });
    const name = `resume${Date.now().toString(36)}`;
    const seen = new Promise<void>((resolve) =>
      lw.onEvent((e) => e.type === 'added' && e.object.metadata?.name === name && resolve()),
    );
    const stop = new AbortController();
    try {
      lw.start(stop.signal);
      await resumes;
      await custom.createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'workflows',
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { name },
          spec: { entrypoint: 'main', suspend: true, templates: [{ name: 'main', suspend: {} }] },
        },
      });
      await seen;
      assert.equal(lists, 1, 'the watch resumed without a relist');
    } finally {
      stop.abort();
    }
  });

  it('relists when the server says the version it watches from is gone (410), and then follows changes', async () => {
    const kc = target.kubeConfig('admin');
    const ns = 'ml-team';
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    type Wf = KObject & { metadata?: { name?: string; namespace?: string; resourceVersion?: string } };
    const real = argoSource(kc, 'workflows', ns) as ListWatchSource<Wf>;
    let lists = 0;
    // The first list hands back a version the server has long forgotten, as a cache resumed after hours would.
    const stale = {
      ...real,
      list: async (o: { limit: number; continue?: string }) => ({
        ...(await real.list(o)),
        ...(lists++ === 0 ? { resourceVersion: '1' } : {}),
      }),
    };
    const lw = new ListWatch<Wf>(kc, stale, { initialBackoffMs: 50, maxBackoffMs: 500 });
    const name = `gone${Date.now().toString(36)}`;
    const seen = new Promise<void>((resolve) =>
      lw.onEvent((e) => e.type === 'added' && e.object.metadata?.name === name && resolve()),
    );
    const relisted = new Promise<void>((resolve) => lw.onEvent((e) => e.type === 'synced' && lists >= 2 && resolve()));
    const stop = new AbortController();
    try {
      lw.start(stop.signal);
      await relisted;
      await custom.createNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'workflows',
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { name },
          spec: { entrypoint: 'main', suspend: true, templates: [{ name: 'main', suspend: {} }] },
        },
      });
      await seen;
      assert.equal(lists, 2, 'one relist after the 410');
      assert.notEqual(lw.resourceVersion, '1');
    } finally {
      stop.abort();
    }
  });

  it('is usable by real kubectl: workflows and a step log', async function () {
    const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
    if (!kubectl) this.skip();
    const wf = await target.running();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-kubectl-'));
    const kubectlRun = (...args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(kubectl, [
          '--kubeconfig',
          target.kubeconfigPath,
          '--cache-dir',
          path.join(dir, 'cache'),
          ...args,
        ]);
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (out += d));
        p.once('exit', (code) => resolve({ code, out }));
      });
    try {
      const get = await kubectlRun('get', 'workflows', '-n', wf.metadata!.namespace!, '-o', 'name');
      assert.equal(get.code, 0, get.out);
      assert.match(get.out, new RegExp(`workflow.argoproj.io/${wf.metadata!.name}`));
      const pod = await kube.listWorkflowPods(wf.metadata!.namespace!, wf.metadata!.name!);
      assert.ok(pod.ok && pod.value[0]);
      const logs = await kubectlRun('logs', '-n', wf.metadata!.namespace!, pod.value[0].metadata!.name!, '-c', 'main');
      assert.equal(logs.code, 0, logs.out);
      assert.match(logs.out, /subscribed to topic clickstream/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a running step's usage from the metrics API", async () => {
    const wf = await target.running();
    const ns = wf.metadata!.namespace!;
    const pods = await kube.listWorkflowPods(ns, wf.metadata!.name!);
    assert.ok(pods.ok && pods.value[0], JSON.stringify(pods));
    const pod = pods.value[0].metadata!.name!;
    const served = await kube.servesApiGroup('metrics.k8s.io');
    assert.ok(served.ok && served.value, JSON.stringify(served));
    // The demo serves the metrics API as metrics-server does; the real cluster runs metrics-server, which scrapes
    // kwok's emulated kubelet resource metrics every 10 s and has a pod's first PodMetrics after two scrapes.
    let r = await readPodMetrics(kube, ns, pod);
    for (const deadline = Date.now() + 45_000; !r.sample && r.metrics.state === 'served' && Date.now() < deadline;) {
      await new Promise((res) => setTimeout(res, 1000)); // metrics-server's next scrape
      r = await readPodMetrics(kube, ns, pod);
    }
    assert.equal(r.metrics.state, 'served', JSON.stringify(r));
    const main = r.sample?.containers.find((c) => c.name === 'main');
    assert.ok(main && main.memory! > 0 && main.cpu !== undefined, JSON.stringify(r));
    // On the real cluster, main uses what its pod's annotations tell kwok (300Mi, 250m).
    if (TARGET === 'real') {
      assert.equal(main.memory, 300 * 1024 ** 2, JSON.stringify(r));
      assert.ok(Math.abs(main.cpu! - 0.25) < 0.01, JSON.stringify(r));
    }
    // The background read: every measured pod of the namespace at once, the same answer about the API.
    const all = await readNamespaceMetrics(kube, ns);
    assert.equal(all.metrics.state, 'served', JSON.stringify(all.metrics));
    assert.ok(all.samples.get(pod)?.containers.some((c) => c.name === 'main' && c.memory! > 0));
  });

  // Last of the tests on a running workflow: on the demo cluster it ends the only long-running scenario's run.
  it('stops a running workflow, and Argo ends it', async () => {
    const wf = await target.running();
    const name = wf.metadata!.name!;
    const ns = wf.metadata!.namespace!;
    const patched = await kube.patchWorkflow(ns, name, { spec: { shutdown: 'Stop' } });
    assert.ok(patched.ok, JSON.stringify(patched));
    const ended = await target.waitWorkflow(
      ns,
      name,
      (w) => /^(Failed|Error)$/.test(phaseOf(w)),
      60_000,
      'the stopped workflow to end',
    );
    assert.match(String((ended!.status as { message?: string }).message), /Stopped with strategy 'Stop'/);
    // Its running step's containers were signalled: main ended on SIGTERM (143) and the pod failed.
    const pods = await watchWorkflowPods(
      target.kubeConfig('admin'),
      ns,
      name,
      (ps) => ps.length > 0 && ps.every((p) => phaseOf(p) !== 'Running'),
      60_000,
      'the running pod to end',
    );
    const main = (
      pods[0]!.status as { containerStatuses?: { name: string; state?: { terminated?: { exitCode?: number } } }[] }
    ).containerStatuses?.find((c) => c.name === 'main');
    assert.equal(main?.state?.terminated?.exitCode, 143);
  });

  it('terminates a running workflow, and Argo ends it', async () => {
    const wf = await target.twoSteps();
    const name = wf.metadata!.name!;
    const ns = wf.metadata!.namespace!;
    const patched = await kube.patchWorkflow(ns, name, { spec: { shutdown: 'Terminate' } });
    assert.ok(patched.ok, JSON.stringify(patched));
    const ended = await target.waitWorkflow(
      ns,
      name,
      (w) => /^(Failed|Error)$/.test(phaseOf(w)),
      60_000,
      'the terminated workflow to end',
    );
    assert.match(String((ended!.status as { message?: string }).message), /Stopped with strategy 'Terminate'/);
    assert.ok(
      !nodesOf(ended!).some((n) => n.type === 'Pod' && n.phase === 'Succeeded' && /step-2/.test(JSON.stringify(n))),
      'the second step never ran',
    );
  });

  it('suspends a workflow (the running step ends, no new one starts) and resumes it to success', async () => {
    const wf = await target.twoSteps();
    const name = wf.metadata!.name!;
    const ns = wf.metadata!.namespace!;
    const pods = (w: KObject | undefined) =>
      (w ? nodesOf(w).filter((n) => n.type === 'Pod') : []) as { displayName?: string; phase: string }[];
    assert.ok((await kube.patchWorkflow(ns, name, { spec: { suspend: true } })).ok);
    // The step that runs finishes; the controller starts no other while the workflow is suspended.
    const paused = await target.waitWorkflow(
      ns,
      name,
      (w) => pods(w).some((n) => n.phase === 'Succeeded') || /^(Succeeded|Failed|Error)$/.test(phaseOf(w)),
      60_000,
      'the running step to finish',
    );
    assert.equal(phaseOf(paused), 'Running');
    assert.deepEqual(
      pods(paused).map((n) => [n.displayName, n.phase]),
      [['step-1', 'Succeeded']],
      'no second step while suspended',
    );
    assert.ok((await kube.patchWorkflow(ns, name, { spec: { suspend: null } })).ok);
    const done = await target.waitWorkflow(
      ns,
      name,
      (w) => /^(Succeeded|Failed|Error)$/.test(phaseOf(w)),
      90_000,
      'the resumed workflow to finish',
    );
    assert.equal(phaseOf(done), 'Succeeded');
    assert.deepEqual(
      pods(done)
        .map((n) => n.displayName)
        .sort(),
      ['step-1', 'step-2'],
    );
  });

  it('resubmits a finished workflow as a new run, and deletes it', async () => {
    const wf = await target.succeeded();
    const again = await kube.resubmitWorkflow(wf.metadata!.namespace!, wf);
    assert.ok(again.ok, JSON.stringify(again));
    const name = again.value.metadata!.name!;
    assert.notEqual(name, wf.metadata!.name);
    await target.waitWorkflow(
      wf.metadata!.namespace!,
      name,
      (w) => phaseOf(w) === 'Succeeded',
      90_000,
      'the resubmitted run to succeed',
    );
    const del = await kube.deleteWorkflow(wf.metadata!.namespace!, name);
    assert.ok(del.ok, JSON.stringify(del));
    await target.waitWorkflow(
      wf.metadata!.namespace!,
      name,
      (w) => w === undefined,
      30_000,
      'the deleted workflow to be gone',
    );
  });
});
