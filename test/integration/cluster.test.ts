import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nullLogger } from '../../src/core/logger';
import { startDemoCluster, type DemoCluster } from '../../src/demo/server';
import { ClusterManager } from '../../src/host/cluster/clusterManager';
import type { WorkflowsView, WorkflowTreeElement } from '../../src/host/workflowsView';
import { api, until as untilEvent } from './support';

const manager = (): ClusterManager => api().cluster;

/** Resolves when `cond` holds, re-checking on every cluster change; rejects after `ms`. */
function until(c: ClusterManager, cond: () => boolean, ms: number, what: string): Promise<void> {
  return untilEvent(c.onDidChange, cond, ms, () => `${what}: ${JSON.stringify({ info: c.info, status: c.status })}`);
}

describe('cluster connection in the extension host', function () {
  this.timeout(60000);
  const file = process.env.KUBECONFIG!;
  let a: DemoCluster;
  let b: DemoCluster;

  before(async () => {
    await vscode.extensions.getExtension('argo-doctor.argo-doctor')!.activate();
    a = await startDemoCluster({ clock: 'manual', forbiddenNamespaces: ['restricted'] });
    b = await startDemoCluster({ clock: 'manual' });
    for (const [c, n] of [
      [a, 'alpha'],
      [b, 'beta'],
    ] as const) {
      c.world.put({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { name: `${n}-wf`, namespace: 'argo' },
        spec: {},
        status: { phase: 'Failed' },
      });
    }
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it('connects to the current context of $KUBECONFIG and syncs its workflows', async () => {
    writeFileSync(file, a.kubeconfig({ contextName: 'alpha' }));
    const cluster = manager();
    await until(cluster, () => cluster.info.context === 'alpha', 5000, 'context alpha');
    await vscode.commands.executeCommand('argoDoctor.connect');
    await until(
      cluster,
      () => cluster.status?.state === 'synced' && cluster.status.count === 1,
      10000,
      'sync with alpha',
    );
  });

  it('follows a kubeconfig rewrite to another context within 1 s and stops the old watches', async () => {
    const cluster = manager();
    // Both contexts in one file, the current one switched as `kubectl config use-context` would.
    const two = a.kubeconfig({ contextName: 'alpha' }).replace(/current-context: .*/, '');
    const bDoc = b.kubeconfig({ contextName: 'beta', user: 'beta-user' });
    const merged = mergeKubeconfigs(two, bDoc, 'beta');
    writeFileSync(file, merged);
    // Waits for the switch event, failing if it has not come within 1 s.
    await until(cluster, () => cluster.info.context === 'beta', 1000, 'context beta within 1 s');
    await until(
      cluster,
      () => cluster.status?.state === 'synced' && cluster.status.count === 1,
      10000,
      'sync with beta',
    );
    // The old context's watch streams are closed: alpha's server has no open watch.
    await a.whenNoStreams(5000);
    assert.equal(a.openStreams, 0);
    // ...and the new one is watched live.
    b.world.put({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'beta-2', namespace: 'argo' },
      spec: {},
      status: { phase: 'Running' },
    });
    await until(cluster, () => cluster.status?.count === 2, 5000, 'the new workflow from the watch');
    // The sidebar shows the new context's workflows only.
    const view = vscode.extensions.getExtension<{ workflows: WorkflowsView }>('argo-doctor.argo-doctor')!.exports
      .workflows;
    const keys = view.getChildren().flatMap((e) => (e.kind === 'workflow' ? [e.key] : []));
    assert.deepEqual(keys.sort(), ['argo/beta-2', 'argo/beta-wf']);
  });

  it("checks templateRefs against the connected cluster's WorkflowTemplates", async () => {
    const cluster = manager();
    a.world.put({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'cluster-only-steps', namespace: 'argo' },
      spec: { templates: [{ name: 'deploy-model', container: { image: 'a:1' } }] },
    });
    writeFileSync(file, a.kubeconfig({ contextName: 'alpha' }));
    await until(
      cluster,
      () => cluster.info.context === 'alpha' && cluster.status?.state === 'synced',
      10000,
      'alpha synced',
    );
    await new Promise<void>((resolve) => {
      if (cluster.clusterTemplates.get('WorkflowTemplate', 'cluster-only-steps')) return resolve();
      const sub = cluster.onDidChangeTemplates(() => {
        if (!cluster.clusterTemplates.get('WorkflowTemplate', 'cluster-only-steps')) return;
        sub.dispose();
        resolve();
      });
    });
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content:
        'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: x-\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    steps:\n    - - name: deploy\n        templateRef: {name: cluster-only-steps, template: deploy-modle}\n',
    });
    await vscode.window.showTextDocument(doc);
    const diag = await new Promise<vscode.Diagnostic>((resolve, reject) => {
      const find = () => vscode.languages.getDiagnostics(doc.uri).find((d) => /deploy-modle/.test(d.message));
      const found = find();
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error('no templateRef diagnostic')), 10000);
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        const d = find();
        if (!d) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(d);
      });
    });
    assert.match(diag.message, /did you mean 'deploy-model'/);
    assert.match(diag.message, /cluster alpha/);
  });

  it('shows a change on the server in the tree within 2 s: progress refreshes only that workflow, a phase change re-sorts', async () => {
    const cluster = manager();
    const view = vscode.extensions.getExtension<{ workflows: WorkflowsView }>('argo-doctor.argo-doctor')!.exports
      .workflows;
    writeFileSync(file, a.kubeconfig({ contextName: 'alpha' }));
    await until(
      cluster,
      () =>
        cluster.info.context === 'alpha' &&
        cluster.status?.state === 'synced' &&
        cluster.workflow('argo/alpha-wf') !== undefined,
      10000,
      'alpha synced',
    );
    const nextRefresh = () =>
      new Promise<WorkflowTreeElement | WorkflowTreeElement[] | undefined>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no refresh within 2 s')), 2000);
        const sub = view.onDidChangeTreeData((e) => {
          clearTimeout(timer);
          sub.dispose();
          resolve(e ?? undefined);
        });
      });
    const wf = (phase: string, progress: string) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'alpha-wf', namespace: 'argo' },
      spec: {},
      status: { phase, progress, startedAt: new Date().toISOString() },
    });
    a.world.put(wf('Running', '0/2'));
    assert.equal(await nextRefresh(), undefined, 'a phase change refreshes the root (the order may change)');
    const el = view.getChildren().find((e) => e.kind === 'workflow' && e.key === 'argo/alpha-wf')!;
    assert.ok(el, 'the workflow is listed');
    assert.match(String(view.getTreeItem(el).description), /^Running · 0\/2/);
    a.world.put(wf('Running', '1/2'));
    // VS Code finds the element to refresh by identity: it must be the very object getChildren returned.
    assert.equal(await nextRefresh(), el, 'only the changed workflow is refreshed, as the listed element');
    assert.match(String(view.getTreeItem(el).description), /^Running · 1\/2/);
  });

  it('resubmits a workflow from the tree, and shows its live manifest', async () => {
    const cluster = manager();
    writeFileSync(file, a.kubeconfig({ contextName: 'alpha' }));
    await until(
      cluster,
      () =>
        cluster.info.context === 'alpha' &&
        cluster.status?.state === 'synced' &&
        cluster.workflowCache().has('argo/alpha-wf'),
      10000,
      'alpha-wf known',
    );
    const before = a.world.list('Workflow', 'argo').length;
    await vscode.commands.executeCommand('argoDoctor.resubmitWorkflow', {
      kind: 'workflow',
      id: 'argo/alpha-wf',
      key: 'argo/alpha-wf',
    });
    const runs = a.world
      .list('Workflow', 'argo')
      .filter((w) => w.metadata.labels?.['workflows.argoproj.io/resubmitted-from-workflow'] === 'alpha-wf');
    assert.equal(runs.length, 1);
    assert.equal(a.world.list('Workflow', 'argo').length, before + 1);
    await vscode.commands.executeCommand('argoDoctor.showManifest', {
      kind: 'workflow',
      id: 'argo/alpha-wf',
      key: 'argo/alpha-wf',
    });
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.scheme, 'argo-doctor-manifest');
    assert.match(doc!.getText(), /name: alpha-wf/);
    assert.match(doc!.getText(), /phase: Running/);
  });

  it('keeps one scope of watches when rebuilds overlap, and closes all of them on dispose', async () => {
    // A manager of its own, on a demo cluster of its own and a kubeconfig of its own: every stream on `c` is its.
    const c = await startDemoCluster({ clock: 'manual' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-overlap-'));
    writeFileSync(path.join(dir, 'config'), c.kubeconfig({ contextName: 'overlap' }));
    const values = new Map<string, unknown>();
    const memento = {
      keys: () => [...values.keys()],
      get: <T>(k: string, d?: T) => (values.has(k) ? values.get(k) : d) as T,
      update: async (k: string, v: unknown) => void values.set(k, v),
    };
    const shared = process.env.KUBECONFIG;
    process.env.KUBECONFIG = path.join(dir, 'config');
    const m = new ClusterManager(memento, dir, nullLogger);
    process.env.KUBECONFIG = shared;
    try {
      await m.connect();
      // Per namespace a watch of workflows, WorkflowTemplates and CronWorkflows, and one of ClusterWorkflowTemplates.
      const expected = 3 * m.namespaces.length + 1;
      await c.whenStreams((n) => n === expected, 10_000, `${expected} streams after connecting`);
      // Two rebuilds at once, as a namespace pick right after a context change makes them.
      await Promise.all([m.switchNamespace('argo'), m.switchNamespace('argo')]);
      await until(m, () => m.status?.state === 'synced', 10_000, 'the sync after the rebuilds');
      await c.whenStreams((n) => n >= expected, 10_000, 'the new scope to open its watches');
      await c.whenStreams((n) => n === expected, 10_000, `only ${expected} streams (one scope)`);
    } finally {
      m.dispose();
      await c.whenNoStreams(10_000).finally(() => c.close());
    }
  });

  it('explains a forbidden namespace instead of failing', async () => {
    const cluster = manager();
    writeFileSync(file, a.kubeconfig({ contextName: 'alpha' }));
    await until(cluster, () => cluster.info.context === 'alpha', 5000, 'context alpha');
    await cluster.switchNamespace('restricted');
    await until(cluster, () => cluster.status?.state === 'forbidden', 10000, 'forbidden status');
    assert.match(cluster.status?.message ?? '', /not allowed .*403 Forbidden/);
    // The tree says so in one row instead of showing an empty list.
    const view = vscode.extensions.getExtension<{ workflows: WorkflowsView }>('argo-doctor.argo-doctor')!.exports
      .workflows;
    const rows = view.getChildren();
    assert.equal(rows.length, 1);
    const item = view.getTreeItem(rows[0]!);
    assert.equal(item.label, 'Not allowed to list workflows in restricted');
    assert.match(String(item.description), /403 Forbidden/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'lock');
    await cluster.switchNamespace('argo');
  });
});

/** Two single-context kubeconfigs (YAML) as one, with `current` as current-context. */
function mergeKubeconfigs(first: string, second: string, current: string): string {
  const section = (doc: string, key: string) => {
    const m = new RegExp(`^${key}:\\n((?:  .*\\n|- .*\\n)+)`, 'm').exec(doc);
    return m ? m[1]! : '';
  };
  return `apiVersion: v1
kind: Config
clusters:
${section(first, 'clusters')}${section(second, 'clusters')}users:
${section(first, 'users')}${section(second, 'users')}contexts:
${section(first, 'contexts')}${section(second, 'contexts')}current-context: ${current}
`;
}
