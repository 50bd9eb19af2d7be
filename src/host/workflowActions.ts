import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { KObject, KubeClient } from '../kube/kubeClient';
import type { Workflow } from '../core/model/workflow';
import type { ClusterManager } from './cluster/clusterManager';
import { pickWorkflow } from './pickers';
import type { CommandRegistry } from './commandRegistry';
import { Commands, type CommandId } from './ids';
import { config } from './config';
import { DisposableStore } from './disposable';
import type { CatalogPlural } from '../kube/clusterSession';
import type { CatalogTreeElement } from './templatesView';
import type { WorkflowTreeElement } from './workflowsView';

export const MANIFEST_SCHEME = 'argo-doctor-manifest';

/** The workflow a command was invoked on: from the tree, or picked from a list when run from the palette. */
function targetWorkflow(cluster: ClusterManager, element?: WorkflowTreeElement): Promise<Workflow | undefined> {
  return pickWorkflow(cluster, element, { title: 'Pick a workflow' });
}

function client(cluster: ClusterManager): KubeClient | undefined {
  return cluster.session?.client;
}

async function report<T>(
  what: string,
  result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
): Promise<T | undefined> {
  const r = await result;
  if (r.ok) return r.value;
  void vscode.window.showErrorMessage(`Argo Doctor: ${what} failed: ${r.error.message}`);
  return undefined;
}

/** Stop, terminate, suspend/resume, resubmit, delete, copy name, open in Argo UI, show the live manifest. */
/** Above this many nodes, Show Live Manifest summarises status.nodes. */
const MAX_MANIFEST_NODES = 2_000;

