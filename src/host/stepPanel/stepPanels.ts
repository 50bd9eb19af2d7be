import * as vscode from 'vscode';
import type { FailureBundle } from '../../core/diagnose/bundle';
import type { Logger } from '../../core/logger';
import { isStepRef, type Explanation, type StepRef } from '../../shared/protocol';
import type { ClusterManager } from '../cluster/clusterManager';
import { DisposableStore } from '../disposable';
import { pickStep } from '../pickers';
import { UsageSampler, type UsageKeeper } from '../../kube/usageSampler';
import type { CommandRegistry } from '../commandRegistry';
import { Commands } from '../ids';
import type { WorkflowTreeElement } from '../workflowsView';
import { StepPanel } from './stepPanel';

export const STEP_PANEL_TYPE = 'argoDoctor.step';

const refKey = (r: StepRef) => `${r.context}\u0000${r.namespace}\u0000${r.workflow}\u0000${r.nodeId}`;

/** One panel per step (revealed when opened again), restored after a window reload from the step's names alone. */
export class StepPanels extends DisposableStore {
  private readonly panels = new Map<string, StepPanel>();
  private workflowOpener: ((ref: StepRef) => void) | undefined;
  /** Metrics API samples of the steps whose panels are open (kept beside their evidence when a keeper is given). */
  readonly usage: UsageSampler;

  constructor(
    private readonly cluster: ClusterManager,
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
    private readonly recorded?: (ref: StepRef) => FailureBundle | undefined,
    private readonly explain?: (ref: StepRef) => Promise<Explanation | undefined>,
    private readonly openReport?: (ref: StepRef, shown?: Explanation) => void,
    commands?: CommandRegistry,
    usageKeeper?: UsageKeeper,
  ) {
    super();
    this.usage = new UsageSampler(usageKeeper);
    if (commands) this.add(commands.register(Commands.openStep, (el?: WorkflowTreeElement) => this.openFromTree(el)));
    this.add(
      vscode.window.registerWebviewPanelSerializer(STEP_PANEL_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const ref = (state as { ref?: unknown } | undefined)?.ref;
          if (!isStepRef(ref)) {
            panel.dispose();
            return;
          }
          this.adopt(panel, ref);
        },
      }),
    );
    this.add({ dispose: () => [...this.panels.values()].forEach((p) => p.dispose()) });
  }

  /** Where the header's "Workflow Timeline" button opens the step's workflow (set once the workflow panels exist). */
  openWorkflowsWith(opener: (ref: StepRef) => void): void {
    this.workflowOpener = opener;
  }

  /** The open panels, for tests. */
  get openPanels(): StepPanel[] {
    return [...this.panels.values()];
  }

  open(ref: StepRef): StepPanel {
    const existing = this.panels.get(refKey(ref));
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(STEP_PANEL_TYPE, `${ref.workflow}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    });
    return this.adopt(panel, ref);
  }

  private adopt(panel: vscode.WebviewPanel, ref: StepRef): StepPanel {
    const p = new StepPanel(panel, ref, this.cluster, this.extensionUri, this.logger, {
      openStep: (r) => this.open(r),
      recorded: this.recorded,
      explain: this.explain,
      openReport: this.openReport,
      openWorkflow: (r) => this.workflowOpener?.(r),
      usage: this.usage,
    });
    const key = refKey(ref);
    this.panels.set(key, p);
    p.onDidDispose(() => {
      if (this.panels.get(key) === p) this.panels.delete(key);
      this.usage?.release(ref);
    });
    return p;
  }

  /** From the tree (a step), or from the palette: pick a workflow, then a step (failed ones first). */
  private async openFromTree(el?: WorkflowTreeElement): Promise<StepPanel | undefined> {
    const picked = await pickStep(this.cluster, el, {
      title: 'Open a step of which workflow?',
      stepTitle: (wf) => `Which step of ${wf}?`,
    });
    if (!picked) return undefined;
    return this.open({
      context: this.cluster.info.context,
      namespace: picked.wf.metadata?.namespace ?? '',
      workflow: picked.wf.metadata?.name ?? '',
      nodeId: picked.node.id,
    });
  }
}
