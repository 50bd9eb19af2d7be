import * as vscode from 'vscode';
import type { FailureBundle } from '../../core/diagnose/bundle';
import { builtinInsightSources, type InsightSource } from '../../core/diagnose/workflowInsights';
import type { Logger } from '../../core/logger';
import type { StepRef } from '../../shared/protocol';
import { isWorkflowRef, type WorkflowRef } from '../../shared/workflowProtocol';
import type { ClusterManager } from '../cluster/clusterManager';
import type { CommandRegistry } from '../commandRegistry';
import { DisposableStore } from '../disposable';
import { Commands } from '../ids';
import { pickWorkflow } from '../pickers';
import type { WorkflowTreeElement } from '../workflowsView';
import { WorkflowPanel } from './workflowPanel';

export const WORKFLOW_PANEL_TYPE = 'argoDoctor.workflowPanel';

const refKey = (r: WorkflowRef) => `${r.context}\u0000${r.namespace}\u0000${r.workflow}`;

/**
 * One panel per workflow (revealed when opened again), restored after a window reload from the workflow's names.
 * Insights come from the built-in sources and from those added with `addInsightSource` (e.g. a run compared with
 * its history).
 */
export class WorkflowPanels extends DisposableStore {
  private readonly panels = new Map<string, WorkflowPanel>();
  private readonly sources: InsightSource[] = [...builtinInsightSources];

  constructor(
    private readonly cluster: ClusterManager,
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
    private readonly openStep: (ref: StepRef) => void,
    private readonly recorded?: (ref: StepRef) => FailureBundle | undefined,
    commands?: CommandRegistry,
  ) {
    super();
    if (commands)
      this.add(
        commands.register(Commands.openWorkflowPanel, (el?: WorkflowTreeElement | WorkflowRef) => this.openFrom(el)),
      );
    this.add(
      vscode.window.registerWebviewPanelSerializer(WORKFLOW_PANEL_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const ref = (state as { ref?: unknown } | undefined)?.ref;
          if (!isWorkflowRef(ref)) {
            panel.dispose();
            return;
          }
          this.adopt(panel, ref);
        },
      }),
    );
    this.add({ dispose: () => [...this.panels.values()].forEach((p) => p.dispose()) });
  }

  /** The open panels, for tests. */
  get openPanels(): WorkflowPanel[] {
    return [...this.panels.values()];
  }

  /** Adds a source of insights to every panel (open ones show it on their next update); dispose to remove it. */
  addInsightSource(source: InsightSource): vscode.Disposable {
    this.sources.push(source);
    this.panels.forEach((p) => p.schedule());
    return {
      dispose: () => {
        const i = this.sources.indexOf(source);
        if (i >= 0) this.sources.splice(i, 1);
      },
    };
  }

  /** Asks every open panel to update (e.g. when a source's answers changed: a history finished loading). */
  refresh(): void {
    this.panels.forEach((p) => p.schedule());
  }

  open(ref: WorkflowRef): WorkflowPanel {
    const existing = this.panels.get(refKey(ref));
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      WORKFLOW_PANEL_TYPE,
      `${ref.workflow} · timeline`,
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')] },
    );
    return this.adopt(panel, ref);
  }

  private adopt(panel: vscode.WebviewPanel, ref: WorkflowRef): WorkflowPanel {
    const p = new WorkflowPanel(panel, ref, this.cluster, this.extensionUri, this.logger, {
      openStep: this.openStep,
      recorded: this.recorded,
      insightSources: () => this.sources,
    });
    const key = refKey(ref);
    this.panels.set(key, p);
    p.onDidDispose(() => this.panels.get(key) === p && this.panels.delete(key));
    return p;
  }

  /** From a workflow row (or a step row: its workflow), a ref, or the palette: pick a workflow. */
  private async openFrom(el?: WorkflowTreeElement | WorkflowRef): Promise<WorkflowPanel | undefined> {
    if (isWorkflowRef(el)) return this.open(el);
    if (el && 'key' in el) {
      const [namespace = '', workflow = ''] = el.key.split('/');
      if (workflow) return this.open({ context: this.cluster.info.context, namespace, workflow });
    }
    const wf = await pickWorkflow(this.cluster, undefined, { title: 'Open the timeline of which workflow?' });
    if (!wf) return undefined;
    return this.open({
      context: this.cluster.info.context,
      namespace: wf.metadata?.namespace ?? '',
      workflow: wf.metadata?.name ?? '',
    });
  }
}
