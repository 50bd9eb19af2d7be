import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { DisposableStore } from './disposable';
import { config } from './config';
import { CONFIG_SECTION, Commands } from './ids';
import { connect, pickContext, pickContextOrNamespace, pickNamespace, startDemo } from './cluster/clusterCommands';
import type { ClusterManager } from './cluster/clusterManager';
import { lintWorkspace } from './lint/lintWorkspace';
import type { LintFeature } from './lint/lintFeature';
import type { TemplatesView } from './templatesView';
import type { WorkflowsView } from './workflowsView';

export interface CommandDeps {
  logger: Logger;
  channel: vscode.LogOutputChannel;
  workflows: WorkflowsView;
  templates?: TemplatesView;
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

  register(Commands.showLog, () => deps.channel.show(true));
  register(Commands.refresh, () => {
    deps.workflows.refresh();
    deps.templates?.refresh();
  });
  register(Commands.groupWorkflowsBy, () => pickGrouping());
  register(Commands.switchContext, () => pickContext(deps.cluster));
  register(Commands.switchNamespace, () => pickNamespace(deps.cluster));
  register(Commands.pickContextOrNamespace, () => pickContextOrNamespace(deps.cluster));
  register(Commands.lintWorkspace, () => lintWorkspace(deps.lint.diagnostics));
  register(Commands.startDemoCluster, () => startDemo(deps.cluster));
  register(Commands.connect, () => connect(deps.cluster));
  return store;
}

async function pickGrouping(): Promise<void> {
  const current = config.groupBy();
  const items = [
    { label: 'None', value: 'none', description: 'one list, failed first' },
    { label: 'Namespace', value: 'namespace', description: 'a group per namespace' },
    { label: 'Phase', value: 'phase', description: 'Failed, Error, Running, Pending, Succeeded' },
  ].map((i) => ({ ...i, picked: i.value === current, detail: i.value === current ? 'current' : undefined }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Group workflows by' });
  if (picked)
    await vscode.workspace
      .getConfiguration(CONFIG_SECTION)
      .update('workflows.groupBy', picked.value, vscode.ConfigurationTarget.Global);
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
