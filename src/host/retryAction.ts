// "Retry Failed Steps": re-run only the failed steps of a finished workflow and keep what succeeded, as `argo retry`
// does, through the Kubernetes API. Optionally with new parameter values, or re-running chosen succeeded steps too.
// The failed steps' evidence is recorded first: the retry deletes their pods.
import * as vscode from 'vscode';
import type { ArgoNode } from '../core/model/argoNode';
import { workflowNodes } from '../core/model/nodes';
import { isFailed } from '../core/model/phase';
import { formulateRetry, type RetryOptions } from '../core/model/retryWorkflow';
import type { Workflow } from '../core/model/workflow';
import { retryWorkflow } from '../kube/retryWorkflow';
import type { ClusterManager } from './cluster/clusterManager';
import type { CommandRegistry } from './commandRegistry';
import { DisposableStore } from './disposable';
import { Commands } from './ids';
import { pickWorkflow } from './pickers';
import type { WorkflowTreeElement } from './workflowsView';

/** Succeeded steps offered for re-running: a fan-out of thousands would make the list unusable. */
const MAX_STEP_PICKS = 1000;

type How = 'failed' | 'parameters' | 'steps';

const names = (list: string[]) =>
  list.length > 5 ? `${list.slice(0, 5).join(', ')} and ${list.length - 5} more` : list.join(', ');

export class RetryAction extends DisposableStore {
  constructor(
    private readonly cluster: ClusterManager,
    commands: CommandRegistry,
    /** Saves the failed steps' evidence before their pods are deleted. */
    private readonly recordEvidence: (wf: Workflow) => Promise<void>,
  ) {
    super();
    this.add(commands.register(Commands.retryWorkflow, (el?: WorkflowTreeElement | { key: string }) => this.retry(el)));
  }

  async retry(el?: WorkflowTreeElement | { key: string }): Promise<boolean> {
    const wf = await pickWorkflow(this.cluster, el as WorkflowTreeElement | undefined, {
      title: 'Retry the failed steps of which workflow?',
      only: (w) => isFailed(w.status?.phase),
      none: 'Argo Doctor: no failed workflows to retry in the current context.',
    });
    const kube = this.cluster.session?.client;
    if (!wf || !kube) return false;
    const name = wf.metadata?.name ?? '';
    const ns = wf.metadata?.namespace ?? '';
    const preview = formulateRetry(wf as Record<string, unknown>, {}, new Date());
    if (!preview.ok) {
      void vscode.window.showErrorMessage(`Argo Doctor: cannot retry ${name}: ${preview.error}`);
      return false;
    }
    const options = await this.chooseOptions(wf, preview.rerun);
    if (!options) return false;
    await this.recordEvidence(wf);
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Argo Doctor: retrying ${name}…` },
      () => retryWorkflow(kube, ns, name, options),
    );
    if (!r.ok) {
      void vscode.window.showErrorMessage(`Argo Doctor: retrying ${name} failed: ${r.error.message}`);
      return false;
    }
    void vscode.window.showInformationMessage(
      `Argo Doctor: retrying ${name}: ${names(r.value.rerun) || 'its failed steps'} ` +
        `${r.value.rerun.length === 1 ? 'runs' : 'run'} again; the other steps keep their results.`,
    );
    return true;
  }

  /** How to retry: as it is, with new parameter values, or re-running chosen succeeded steps too. */
  private async chooseOptions(wf: Workflow, rerun: string[]): Promise<RetryOptions | undefined> {
    const params = (
      (wf.spec as { arguments?: { parameters?: { name?: string; value?: unknown }[] } })?.arguments?.parameters ?? []
    ).filter((p) => typeof p.name === 'string');
    const succeeded = succeededSteps(wf);
    const items: (vscode.QuickPickItem & { how: How })[] = [
      {
        how: 'failed',
        label: '$(debug-rerun) Retry the failed steps',
        detail: `Runs again: ${names(rerun)}. Keeps ${succeeded.length} succeeded step${succeeded.length === 1 ? '' : 's'}.`,
      },
    ];
    if (params.length)
      items.push({
        how: 'parameters',
        label: '$(symbol-parameter) Retry with new parameter values…',
        detail: `Change ${names(params.map((p) => p.name!))} for the steps that run again.`,
      });
    if (succeeded.length)
      items.push({
        how: 'steps',
        label: '$(list-selection) Retry, and also re-run chosen succeeded steps…',
        detail: 'For a step whose result you no longer trust, and the steps after it.',
      });
    const how =
      items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: `Retry ${wf.metadata?.name}` });
    if (!how) return undefined;
    if (how.how === 'failed') return {};
    if (how.how === 'parameters') {
      const parameters: Record<string, string> = {};
      for (const p of params) {
        const value = await vscode.window.showInputBox({
          title: `Retry ${wf.metadata?.name}: parameter ${p.name}`,
          prompt: 'Press Enter to keep the value, Escape to cancel the retry.',
          value: typeof p.value === 'string' ? p.value : JSON.stringify(p.value ?? ''),
        });
        if (value === undefined) return undefined;
        if (value !== p.value) parameters[p.name!] = value;
      }
      return { parameters };
    }
    const picked = await vscode.window.showQuickPick(
      succeeded.slice(0, MAX_STEP_PICKS).map((n) => ({
        label: n.displayName ?? n.name ?? n.id,
        description: n.templateName ?? n.templateRef?.template ?? '',
        id: n.id,
      })),
      { title: 'Which succeeded steps run again too?', canPickMany: true, matchOnDescription: true },
    );
    if (!picked?.length) return undefined;
    return { rerunNodeIds: picked.map((p) => p.id) };
  }
}

/** The workflow's succeeded steps that ran a pod, in the order they started. */
function succeededSteps(wf: Workflow): ArgoNode[] {
  const parsed = workflowNodes(wf);
  if (parsed.kind !== 'nodes') return [];
  return Object.values(parsed.nodes)
    .filter((n) => n.type === 'Pod' && n.phase === 'Succeeded')
    .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
}
