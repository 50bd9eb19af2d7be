// Runs compared with their history, in the real extension host on the demo's slow-run scenario: the latest run of
// warehouse-nightly finishes while watched, is recorded with its pods, and its row says it was slow, naming the step
// and the phase that grew; Templates & Schedules lists the cron workflow's recent runs.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { slowRunScenario, SLOW_RUN_CRON } from '../../src/demo/scenarios/slowRun';
import { startDemoCluster, type DemoCluster } from '../../src/demo/server';
import type { CatalogTreeElement } from '../../src/host/templatesView';
import type { WorkflowTreeElement } from '../../src/host/workflowsView';
import { api, until } from './support';

/** A tooltip's text without Markdown's escapes (appendText writes spaces as &nbsp;). */
const plain = (t: vscode.TreeItem['tooltip']) =>
  (typeof t === 'string' ? t : (t?.value ?? '')).replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');

/** The slow-run CronWorkflow's row in the Templates & Schedules view. */
function cronRow(): Extract<CatalogTreeElement, { kind: 'catalog' }> {
  const { templates } = api();
  return templates
    .getChildren()
    .flatMap((s) => templates.getChildren(s))
    .find(
      (e): e is Extract<CatalogTreeElement, { kind: 'catalog' }> => e.kind === 'catalog' && e.name === SLOW_RUN_CRON,
    )!;
}

