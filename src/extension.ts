import * as vscode from 'vscode';
import { VERSION } from './core/version';
import { autoConnect } from './host/cluster/autoConnect';
import { ClusterManager } from './host/cluster/clusterManager';
import { ClusterStatusBar } from './host/cluster/statusBar';
import { CommandRegistry } from './host/commandRegistry';
import { registerCommands } from './host/commands';
import { DisposableStore } from './host/disposable';
import { LOG_CHANNEL_NAME } from './host/ids';
import { LintFeature } from './host/lint/lintFeature';
import { createLogChannel } from './host/logChannel';
import { ExplainFailure } from './host/explain/explainFailure';
import { LogDocuments } from './host/logDocuments';
import { RunHistories } from './host/runHistories';
import { StepPanels } from './host/stepPanel/stepPanels';
import { sampleRunningSteps, usageInsightSource } from './host/backgroundUsage';
import { TemplateActions } from './host/templateActions';
import { TemplatesView } from './host/templatesView';
import { WorkflowActions } from './host/workflowActions';
import { RetryAction } from './host/retryAction';
import { WorkflowsView } from './host/workflowsView';
import { WorkflowCosts } from './host/workflowCosts';
import { WorkflowPanels } from './host/workflowPanel/workflowPanels';

/** What activate() returns; integration tests read it through `extension.exports`. */
export interface ArgoDoctorApi {
  readonly version: string;
  /** For integration tests: the cluster connection and the sidebar's tree provider. */
  readonly cluster: ClusterManager;
  readonly workflows: WorkflowsView;
  readonly templates: TemplatesView;
  readonly steps: StepPanels;
  /** The workflow panels (timeline and insights); `addInsightSource` adds insights to them. */
  readonly workflowPanels: WorkflowPanels;
  readonly explain: ExplainFailure;
  /** Run histories of templates and cron workflows (slow runs). */
  readonly runs: RunHistories;
  /** Command failures, so tests can tell a command that failed from one that ran. */
  readonly commands: CommandRegistry;
}

/** Wires the extension together; all logic lives in src/core, src/kube and src/host. */
export function activate(context: vscode.ExtensionContext): ArgoDoctorApi | undefined {
  const root = new DisposableStore();
  context.subscriptions.push(root);
  try {
    const { channel, logger } = createLogChannel();
    root.add(channel);
    const lint = root.add(new LintFeature(context.extensionUri, logger));
    const commands = root.add(new CommandRegistry(logger, () => channel.show(true)));
    const cluster = root.add(new ClusterManager(context.globalState, context.globalStorageUri.fsPath, logger));
    const runs = root.add(new RunHistories(cluster, context.globalStorageUri.fsPath, logger));
    const costs = root.add(new WorkflowCosts(cluster));
    const workflows = root.add(new WorkflowsView(cluster, runs, costs));
    root.add(autoConnect(cluster, workflows.treeView, context.workspaceState, logger));
    root.add(new ClusterStatusBar(cluster));
    const templates = root.add(new TemplatesView(cluster, runs, costs));
    root.add(new WorkflowActions(cluster, commands));
    root.add(new TemplateActions(cluster, commands));
    const explain = root.add(new ExplainFailure(cluster, context.globalStorageUri.fsPath, logger, commands));
    root.add(new RetryAction(cluster, commands, (wf) => explain.recordNow(wf)));
    root.add(
      new LogDocuments(cluster, commands, (ns, wf, node) => explain.store.get(cluster.info.context, ns, wf, node)),
    );
    const steps = root.add(
      new StepPanels(
        cluster,
        context.extensionUri,
        logger,
        (r) => explain.store.get(r.context, r.namespace, r.workflow, r.nodeId),
        (r) => explain.explainStep(r.namespace, r.workflow, r.nodeId),
        (r, shown) => void explain.openReport(r, shown),
        commands,
        explain.store,
      ),
    );
    explain.presentIn((ref, x) => steps.open(ref).showExplanation(x));
    explain.useUsage((r) => steps.usage.samples(r));
    const workflowPanels = root.add(
      new WorkflowPanels(
        cluster,
        context.extensionUri,
        logger,
        (r) => steps.open(r),
        (r) => explain.store.get(r.context, r.namespace, r.workflow, r.nodeId),
        commands,
      ),
    );
    // A run much slower than its template's history: the grown step and phase, once the history is loaded.
    root.add(
      workflowPanels.addInsightSource(({ workflow }) => {
        const slow = runs.insight(workflow);
        return slow ? [slow] : [];
      }),
    );
    root.add(runs.onDidChange(() => workflowPanels.refresh()));
    // What the run cost, with the prices set in argoDoctor.cost.* (nothing without prices).
    root.add(workflowPanels.addInsightSource(costs.insight));
    // Steps that used under a third of their request, or ran near their limit (from the usage kept for them).
    root.add(workflowPanels.addInsightSource(usageInsightSource(cluster, steps.usage)));
    root.add(sampleRunningSteps(cluster, steps.usage, logger, () => workflowPanels.refresh()));
    root.add(costs.onDidChange(() => workflowPanels.refresh()));
    steps.openWorkflowsWith((r) =>
      workflowPanels.open({ context: r.context, namespace: r.namespace, workflow: r.workflow }),
    );
    lint.diagnostics.useExtraTemplates(cluster.clusterTemplates, cluster.onDidChangeTemplates);
    lint.diagnostics.useArgoVersion(() => cluster.lintVersion.version, cluster.onDidChangeLintVersion);
    root.add(registerCommands({ logger, channel, workflows, templates, lint, cluster, commands }));
    logger.info(`Argo Doctor ${VERSION} activated (VS Code ${vscode.version}, Node ${process.versions.node})`);
    return { version: VERSION, cluster, workflows, templates, steps, workflowPanels, explain, runs, commands };
  } catch (e) {
    // VS Code shows nothing when activation fails: say it ourselves.
    const message = e instanceof Error ? e.message : String(e);
    console.error(`${LOG_CHANNEL_NAME} failed to activate`, e);
    void vscode.window.showErrorMessage(`${LOG_CHANNEL_NAME} failed to start: ${message}`);
    root.dispose();
    return undefined;
  }
}

export function deactivate(): void {}
