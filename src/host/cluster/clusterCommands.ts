import * as vscode from 'vscode';
import type { ClusterManager } from './clusterManager';

/** "Argo: Switch Context": contexts of the kubeconfig, plus the demo cluster. */
export async function pickContext(cluster: ClusterManager): Promise<void> {
  const DEMO = 'Argo Doctor demo cluster';
  const items: vscode.QuickPickItem[] = cluster.contexts.map((c) => ({
    label: c,
    description: c === cluster.info.context ? 'current' : undefined,
    iconPath: new vscode.ThemeIcon(c === cluster.info.context ? 'check' : 'cloud'),
  }));
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: DEMO, description: 'simulated, no cluster needed', iconPath: new vscode.ThemeIcon('beaker') },
  );
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Switch Kubernetes context',
    placeHolder: 'Pick a context (writes current-context like kubectl config use-context)',
  });
  if (!pick) return;
  if (pick.label === DEMO) {
    await startDemo(cluster);
    return;
  }
  await cluster.switchContext(pick.label);
  await cluster.connect();
}

/** "Argo: Switch Namespace": remembered per context, not written to the kubeconfig. */
export async function pickNamespace(cluster: ClusterManager): Promise<void> {
  const current = cluster.namespaces[0] ?? 'default';
  const value = await vscode.window.showInputBox({
    title: `Namespace for context ${cluster.info.context || '(none)'}`,
    value: current,
    prompt: 'Workflows of this namespace are shown. Remembered for this context; your kubeconfig is not changed.',
    validateInput: (v) =>
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) ? undefined : 'A namespace name: lower-case letters, digits and -',
  });
  if (value) await cluster.switchNamespace(value);
}

/** Status bar click: switch context or namespace. */
export async function pickContextOrNamespace(cluster: ClusterManager): Promise<void> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: '$(arrow-swap) Switch Context…', id: 'context' },
      { label: '$(symbol-namespace) Switch Namespace…', id: 'namespace' },
    ],
    { title: `Argo Doctor: ${cluster.info.context || 'no context'} · ${cluster.namespaces.join(', ')}` },
  );
  if (pick?.id === 'context') await pickContext(cluster);
  else if (pick?.id === 'namespace') await pickNamespace(cluster);
}

export async function startDemo(cluster: ClusterManager): Promise<void> {
  const demo = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Argo Doctor: starting the demo cluster…' },
    () => cluster.startDemo(),
  );
  void vscode.window.showInformationMessage(
    `Argo Doctor: connected to the demo cluster (${demo.url}). Its workflows fail in realistic ways: try Explain Failure on one.`,
  );
}

export async function connect(cluster: ClusterManager): Promise<void> {
  const problem = await cluster.connect();
  if (problem) {
    const choice = await vscode.window.showWarningMessage(
      `Argo Doctor: ${problem}`,
      'Switch Context',
      'Start Demo Cluster',
    );
    if (choice === 'Switch Context') await pickContext(cluster);
    if (choice === 'Start Demo Cluster') await startDemo(cluster);
  }
}
