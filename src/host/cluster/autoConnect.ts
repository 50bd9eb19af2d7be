// Connects to the current kube-context without a click: when the Argo view is first shown, and at start-up in a
// workspace where the user has connected before. Quiet by design: a problem shows in the tree and the log, not as a
// pop-up the user did not ask for. `argoDoctor.autoConnect: false` turns it off.
import type * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { config } from '../config';
import type { ClusterManager } from './clusterManager';

const CONNECTED_HERE = 'argoDoctor.connectedInWorkspace';

export function autoConnect(
  cluster: ClusterManager,
  view: vscode.TreeView<unknown>,
  workspaceState: vscode.Memento,
  logger: Logger,
): vscode.Disposable {
  const subs: vscode.Disposable[] = [];
  const quietly = (why: string) => {
    if (!config.autoConnect() || cluster.isConnected || cluster.usingDemo) return;
    // Nothing to connect to (no kubeconfig, or no current context): the welcome view says what to do instead.
    if (!cluster.info.context) return;
    logger.info(`[cluster] connecting to ${cluster.info.context} automatically (${why})`);
    void cluster.connect().then((problem) => problem && logger.warn(`[cluster] ${problem}`));
  };
  // Remember that this workspace uses a cluster, so the next start connects at once.
  subs.push(
    cluster.onDidChangeStatus(() => {
      if (cluster.isConnected && !workspaceState.get(CONNECTED_HERE)) void workspaceState.update(CONNECTED_HERE, true);
    }),
  );
  if (workspaceState.get(CONNECTED_HERE)) quietly('connected in this workspace before');
  if (view.visible) quietly('the Argo view is shown');
  else {
    const sub = view.onDidChangeVisibility((e) => {
      if (!e.visible) return;
      sub.dispose();
      quietly('the Argo view was opened');
    });
    subs.push(sub);
  }
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
