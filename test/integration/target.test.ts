// The extension in its host against a cluster target: the demo cluster (default) or the real one
// (ARGO_DOCTOR_CLUSTER=real: runTests.mjs starts `npm run real-cluster` and passes its kubeconfig). The same tests
// for both: what the user does from the sidebar and the palette, with the states the controller really reaches.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import * as vscode from 'vscode';
import type { WorkflowTreeElement } from '../../src/host/workflowsView';
import type { KObject } from '../../src/kube/kubeClient';
import { phaseOf, type ClusterTarget } from '../support/clusterTarget';
import { startDemoTarget } from '../support/demoTarget';
import { realTargetOn } from '../support/realTarget';
import { api, until as untilEvent } from './support';

const REAL = process.env.ARGO_DOCTOR_CLUSTER === 'real';

/** Resolves when `cond` holds, re-checking on every cluster change; rejects after `ms`. */
function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const { cluster } = api();
  return untilEvent(
    cluster.onDidChange,
    cond,
    ms,
    () => `${what}: ${JSON.stringify({ info: cluster.info, status: cluster.status })}`,
  );
}

const keyOf = (wf: KObject) => `${wf.metadata!.namespace}/${wf.metadata!.name}`;
const element = (wf: KObject): WorkflowTreeElement => ({ kind: 'workflow', id: keyOf(wf), key: keyOf(wf) });
type PodNode = { type: string; phase: string; displayName?: string };
const podsOf = (wf: KObject | undefined) =>
  Object.values((wf?.status as { nodes?: Record<string, PodNode> })?.nodes ?? {}).filter((n) => n.type === 'Pod');

