import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { DisposableStore } from './disposable';
import { Commands } from './ids';
import { connect, pickContext, pickContextOrNamespace, pickNamespace, startDemo } from './cluster/clusterCommands';
import type { ClusterManager } from './cluster/clusterManager';
import { lintWorkspace } from './lint/lintWorkspace';
import type { LintFeature } from './lint/lintFeature';
import type { WorkflowsView } from './workflowsView';

export interface CommandDeps {
  logger: Logger;
  channel: vscode.LogOutputChannel;
  workflows: WorkflowsView;
  lint: LintFeature;
  cluster: ClusterManager;
}

/**
 * Registers every command the manifest contributes. Commands whose feature has not landed yet say so
 * plainly instead of doing nothing.
 */
export function registerCommands(deps: CommandDeps): vscode.Disposable {
  const store = new DisposableStore();
  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    store.add(vscode.commands.registerCommand(id, guarded(id, handler, deps)));

  const notYet = (what: string) => () =>
    void vscode.window.showInformationMessage(`Argo Doctor: ${what} is not available in this version yet.`);

  register(Commands.showLog, () => deps.channel.show(true));
  register(Commands.refresh, () => deps.workflows.refresh());
  register(Commands.explainFailure, notYet('Explain Failure'));
  register(Commands.switchContext, () => pickContext(deps.cluster));
  register(Commands.switchNamespace, () => pickNamespace(deps.cluster));
  register(Commands.pickContextOrNamespace, () => pickContextOrNamespace(deps.cluster));
  register(Commands.lintWorkspace, () => lintWorkspace(deps.lint.diagnostics));
  register(Commands.startDemoCluster, () => startDemo(deps.cluster));
  register(Commands.connect, () => connect(deps.cluster));
  return store;
}

/** Command boundary: log failures and show them with an "Open Log" action instead of failing silently. */
function guarded(id: string, handler: (...args: unknown[]) => unknown, deps: CommandDeps) {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      deps.logger.error(`command ${id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      const choice = await vscode.window.showErrorMessage(
        `Argo Doctor: ${e instanceof Error ? e.message : String(e)}`,
        'Open Log',
      );
      if (choice === 'Open Log') deps.channel.show(true);
      return undefined;
    }
  };
}