describe('runs compared with their history in the extension host', function () {
  this.timeout(60000);
  let c: DemoCluster;
  let latest = '';

  before(async () => {
    await vscode.extensions.getExtension('argo-doctor.argo-doctor')!.activate();
    c = await startDemoCluster({ clock: 'manual', scenarios: [slowRunScenario(15_000)] });
    latest = c.world
      .list('Workflow', 'argo')
      .filter((w) => (w.status as { phase?: string }).phase === 'Running')
      .map((w) => w.metadata.name)[0]!;
    assert.ok(latest?.startsWith(SLOW_RUN_CRON), 'the latest run is running');
    writeFileSync(process.env.KUBECONFIG!, c.kubeconfig({ contextName: 'history' }));
    const { cluster } = api();
    await until(cluster.onDidChange, () => cluster.info.context === 'history', 5000, 'context history');
    await vscode.commands.executeCommand('argoDoctor.connect');
    await until(
      cluster.onDidChange,
      () => cluster.status?.state === 'synced' && cluster.status.count === 11,
      10000,
      'workflows synced',
    );
    await until(cluster.onDidChangeCatalog, () => cluster.catalog('cronworkflows').length === 1, 10000, 'catalog');
  });
  after(async () => {
    await c?.close();
  });

  it('marks the slow run in the tree, its tooltip naming the step and the phase that grew', async () => {
    const { workflows, runs, cluster } = api();
    const key = `argo/${latest}`;
    // The run finishes while watched: it is recorded with its pods.
    const recorded = until(
      runs.onDidChange,
      () =>
        runs.store
          .get('history', { kind: 'CronWorkflow', namespace: 'argo', name: SLOW_RUN_CRON })
          .some((r) => r.name === latest),
      20000,
      'the run recorded',
    );
    c.advance(16_000);
    await until(cluster.onDidChangeWorkflow, () => cluster.workflow(key)?.status?.phase === 'Succeeded', 10000, 'done');
    await recorded;
    const stored = runs.store
      .get('history', { kind: 'CronWorkflow', namespace: 'argo', name: SLOW_RUN_CRON })
      .find((r) => r.name === latest);
    assert.ok(stored?.steps.find((s) => s.key === 'load-warehouse')?.phases?.scheduling, 'recorded with its phases');
    const row = () =>
      workflows
        .getChildren()
        .find((e): e is Extract<WorkflowTreeElement, { kind: 'workflow' }> => e.kind === 'workflow' && e.key === key);
    const slow = () => /slow: 3\.\dx usual/.test(String(row() && workflows.getTreeItem(row()!).description));
    // The history (ten earlier runs the cluster lists) is read in the background, then the row is marked.
    assert.ok(row(), 'the run is listed');
    void workflows.getTreeItem(row()!);
    await until(runs.onDidChange, slow, 20000, 'the row marked slow');
    const item = workflows.getTreeItem(row()!);
    assert.match(String(item.description), /^Succeeded · 6\/6 · 1h 5\dm · slow: 3\.\dx usual$/);
    const tip = plain(item.tooltip);
    assert.match(tip, /the median of the last 10 runs \(3\dm\)/);
    assert.match(tip, /Step load-warehouse grew from 1\dm to 1h 33m: it waited 1h 20m to be scheduled\./);
    // An earlier run of usual length is not marked.
    const other = workflows
      .getChildren()
      .find((e) => e.kind === 'workflow' && e.key !== key && e.key.includes(SLOW_RUN_CRON));
    assert.ok(other);
    assert.doesNotMatch(String(workflows.getTreeItem(other).description), /slow/);
  });

  it('lists the cron workflow recent runs under it, and reveals one in the Workflows view', async () => {
    const { templates, workflows, commands } = api();
    const cron = cronRow();
    assert.equal(templates.getTreeItem(cron).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    // Expanding it asks for its history (already loaded for the rows above, else read now).
    await until(
      api().runs.onDidChange,
      () => templates.getChildren(cron)[0]?.kind === 'runs' && templates.getChildren(cron).length > 1,
      20000,
      'recent runs listed',
    );
    const kids = templates.getChildren(cron);
    assert.equal(kids[0]?.kind, 'runs');
    assert.match(String(templates.getTreeItem(kids[0]!).label), /^Last 10 runs: median 3\dm · last 1h 58m \(slow\)$/);
    const runRows = kids.filter((k) => k.kind === 'run');
    assert.equal(runRows.length, 10);
    const first = templates.getTreeItem(runRows[0]!);
    assert.equal(first.label, latest);
    assert.match(String(first.description), /^Succeeded · 1h 58m · slow: 3\.\dx usual$/);
    assert.match(String(templates.getTreeItem(runRows[1]!).description), /^Succeeded · 3\dm$/);
    // A click reveals the run's row.
    let failed = false;
    const sub = commands.onDidFail(() => (failed = true));
    // The view reports the new selection a moment after the reveal resolves: wait for the event that carries it (its
    // `selection` property may still hold the old one when the event comes).
    const wanted = `argo/${latest}`;
    const seen: string[] = [];
    const selection = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        watch.dispose();
        reject(new Error(`the run ${wanted} was not selected; selections seen: ${seen.join(' | ') || 'none'}`));
      }, 30000);
      const watch = workflows.treeView.onDidChangeSelection((e) => {
        seen.push(e.selection.map((s) => ('key' in s ? s.key : s.id)).join(','));
        if (!e.selection.some((s) => s.kind === 'workflow' && s.key === wanted)) return;
        clearTimeout(timer);
        watch.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand(first.command!.command, ...(first.command!.arguments ?? []));
    sub.dispose();
    assert.equal(failed, false);
    await selection;
  });

  it('with prices set, says what the runs cost and marks the costly one', async () => {
    const { templates } = api();
    const cron = cronRow();
    const runsRow = () => templates.getChildren(cron).find((k) => k.kind === 'runs')!;
    assert.equal(templates.getTreeItem(runsRow()).description ?? '', '', 'no prices: no cost');
    const settings = vscode.workspace.getConfiguration('argoDoctor');
    try {
      await settings.update('cost.cpuHour', 0.04, vscode.ConfigurationTarget.Global);
      await settings.update('cost.memoryGiBHour', 0.005, vscode.ConfigurationTarget.Global);
      await until(
        templates.onDidChangeTreeData,
        () => /^last run \$\d+\.\d\d · median \$\d+\.\d\d/.test(String(templates.getTreeItem(runsRow()).description)),
        10000,
        'the cost of the runs',
      );
      assert.match(String(templates.getTreeItem(runsRow()).description), /\(costly\)$/);
      const first = templates.getTreeItem(templates.getChildren(cron).find((k) => k.kind === 'run')!);
      assert.match(
        String(first.description),
        /^Succeeded · 1h 58m · slow: 3\.\dx usual · \$\d+\.\d\d · cost: [\d.]+x usual$/,
      );
    } finally {
      await settings.update('cost.cpuHour', undefined, vscode.ConfigurationTarget.Global);
      await settings.update('cost.memoryGiBHour', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