describe(`the extension on the ${REAL ? 'real' : 'demo'} cluster (integration)`, function () {
  this.timeout(180_000);
  let target: ClusterTarget;
  let context = '';

  before(async function () {
    this.timeout(300_000);
    await vscode.extensions.getExtension('argo-doctor.argo-doctor')!.activate();
    const kubeconfig = process.env.ARGO_DOCTOR_TARGET_KUBECONFIG;
    if (REAL && !kubeconfig)
      throw new Error('ARGO_DOCTOR_TARGET_KUBECONFIG is not set: run through test/integration/runTests.mjs');
    target = REAL ? realTargetOn(kubeconfig!) : await startDemoTarget();
    const kc = target.kubeConfig('admin');
    context = kc.getCurrentContext();
    // The extension follows the kubeconfig the tests own: it now holds the target's contexts.
    writeFileSync(process.env.KUBECONFIG!, kc.exportConfig());
    const { cluster } = api();
    await until(() => cluster.info.context === context, 5000, `context ${context}`);
    await vscode.commands.executeCommand('argoDoctor.connect');
    await until(() => cluster.status?.state === 'synced', 20_000, 'the first sync');
  });
  after(async () => target?.stop());

  it("lints for the Argo version the cluster runs (argoDoctor.argoVersion 'auto')", async () => {
    const { cluster } = api();
    // The demo says it runs 3.7; the real cluster runs Argo v4.0.5's controller.
    const expected = REAL ? '4.0' : '3.7';
    if (cluster.lintVersion.source !== 'cluster')
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`lint version still ${JSON.stringify(cluster.lintVersion)}`)),
          20_000,
        );
        const sub = cluster.onDidChangeLintVersion(() => {
          if (cluster.lintVersion.source !== 'cluster') return;
          sub.dispose();
          clearTimeout(timer);
          resolve();
        });
      });
    assert.deepEqual(cluster.lintVersion, { version: expected, source: 'cluster' });
    // A CronWorkflow with the singular `schedule`: deprecated on 3.7 (a hint), removed in 4.0 (an error).
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-version-')), 'nightly.yaml');
    writeFileSync(
      file,
      `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedule: "0 2 * * *"
  workflowSpec:
    entrypoint: main
    templates:
      - name: main
        container:
          image: alpine:3.20
`,
    );
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
    const diags = await new Promise<readonly vscode.Diagnostic[]>((resolve, reject) => {
      const done = () => vscode.languages.getDiagnostics(uri).some((d) => d.message.includes('schedule'));
      if (done()) return resolve(vscode.languages.getDiagnostics(uri));
      const timer = setTimeout(
        () => reject(new Error(`no finding on schedule: ${JSON.stringify(vscode.languages.getDiagnostics(uri))}`)),
        15_000,
      );
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        if (!done()) return;
        sub.dispose();
        clearTimeout(timer);
        resolve(vscode.languages.getDiagnostics(uri));
      });
    });
    const onSchedule = diags.filter((d) => d.message.includes('schedule'));
    if (REAL) {
      assert.ok(
        onSchedule.some((d) => codeOf(d) === 'unknown-field' && d.severity === vscode.DiagnosticSeverity.Error),
        JSON.stringify(onSchedule.map((d) => [codeOf(d), d.severity, d.message])),
      );
    } else {
      assert.ok(
        onSchedule.some((d) => codeOf(d) === 'deprecated-field' && d.severity !== vscode.DiagnosticSeverity.Error),
        JSON.stringify(onSchedule.map((d) => [codeOf(d), d.severity, d.message])),
      );
      assert.ok(!onSchedule.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows a workflow the controller failed at the top of the sidebar, and explains it from the palette', async () => {
    const wf = await target.failed('oom');
    const { cluster, workflows } = api();
    await until(
      () => phaseOf(cluster.workflowCache().get(keyOf(wf)) as KObject | undefined) === 'Failed',
      20_000,
      'the failed workflow in the sidebar',
    );
    // Its row names the failed step once the workflow's final state is read (the labels say Failed first).
    const rowOf = () => workflows.getChildren().find((e) => e.kind === 'workflow' && e.key === keyOf(wf));
    await until(
      () => {
        const r = rowOf();
        return !!r && /^(Failed|Error) at /.test(String(workflows.getTreeItem(r).description));
      },
      20_000,
      'the failed step in the row',
    );
    const rows = workflows.getChildren().filter((e) => e.kind === 'workflow');
    const top = rows[0]!;
    assert.equal(
      phaseOf(cluster.workflowCache().get(top.kind === 'workflow' ? top.key : '') as KObject | undefined).replace(
        'Error',
        'Failed',
      ),
      'Failed',
      'failed workflows come first',
    );
    const row = rows.find((e) => e.kind === 'workflow' && e.key === keyOf(wf))!;
    // The row opens on its failed step (one click away however deep Argo nests it), and says which step failed.
    const item = workflows.getTreeItem(row);
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    const first = (await workflows.getChildren(row))[0];
    assert.ok(first?.kind === 'node', 'the first child of a failed workflow is a step');
    const node = (cluster.workflowCache().get(keyOf(wf))?.status?.nodes ?? {})[first.nodeId];
    assert.ok(
      node && /^(Pod|Retry)$/.test(node.type ?? '') && /Failed|Error/.test(node.phase ?? ''),
      `failed step first: ${node?.phase}`,
    );
    assert.match(String(item.description), new RegExp(`^(Failed|Error) at ${node.displayName}`));
    assert.equal(workflows.getTreeItem(first).command?.command, 'argoDoctor.openStep');
    const d = (await vscode.commands.executeCommand('argoDoctor.explainFailure', element(wf))) as {
      rootCause: string;
      cause: string;
    };
    assert.equal(d.rootCause, 'oom-killed-main', d.cause);
    assert.match(d.cause, /OOMKilled/);
  });

  it('explains a workflow that waits on an image it cannot pull, as waiting', async () => {
    const wf = await target.pendingOnImage();
    const { cluster } = api();
    await until(() => !!cluster.workflow(keyOf(wf)), 20_000, 'the waiting workflow in the sidebar');
    const d = (await vscode.commands.executeCommand('argoDoctor.explainFailure', element(wf))) as {
      rootCause: string;
      cause: string;
      waiting?: string;
    };
    assert.match(d.rootCause, /image/, d.cause);
    assert.ok(d.waiting, `a waiting line: ${JSON.stringify(d)}`);
  });

  it('follows a switch to another context of the kubeconfig within 1 s, and syncs it', async () => {
    const { cluster } = api();
    const kc = target.kubeConfig('admin');
    // A second context on the same cluster, switched to as `kubectl config use-context` would.
    const current = kc.getContextObject(kc.getCurrentContext())!;
    const second = `${context}-second`;
    const both = new k8s.KubeConfig();
    both.loadFromOptions({
      clusters: kc.clusters,
      users: kc.users,
      contexts: [...kc.contexts, { ...current, name: second }],
      currentContext: second,
    });
    writeFileSync(process.env.KUBECONFIG!, both.exportConfig());
    // Waits for the switch event, failing if it has not come within 1 s.
    await until(() => cluster.info.context === second, 1000, `context ${second} within 1 s`);
    await until(
      () => cluster.status?.state === 'synced' && (cluster.status.count ?? 0) > 0,
      20_000,
      'the sync of the new context',
    );
    writeFileSync(process.env.KUBECONFIG!, kc.exportConfig());
    await until(
      () => cluster.info.context === context && cluster.status?.state === 'synced',
      20_000,
      `context ${context} again`,
    );
  });

  it('suspends and resumes a workflow from the sidebar: the controller holds its next step, then finishes it', async () => {
    const wf = await target.twoSteps();
    const { cluster } = api();
    const live = () => cluster.workflowCache().get(keyOf(wf)) as KObject | undefined;
    await until(() => !!live(), 20_000, 'the workflow in the sidebar');
    await vscode.commands.executeCommand('argoDoctor.suspendWorkflow', element(wf));
    await until(() => (live()?.spec as { suspend?: boolean })?.suspend === true, 10_000, 'spec.suspend in the sidebar');
    // The running step finishes; no new one starts while suspended.
    await until(
      () => podsOf(live()).some((n) => n.phase === 'Succeeded') || /^(Succeeded|Failed|Error)$/.test(phaseOf(live())),
      60_000,
      'the running step to finish',
    );
    assert.equal(phaseOf(live()), 'Running');
    assert.deepEqual(
      podsOf(live()).map((n) => [n.displayName, n.phase]),
      [['step-1', 'Succeeded']],
    );
    await vscode.commands.executeCommand('argoDoctor.resumeWorkflow', element(wf));
    await until(() => /^(Succeeded|Failed|Error)$/.test(phaseOf(live())), 90_000, 'the resumed workflow to finish');
    assert.equal(phaseOf(live()), 'Succeeded');
  });

  it('resubmits a finished workflow from the sidebar as a new run that the controller runs', async () => {
    const wf = await target.succeeded();
    const { cluster } = api();
    await until(() => !!cluster.workflowCache().get(keyOf(wf)), 20_000, 'the workflow in the sidebar');
    const before = new Set(cluster.workflowCache().keys());
    await vscode.commands.executeCommand('argoDoctor.resubmitWorkflow', element(wf));
    const fresh = () =>
      [...cluster.workflowCache().entries()].find(
        ([k, w]) =>
          !before.has(k) &&
          (w as KObject).metadata?.labels?.['workflows.argoproj.io/resubmitted-from-workflow'] === wf.metadata!.name,
      );
    await until(() => !!fresh(), 20_000, 'the new run in the sidebar');
    await until(() => phaseOf(fresh()?.[1] as KObject) === 'Succeeded', 90_000, 'the new run to succeed');
  });
});
