import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { argoPodName } from '../../src/core/model/podName';
import { startDemoCluster, type DemoCluster } from '../../src/demo/server';
import type { CatalogTreeElement } from '../../src/host/templatesView';
import { api, until } from './support';

const WF = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow' } as const;

describe('sidebar views and actions in the extension host', function () {
  this.timeout(60000);
  let c: DemoCluster;

  before(async () => {
    await vscode.extensions.getExtension('argo-doctor.argo-doctor')!.activate();
    c = await startDemoCluster({ clock: 'manual' });
    c.world.put({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'train', namespace: 'argo' },
      spec: {
        entrypoint: 'main',
        arguments: { parameters: [{ name: 'epochs', value: '10' }] },
        templates: [{ name: 'main', container: { image: 'python:3.12' } }],
      },
    });
    c.world.put({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ClusterWorkflowTemplate',
      metadata: { name: 'quality' },
      spec: { templates: [{ name: 'check', container: { image: 'gx:1' } }] },
    });
    c.world.put({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: { name: 'nightly', namespace: 'argo' },
      spec: {
        schedules: ['0 2 * * *'],
        timezone: 'Europe/Berlin',
        workflowSpec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'python:3.12' } }] },
      },
    });
    c.world.put({ ...WF, metadata: { name: 'etl-a', namespace: 'argo' }, spec: {}, status: { phase: 'Failed' } });
    c.world.put({ ...WF, metadata: { name: 'etl-b', namespace: 'argo' }, spec: {}, status: { phase: 'Running' } });
    writeFileSync(process.env.KUBECONFIG!, c.kubeconfig({ contextName: 'views' }));
    const { cluster } = api();
    await until(cluster.onDidChange, () => cluster.info.context === 'views', 5000, 'context views');
    await vscode.commands.executeCommand('argoDoctor.connect');
    await until(
      cluster.onDidChange,
      () => cluster.status?.state === 'synced' && cluster.status.count === 2,
      10000,
      'workflows synced',
    );
    await until(
      cluster.onDidChangeCatalog,
      () =>
        cluster.catalog('cronworkflows').length === 1 &&
        cluster.catalog('clusterworkflowtemplates').length === 1 &&
        cluster.catalog('workflowtemplates').length === 1,
      10000,
      'catalog synced',
    );
  });
  after(async () => {
    await vscode.workspace
      .getConfiguration('argoDoctor')
      .update('workflows.groupBy', undefined, vscode.ConfigurationTarget.Global);
    await c?.close();
  });

  it('lists WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows with what they do', () => {
    const { templates } = api();
    const sections = templates.getChildren();
    assert.deepEqual(
      sections.map((s) => String(templates.getTreeItem(s).label)),
      ['Workflow Templates', 'Cluster Workflow Templates', 'Cron Workflows'],
    );
    const [wt, cwt, cron] = sections.map((s) => templates.getChildren(s));
    assert.deepEqual(
      wt!.map((e) => e.kind === 'catalog' && e.name),
      ['train'],
    );
    assert.equal(templates.getTreeItem(wt![0]!).description, 'entry main · 1 template · 1 parameter');
    assert.deepEqual(
      cwt!.map((e) => e.kind === 'catalog' && e.name),
      ['quality'],
    );
    const cronItem = templates.getTreeItem(cron![0]!);
    assert.match(String(cronItem.description), /^0 2 \* \* \* \(Europe\/Berlin\) · next in /);
    assert.equal(cronItem.contextValue, 'cron.active');
  });

  it('submits from a template and a cluster template, runs a cron workflow now, and suspends it: all reach the server', async () => {
    const { templates } = api();
    const [wt, cwt, cron] = templates.getChildren().map((s) => templates.getChildren(s)) as CatalogTreeElement[][];
    await vscode.commands.executeCommand('argoDoctor.submitTemplate', wt![0], { parameters: { epochs: '3' } });
    await vscode.commands.executeCommand('argoDoctor.submitTemplate', cwt![0], { parameters: {} });
    await vscode.commands.executeCommand('argoDoctor.runCronNow', cron![0], { parameters: {} });
    const made = c.world
      .list('Workflow', 'argo')
      .filter(
        (w) =>
          w.metadata.name.startsWith('train-') ||
          w.metadata.name.startsWith('quality-') ||
          w.metadata.name.startsWith('nightly-'),
      );
    assert.equal(made.length, 3);
    const fromWt = made.find((w) => w.metadata.name.startsWith('train-'))!;
    assert.deepEqual((fromWt.spec as { workflowTemplateRef: unknown }).workflowTemplateRef, { name: 'train' });
    assert.deepEqual((fromWt.spec as { arguments: unknown }).arguments, {
      parameters: [{ name: 'epochs', value: '3' }],
    });
    const fromCwt = made.find((w) => w.metadata.name.startsWith('quality-'))!;
    assert.deepEqual((fromCwt.spec as { workflowTemplateRef: unknown }).workflowTemplateRef, {
      name: 'quality',
      clusterScope: true,
    });
    const fromCron = made.find((w) => w.metadata.name.startsWith('nightly-'))!;
    assert.equal(fromCron.metadata.labels?.['workflows.argoproj.io/cron-workflow'], 'nightly');

    await vscode.commands.executeCommand('argoDoctor.suspendCron', cron![0]);
    assert.equal((c.world.get('CronWorkflow', 'argo', 'nightly')!.spec as { suspend?: boolean }).suspend, true);
    // ...and the view follows the watch.
    const { cluster } = api();
    await until(
      cluster.onDidChangeCatalog,
      () =>
        templates.getTreeItem(templates.getChildren(templates.getChildren()[2])[0]!).contextValue === 'cron.suspended',
      5000,
      'suspended in the view',
    );
    await vscode.commands.executeCommand('argoDoctor.resumeCron', cron![0]);
    assert.equal((c.world.get('CronWorkflow', 'argo', 'nightly')!.spec as { suspend?: boolean }).suspend, undefined);
  });

  it('shows the live manifest of a template', async () => {
    const { templates } = api();
    const wt = templates.getChildren(templates.getChildren()[0])[0]!;
    await vscode.commands.executeCommand('argoDoctor.showManifest', wt);
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.scheme, 'argo-doctor-manifest');
    assert.match(doc.getText(), /kind: WorkflowTemplate/);
    assert.match(doc.getText(), /name: train/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('groups workflows by phase or namespace when the setting says so', async () => {
    const { workflows } = api();
    const config = vscode.workspace.getConfiguration('argoDoctor');
    const refreshed = () =>
      new Promise<void>((resolve) => {
        const s = workflows.onDidChangeTreeData(() => (s.dispose(), resolve()));
      });
    let next = refreshed();
    await config.update('workflows.groupBy', 'phase', vscode.ConfigurationTarget.Global);
    await next;
    const groups = workflows.getChildren();
    assert.deepEqual(
      groups.map((g) => g.kind === 'group' && g.label),
      ['Failed', 'Running', 'Pending'],
    );
    assert.deepEqual(
      (await workflows.getChildren(groups[0])).map((e) => e.kind === 'workflow' && e.key),
      ['argo/etl-a'],
    );
    assert.equal(workflows.getTreeItem(groups[0]!).description, '1 · 1 failed');
    next = refreshed();
    await config.update('workflows.groupBy', 'namespace', vscode.ConfigurationTarget.Global);
    await next;
    assert.deepEqual(
      workflows.getChildren().map((g) => g.kind === 'group' && g.label),
      ['argo'],
    );
    next = refreshed();
    await config.update('workflows.groupBy', 'none', vscode.ConfigurationTarget.Global);
    await next;
    assert.ok(workflows.getChildren().every((e) => e.kind === 'workflow'));
  });

  it("follows a step's log in a read-only document, cleaned of terminal escapes, and explains a vanished pod", async () => {
    const nodes = {
      'logs-wf': {
        id: 'logs-wf',
        name: 'logs-wf',
        displayName: 'logs-wf',
        type: 'Steps',
        phase: 'Running',
        children: ['logs-wf-1'],
      },
      'logs-wf-1': {
        id: 'logs-wf-1',
        name: 'logs-wf.train',
        displayName: 'train',
        type: 'Pod',
        templateName: 'train',
        phase: 'Running',
        boundaryID: 'logs-wf',
      },
      'logs-wf-2': {
        id: 'logs-wf-2',
        name: 'logs-wf.gone',
        displayName: 'gone',
        type: 'Pod',
        templateName: 'gone',
        phase: 'Failed',
        boundaryID: 'logs-wf',
      },
    };
    c.world.put({
      ...WF,
      metadata: { name: 'logs-wf', namespace: 'argo' },
      spec: {},
      status: { phase: 'Running', nodes },
    });
    const pod = argoPodName('logs-wf', 'logs-wf.train', 'train');
    c.world.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, namespace: 'argo' },
      spec: { containers: [{ name: 'main', image: 'python:3.12' }] },
      status: { phase: 'Running' },
    });
    c.world.appendLog('argo', pod, 'main', ['epoch 1 loss=0.9', '\u001b[31mWARN\u001b[0m slow disk']);
    const { cluster } = api();
    await until(cluster.onDidChange, () => cluster.workflow('argo/logs-wf') !== undefined, 5000, 'logs-wf known');

    const doc = (await vscode.commands.executeCommand('argoDoctor.showLogs', {
      kind: 'node',
      id: 'x',
      key: 'argo/logs-wf',
      nodeId: 'logs-wf-1',
    })) as vscode.TextDocument;
    const changed = (cond: () => boolean, what: string) =>
      until(vscode.workspace.onDidChangeTextDocument as vscode.Event<unknown>, cond, 30000, what);
    await changed(() => doc.getText().includes('WARN slow disk'), 'the first lines');
    assert.match(doc.getText(), /^# main log of step train \(pod logs-wf-train-\d+, namespace argo\) — following\n/);
    assert.ok(!doc.getText().includes('\u001b'), 'no escape sequences');
    c.world.appendLog('argo', pod, 'main', ['epoch 2 loss=0.5']);
    await changed(() => doc.getText().includes('epoch 2 loss=0.5'), 'a line appended while open');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // "Open log at this line" (evidence links): the log opens with that line selected.
    const at = (await vscode.commands.executeCommand(
      'argoDoctor.showLogs',
      { kind: 'node', id: 'x', key: 'argo/logs-wf', nodeId: 'logs-wf-1' },
      'main',
      'WARN slow disk',
    )) as vscode.TextDocument;
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), at.uri.toString());
    assert.equal(at.lineAt(editor!.selection.start.line).text, 'WARN slow disk');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const gone = (await vscode.commands.executeCommand('argoDoctor.showLogs', {
      kind: 'node',
      id: 'y',
      key: 'argo/logs-wf',
      nodeId: 'logs-wf-2',
    })) as vscode.TextDocument;
    await changed(() => gone.getText().includes('no longer exists'), 'the vanished pod explained');
    assert.match(gone.getText(), /pod garbage collection/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('explains a failed step, records its evidence as it fails, and still explains it after the pod is gone', async () => {
    const { explain } = api();
    const nodes = {
      'oom-wf': {
        id: 'oom-wf',
        name: 'oom-wf',
        displayName: 'oom-wf',
        type: 'Steps',
        phase: 'Failed',
        children: ['oom-wf-1'],
      },
      'oom-wf-1': {
        id: 'oom-wf-1',
        name: 'oom-wf.build',
        displayName: 'build',
        type: 'Pod',
        templateName: 'build',
        phase: 'Failed',
        boundaryID: 'oom-wf',
        message: 'OOMKilled (exit code 137)',
        startedAt: '2026-01-01T00:00:00Z',
        finishedAt: '2026-01-01T00:01:00Z',
      },
    };
    const pod = argoPodName('oom-wf', 'oom-wf.build', 'build');
    c.world.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, namespace: 'argo' },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'python:3.12',
            resources: { limits: { memory: '3Gi' } },
            env: [{ name: 'DB_PASSWORD', value: 'hunter2' }],
          },
        ],
      },
      status: {
        phase: 'Failed',
        containerStatuses: [{ name: 'main', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }],
      },
    });
    c.world.appendLog('argo', pod, 'main', ['loading 8.5M rows', 'Killed']);
    c.world.put({
      ...WF,
      metadata: { name: 'oom-wf', namespace: 'argo' },
      spec: {},
      status: { phase: 'Failed', nodes },
    });
    // The recorder saves the bundle as soon as the watch shows the failure.
    await until(
      explain.onDidRecord,
      () => explain.store.has('views', 'argo', 'oom-wf', 'oom-wf-1'),
      10000,
      'evidence recorded',
    );
    const d = (await vscode.commands.executeCommand('argoDoctor.explainFailure', {
      kind: 'workflow',
      id: 'argo/oom-wf',
      key: 'argo/oom-wf',
    })) as { rootCause: string; cause: string };
    assert.equal(d.rootCause, 'oom-killed-main');
    assert.match(d.cause, /memory limit of 3Gi/);
    // The explanation opens on top of the failed step's panel, beside the evidence it cites.
    const { steps } = api();
    const panel = steps.openPanels.find((p) => p.ref.workflow === 'oom-wf' && p.ref.nodeId === 'oom-wf-1');
    assert.ok(panel, 'the step panel of the failed step is open');
    assert.equal(panel.shownExplanation?.rootCause, 'oom-killed-main');
    // The same explanation as a Markdown report, for a ticket.
    await explain.openReport(panel.ref);
    const report = vscode.workspace.textDocuments.find((t) => t.uri.scheme === 'argo-doctor-report');
    assert.ok(report, 'the report is open');
    assert.match(report.getText(), /Root cause:\*\* `oom-killed-main`/);
    // Pod garbage collection: the pod is gone; the recorded evidence still gives the limit.
    c.world.remove('Pod', 'argo', pod);
    const again = (await vscode.commands.executeCommand('argoDoctor.explainFailure', {
      kind: 'node',
      id: 'x',
      key: 'argo/oom-wf',
      nodeId: 'oom-wf-1',
    })) as { rootCause: string; cause: string };
    assert.equal(again.rootCause, 'oom-killed-main');
    assert.match(again.cause, /memory limit of 3Gi/);
    assert.match(
      panel.shownExplanation?.disappeared?.map((p) => `${p.step}: ${p.why}`).join('\n') ?? '',
      /^build: deleted after it finished/m,
      'the panel lists the vanished pod',
    );
    assert.ok(panel.shownExplanation?.recordedAt, 'the panel says the evidence was recorded');
    await explain.openReport(panel.ref);
    const report2 = vscode.workspace.textDocuments.find((t) => t.uri.scheme === 'argo-doctor-report')!;
    await until(
      vscode.workspace.onDidChangeTextDocument as vscode.Event<unknown>,
      () => /no longer exist/.test(report2.getText()),
      10000,
      'the report updated',
    );
    assert.match(
      report2.getText(),
      /## Pods of this workflow that no longer exist[\s\S]*build \(pod oom\\-wf\\-build\\-\d+\): deleted after it finished/,
      'the vanished pod is listed with why',
    );
    // The log of the vanished pod: its tail as recorded, opened at the line an evidence link points to.
    const recordedLog = (await vscode.commands.executeCommand(
      'argoDoctor.showLogs',
      { kind: 'node', id: 'x', key: 'argo/oom-wf', nodeId: 'oom-wf-1' },
      'main',
      'loading 8.5M rows',
    )) as vscode.TextDocument;
    assert.match(
      recordedLog.getText(),
      /as recorded when the step failed[\s\S]*loading 8\.5M rows\nKilled\n# Pod oom-wf-build-\d+ no longer exists/,
    );
    assert.equal(recordedLog.lineAt(vscode.window.activeTextEditor!.selection.start.line).text, 'loading 8.5M rows');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // Export: a scrubbed bundle that `argo-doctor explain` reads.
    const target = vscode.Uri.file(path.join(os.tmpdir(), `bundle-${Date.now()}.json`));
    await vscode.commands.executeCommand(
      'argoDoctor.exportFailureBundle',
      { kind: 'workflow', id: 'argo/oom-wf', key: 'argo/oom-wf' },
      target,
    );
    const text = readFileSync(target.fsPath, 'utf8');
    assert.match(text, /"workflowNode"/);
    assert.doesNotMatch(text, /hunter2/, 'env values are never exported');
  });
});
