import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { DisposableStore } from './disposable';
import { config } from './config';
import type { CommandRegistry } from './commandRegistry';
import { CONFIG_SECTION, Commands, type CommandId } from './ids';
import { connect, pickContext, pickContextOrNamespace, pickNamespace, startDemo } from './cluster/clusterCommands';
import type { ClusterManager } from './cluster/clusterManager';
import { lintWorkspace } from './lint/lintWorkspace';
import type { LintFeature } from './lint/lintFeature';
import type { TemplatesView } from './templatesView';
import { pickWorkflow } from './pickers';
import type { WorkflowTreeElement, WorkflowsView } from './workflowsView';
import { workflowKey } from '../core/model/workflow';

export interface CommandDeps {
  logger: Logger;
  channel: vscode.LogOutputChannel;
  workflows: WorkflowsView;
  templates?: TemplatesView;
  lint: LintFeature;
  cluster: ClusterManager;
  commands: CommandRegistry;
}

/**
 * Registers every command the manifest contributes. Commands whose feature has not landed yet say so
 * plainly instead of doing nothing.
 */
export function registerCommands(deps: CommandDeps): vscode.Disposable {
  const store = new DisposableStore();
  const register = (id: CommandId, handler: () => unknown) => store.add(deps.commands.register(id, handler));

  register(Commands.showLog, () => deps.channel.show(true));
  register(Commands.refresh, () => {
    deps.workflows.refresh();
    deps.templates?.refresh();
  });
  register(Commands.showMoreWorkflows, () => deps.workflows.showMore());
  register(Commands.groupWorkflowsBy, () => pickGrouping());
  register(Commands.switchContext, () => pickContext(deps.cluster));
  register(Commands.switchNamespace, () => pickNamespace(deps.cluster));
  register(Commands.pickContextOrNamespace, () => pickContextOrNamespace(deps.cluster));
  register(Commands.lintWorkspace, () => lintWorkspace(deps.lint.diagnostics));
  register(Commands.startDemoCluster, () => startDemo(deps.cluster));
  register(Commands.connect, () => connect(deps.cluster));
  store.add(deps.commands.register(Commands.revealWorkflow, (el?: WorkflowTreeElement) => revealWorkflow(deps, el)));
  return store;
}

/** Shows a workflow's row in the Workflows view (from a run in Templates & Schedules, or picked). */
async function revealWorkflow(deps: CommandDeps, el: WorkflowTreeElement | undefined): Promise<void> {
  const key =
    el && 'key' in el && typeof el.key === 'string'
      ? el.key
      : await pickWorkflow(deps.cluster, undefined, { title: 'Reveal a workflow' }).then((wf) =>
          wf ? workflowKey(wf) : undefined,
        );
  if (!key) return;
  if (!(await deps.workflows.reveal(key)))
    void vscode.window.showInformationMessage(
      `${key.slice(key.indexOf('/') + 1)} is not among the workflows listed: the cluster no longer has it (the run history keeps its timings), or it is beyond the rows shown.`,
    );
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