export class WorkflowActions extends DisposableStore implements vscode.TextDocumentContentProvider {
  private readonly changed = this.add(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly cluster: ClusterManager,
    commands: CommandRegistry,
  ) {
    super();
    this.add(vscode.workspace.registerTextDocumentContentProvider(MANIFEST_SCHEME, this));
    // The manifest documents follow the watch: they update while open.
    const follow = () => {
      for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === MANIFEST_SCHEME) this.changed.fire(d.uri);
    };
    this.add(cluster.onDidChange(follow));
    this.add(cluster.onDidChangeCatalog(follow));
    const reg = (id: CommandId, fn: (el?: WorkflowTreeElement) => unknown) => this.add(commands.register(id, fn));
    reg(Commands.stopWorkflow, (el) => this.shutdown(el, 'Stop'));
    reg(Commands.terminateWorkflow, (el) => this.shutdown(el, 'Terminate'));
    reg(Commands.suspendWorkflow, (el) => this.suspend(el, true));
    reg(Commands.resumeWorkflow, (el) => this.suspend(el, false));
    reg(Commands.resubmitWorkflow, (el) => this.resubmit(el));
    reg(Commands.deleteWorkflow, (el) => this.delete(el));
    reg(Commands.copyWorkflowName, (el) => this.copyName(el));
    reg(Commands.openInArgoUi, (el) => this.openInArgoUi(el));
    this.add(
      commands.register(Commands.showManifest, (el?: WorkflowTreeElement | CatalogTreeElement) =>
        this.showManifest(el),
      ),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.yaml$/, ''));
    const parts = key.split('/');
    // /<plural>/<namespace or ->/<name>.yaml for templates and cron workflows, /<namespace>/<name>.yaml for workflows.
    const wf =
      parts.length === 3
        ? this.cluster
            .catalog(parts[0] as CatalogPlural)
            .find(
              (o) =>
                o.metadata?.name === parts[2] && (o.metadata?.namespace ?? '') === (parts[1] === '-' ? '' : parts[1]),
            )
        : this.cluster.workflow(key) && (await this.cluster.wholeWorkflow(key));
    if (!wf) return `# ${key} is no longer in the cluster (deleted, or the context changed).\n`;
    // A shallow copy without managedFields; a status of thousands of nodes is summarised (as YAML it would be
    // megabytes, re-rendered on every update): its steps are in the tree and the step panel.
    const { managedFields: _managed, ...metadata } = wf.metadata ?? {};
    const status = (wf as { status?: { nodes?: Record<string, unknown> } }).status;
    const count = status?.nodes ? Object.keys(status.nodes).length : 0;
    const copy: KObject = {
      ...wf,
      metadata,
      ...(count > MAX_MANIFEST_NODES
        ? {
            status: {
              ...status,
              nodes: `${count.toLocaleString('en-US')} nodes, not shown here: open the workflow's steps in the Workflows view`,
            },
          }
        : {}),
    };
    return `# Live manifest of ${key} (read-only; updates while open)\n${stringify(copy)}`;
  }

  private async shutdown(el: WorkflowTreeElement | undefined, strategy: 'Stop' | 'Terminate'): Promise<void> {
    const wf = await targetWorkflow(this.cluster, el);
    const kube = client(this.cluster);
    if (!wf || !kube) return;
    const what =
      strategy === 'Stop'
        ? 'Stop runs exit handlers and then ends the workflow as Failed.'
        : 'Terminate ends it at once, without running exit handlers.';
    const ok = await vscode.window.showWarningMessage(
      `${strategy} workflow ${wf.metadata?.name}? ${what}`,
      { modal: true },
      strategy,
    );
    if (ok !== strategy) return;
    await report(
      `${strategy.toLowerCase()}ping ${wf.metadata?.name}`,
      kube.patchWorkflow(wf.metadata!.namespace!, wf.metadata!.name!, { spec: { shutdown: strategy } }),
    );
  }

  private async suspend(el: WorkflowTreeElement | undefined, suspend: boolean): Promise<void> {
    const wf = await targetWorkflow(this.cluster, el);
    const kube = client(this.cluster);
    if (!wf || !kube) return;
    await report(
      `${suspend ? 'suspending' : 'resuming'} ${wf.metadata?.name}`,
      kube.patchWorkflow(wf.metadata!.namespace!, wf.metadata!.name!, { spec: { suspend: suspend ? true : null } }),
    );
  }

  private async resubmit(el: WorkflowTreeElement | undefined): Promise<KObject | undefined> {
    const wf = await targetWorkflow(this.cluster, el);
    const kube = client(this.cluster);
    if (!wf || !kube) return undefined;
    const created = await report(
      `resubmitting ${wf.metadata?.name}`,
      kube.resubmitWorkflow(wf.metadata!.namespace!, wf),
    );
    if (created)
      void vscode.window.showInformationMessage(
        `Argo Doctor: submitted ${created.metadata?.name} (a new run of ${wf.metadata?.name}).`,
      );
    return created;
  }

  private async delete(el: WorkflowTreeElement | undefined): Promise<void> {
    const wf = await targetWorkflow(this.cluster, el);
    const kube = client(this.cluster);
    if (!wf || !kube) return;
    const ok = await vscode.window.showWarningMessage(
      `Delete workflow ${wf.metadata?.name}? Its record, and the pods Argo still keeps for it, are removed from the cluster.`,
      { modal: true },
      'Delete',
    );
    if (ok !== 'Delete') return;
    await report(`deleting ${wf.metadata?.name}`, kube.deleteWorkflow(wf.metadata!.namespace!, wf.metadata!.name!));
  }

  private async copyName(el: WorkflowTreeElement | undefined): Promise<void> {
    const wf = await targetWorkflow(this.cluster, el);
    if (wf?.metadata?.name) await vscode.env.clipboard.writeText(wf.metadata.name);
  }

  private async openInArgoUi(el: WorkflowTreeElement | undefined): Promise<void> {
    const base = config.argoServerUrl();
    if (!base) {
      const choice = await vscode.window.showInformationMessage(
        'Argo Doctor: set argoDoctor.argoServerUrl to open workflows in the Argo UI.',
        'Open Settings',
      );
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'argoDoctor.argoServerUrl');
      return;
    }
    const wf = await targetWorkflow(this.cluster, el);
    if (!wf?.metadata?.name) return;
    const url = `${base.replace(/\/+$/, '')}/workflows/${encodeURIComponent(wf.metadata.namespace ?? '')}/${encodeURIComponent(wf.metadata.name)}`;
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  private async showManifest(el: WorkflowTreeElement | CatalogTreeElement | undefined): Promise<void> {
    let path: string;
    if (el?.kind === 'catalog') path = `/${el.plural}/${el.namespace || '-'}/${el.name}.yaml`;
    else {
      const target =
        el?.kind === 'run'
          ? ({ kind: 'workflow', id: el.key, key: el.key } as const)
          : el?.kind === 'section' || el?.kind === 'problem' || el?.kind === 'runs'
            ? undefined
            : el;
      const wf = await targetWorkflow(this.cluster, target);
      if (!wf?.metadata?.name) return;
      path = `/${wf.metadata.namespace}/${wf.metadata.name}.yaml`;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: MANIFEST_SCHEME, path }));
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}
