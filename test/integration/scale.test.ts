// The sidebar on a crowded namespace (issue #16), in the extension host: 2,000 finished workflows are listed by their
// metadata, the first rows are a bounded page with a "show more" row, the shown rows' details are read in the
// background, and a finished workflow's steps are read when its row opens, without keeping every workflow whole.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { isSummary } from '../../src/core/model/workflowSummary';
import { startDemoCluster, type DemoCluster } from '../../src/demo/server';
import type { WorkflowTreeElement } from '../../src/host/workflowsView';
import { api, until as untilEvent } from './support';

/** Resolves when `cond` holds, re-checked on every change of the cluster or the tree; rejects after `ms`. */
function until(cond: () => boolean, ms: number, what: () => string): Promise<void> {
  const { cluster, workflows } = api();
  return untilEvent([cluster.onDidChange, workflows.onDidChangeTreeData], cond, ms, what);
}

const rows = () => api().workflows.getChildren();
const workflowRows = () =>
  rows().filter((e): e is Extract<WorkflowTreeElement, { kind: 'workflow' }> => e.kind === 'workflow');

describe('sidebar on a namespace of 2,000 workflows', function () {
  this.timeout(120_000);
  let demo: DemoCluster;
  const settings = () => vscode.workspace.getConfiguration('argoDoctor');

  before(async () => {
    await vscode.extensions.getExtension('argo-doctor.argo-doctor')!.activate();
    demo = await startDemoCluster({ clock: 'manual', population: { workflows: 2_000, nodes: 60 } });
    await settings().update('workflows.limit', 50, vscode.ConfigurationTarget.Global);
    writeFileSync(process.env.KUBECONFIG!, demo.kubeconfig({ contextName: 'crowded' }));
    const { cluster } = api();
    await until(
      () => cluster.info.context === 'crowded',
      10_000,
      () => 'the context',
    );
    await vscode.commands.executeCommand('argoDoctor.connect');
    await until(
      () => cluster.status?.state === 'synced' && cluster.status.count === 2_000,
      60_000,
      () => JSON.stringify(cluster.status),
    );
  });
  after(async () => {
    await settings().update('workflows.limit', undefined, vscode.ConfigurationTarget.Global);
    await demo?.close();
  });

  it('shows the limit of rows, failed first, and a row that shows more', async () => {
    const { cluster } = api();
    await until(
      () => workflowRows().length === 50,
      10_000,
      () => `${workflowRows().length} rows`,
    );
    const first = workflowRows().map((r) => cluster.workflow(r.key)?.status?.phase);
    assert.ok(
      first.every((p) => p === 'Failed'),
      `failed first: ${first.join(',')}`,
    );
    const more = rows().at(-1)!;
    assert.equal(more.kind, 'status');
    const item = api().workflows.getTreeItem(more);
    assert.equal(item.label, 'Show 50 more');
    assert.match(String(item.description), /1,950 older workflows not shown/);
    assert.equal(item.command?.command, 'argoDoctor.showMoreWorkflows');
    await vscode.commands.executeCommand('argoDoctor.showMoreWorkflows');
    await until(
      () => workflowRows().length === 100,
      10_000,
      () => `${workflowRows().length} rows after show more`,
    );
    // Finished workflows are kept as summaries: of the 2,000, only a few read last are whole.
    const whole = [...cluster.workflowCache().values()].filter((w) => !isSummary(w)).length;
    assert.ok(whole <= 8, `${whole} whole`);
  });

  it("reads the shown rows' times and progress, and a row's steps when it opens", async () => {
    const { cluster, workflows } = api();
    const shown = workflowRows();
    await until(
      () => shown.every((r) => !!cluster.workflow(r.key)?.status?.finishedAt),
      60_000,
      () => `${shown.filter((r) => !!cluster.workflow(r.key)?.status?.finishedAt).length} of ${shown.length} details`,
    );
    const row = shown[0]!;
    assert.match(String(workflows.getTreeItem(row).description), /^Failed at .+ · \d+\/\d+ · /);
    // A failed workflow listed by its summary stays closed (its steps are not read until asked).
    assert.equal(workflows.getTreeItem(row).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const steps = await workflows.getChildren(row);
    assert.ok(steps.length > 0 && steps[0]!.kind === 'node', 'the failed step first');
    assert.ok(!isSummary(cluster.workflow(row.key)), 'the open row is whole');
    // Rows that are not open do not stay whole.
    const whole = shown.filter((r) => !isSummary(cluster.workflow(r.key))).map((r) => r.key);
    assert.ok(whole.length <= 9, whole.join(', '));
  });
});
