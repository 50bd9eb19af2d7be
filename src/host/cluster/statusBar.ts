import * as vscode from 'vscode';
import { DisposableStore } from '../disposable';
import { Commands } from '../ids';
import type { ClusterManager } from './clusterManager';

/** Current context and namespace in the status bar; a click offers to switch either. */
export class ClusterStatusBar extends DisposableStore {
  private readonly item = this.add(
    vscode.window.createStatusBarItem('argoDoctor.context', vscode.StatusBarAlignment.Left, 50),
  );

  constructor(private readonly cluster: ClusterManager) {
    super();
    this.item.name = 'Argo Doctor: Kubernetes context';
    this.item.command = Commands.pickContextOrNamespace;
    this.add(cluster.onDidChange(() => this.render()));
    this.add(cluster.onDidChangeLintVersion(() => this.render()));
    this.render();
    this.item.show();
  }

  private render(): void {
    const info = this.cluster.info;
    const status = this.cluster.status;
    const ns = this.cluster.namespaces.join(', ');
    const icon = !status
      ? '$(debug-disconnect)'
      : status.state === 'synced'
        ? '$(cloud)'
        : status.state === 'connecting'
          ? '$(sync~spin)'
          : status.state === 'forbidden'
            ? '$(lock)'
            : '$(warning)';
    this.item.text = info.context ? `${icon} ${info.context} · ${ns}` : '$(cloud) no kube-context';
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**Argo Doctor** · Kubernetes context\n\n');
    md.appendText(`Context: ${info.context || '(none)'}\nCluster: ${info.server || '(none)'}\nNamespace: ${ns}\n`);
    if (status)
      md.appendText(`Workflows: ${status.count} (${status.state})${status.message ? `\n${status.message}` : ''}\n`);
    if (!status)
      md.appendText('Not connected: open the Argo Workflows view, or run "Argo: Connect to Current Context".\n');
    const lint = this.cluster.lintVersion;
    const from = {
      setting: 'argoDoctor.argoVersion',
      cluster: "the cluster's workflow-controller",
      newest: 'newest known',
    };
    md.appendText(`Lint checks for: Argo ${lint.version} (${from[lint.source]})\n`);
    md.appendMarkdown('\nClick to switch the context or the namespace.');
    this.item.tooltip = md;
    this.item.backgroundColor =
      status && (status.state === 'retrying' || status.state === 'forbidden')
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
  }
}
