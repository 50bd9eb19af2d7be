import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FailureBundle } from '../../core/diagnose/bundle';
import type { UsageSample } from '../../core/model/usage';
import { diagnose, type Diagnosis } from '../../core/diagnose/diagnose';
import { disappearedSummary } from '../../core/diagnose/disappeared';
import { reportMarkdown } from '../../core/diagnose/report';
import { workflowNodes } from '../../core/model/nodes';
import { podNameOfNode as podNameOf } from '../../core/model/podName';
import { escapeMarkdown } from '../../core/model/present';
import type { Workflow } from '../../core/model/workflow';
import type { Logger } from '../../core/logger';
import { isActive, isCompleted, isFailed } from '../../core/model/phase';
import { waitingStepOf } from '../../core/model/waitingStep';
import { retryHelps } from '../../core/diagnose/retryHelps';
import { gatherWaitingBundle } from '../../kube/gatherWaiting';
import { EvidenceRecorder, EvidenceStore, scrubBundle, withRecorded } from '../../kube/evidence';
import { failedStepOf } from '../../core/model/failedStep';
import { isSummary } from '../../core/model/workflowSummary';
import { gatherBundle } from '../../kube/gatherBundle';
import type { Explanation, StepRef } from '../../shared/protocol';
import type { ClusterManager } from '../cluster/clusterManager';
import { DisposableStore } from '../disposable';
import { pickWorkflow } from '../pickers';
import type { CommandRegistry } from '../commandRegistry';
import { Commands } from '../ids';
import type { WorkflowTreeElement } from '../workflowsView';

export const REPORT_SCHEME = 'argo-doctor-report';

/** Where the command was invoked from: a tree element, the step panel (same shape), or nothing (palette). */
type Target = WorkflowTreeElement | undefined;

function evidenceLimits() {
  const c = vscode.workspace.getConfiguration('argoDoctor.evidence');
  return {
    maxBytes: Math.max(1, c.get<number>('maxMB', 50)) * 1024 * 1024,
    maxAgeMs: Math.max(1, c.get<number>('maxAgeDays', 14)) * 86_400_000,
    enabled: c.get<boolean>('enabled', true),
  };
}

/**
 * "Argo: Explain Failure" and "Argo: Export Failure Bundle", and the evidence recorder that keeps failure bundles
 * after pods and events are gone.
 */
/** Finished, failed workflows read whole at the start of a session to record their evidence, at most. */
const RECENT_FAILURE_READS = 20;

/** Created within the last six hours: its pods may still exist. */
function failedRecently(wf: Workflow, now: Date): boolean {
  const created = Date.parse(wf.metadata?.creationTimestamp ?? '');
  return Number.isFinite(created) && now.getTime() - created < 6 * 3_600_000;
}

export class ExplainFailure extends DisposableStore implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = this.add(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  readonly store: EvidenceStore;
  /** The metrics API samples kept for a step (the usage sampler's, which holds the latest in memory). */
  private usageOf = (ref: StepRef): UsageSample[] | undefined =>
    this.store.getUsage(ref.context, ref.namespace, ref.workflow, ref.nodeId);
  private readonly recordedEmitter = this.add(new vscode.EventEmitter<void>());
  /** Fires after the recorder saved the evidence of newly failed steps. */
  readonly onDidRecord = this.recordedEmitter.event;
  private readonly recorder: EvidenceRecorder;
  private presenter: ((ref: StepRef, x: Explanation) => void) | undefined;

  constructor(
    private readonly cluster: ClusterManager,
    storageDir: string,
    private readonly logger: Logger,
    commands: CommandRegistry,
  ) {
    super();
    this.store = new EvidenceStore(path.join(storageDir, 'evidence'), evidenceLimits(), logger);
    this.recorder = new EvidenceRecorder(this.store, logger);
    this.add(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this));
    this.add(commands.register(Commands.explainFailure, (el?: Target) => this.explain(el)));
    this.add(
      commands.register(Commands.exportFailureBundle, (el?: Target, target?: vscode.Uri) => this.export(el, target)),
    );
    // Record each failed step the moment the watch shows it failed, before pod GC and event expiry erase it. The
    // subscription belongs to the session, so it ends with it.
    this.add(
      cluster.perSession((session) => {
        // Finished workflows are listed without their steps: the few that failed recently (before this session
        // began) are read whole once, so their pods' evidence is kept before pod GC removes them.
        let recentReads = 0;
        return session.onDidChange((c) => {
          if (c.kind !== 'workflow' || c.type === 'deleted' || !evidenceLimits().enabled) return;
          const wf = session.workflow(c.key);
          if (!wf || (!isFailed(wf.status?.phase) && !hasFailedPod(wf))) return;
          if (isSummary(wf)) {
            if (c.type !== 'added' || !failedRecently(wf, new Date()) || recentReads >= RECENT_FAILURE_READS) return;
            recentReads++;
            void session.wholeWorkflow(c.key).then((r) => {
              if (r.ok && !isSummary(r.value) && !session.isDisposed)
                void this.recorder
                  .observe(session.context, r.value, session.client)
                  .then((n) => n > 0 && this.recordedEmitter.fire());
            });
            return;
          }
          void this.recorder
            .observe(session.context, wf, session.client)
            .then((n) => n > 0 && this.recordedEmitter.fire());
        });
      }),
    );
  }

  /** Records the evidence of a workflow's failed steps now (before a retry deletes their pods), when enabled. */
  async recordNow(wf: Workflow): Promise<void> {
    const session = this.cluster.session;
    if (!session || !evidenceLimits().enabled || isSummary(wf)) return;
    const n = await this.recorder.observe(session.context, wf, session.client);
    if (n > 0) this.recordedEmitter.fire();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.reports.get(uri.toString()) ??
      '# This report is no longer available\n\nRun **Argo: Explain Failure** again.\n'
    );
  }

  /**
   * The workflow to explain: from the element, the open YAML's last run, or a pick of the failed workflows (and,
   * for Explain, of those that wait or run: what they wait for).
   */
  private pickWorkflow(el: Target, title: string, waiting = false): Promise<Workflow | undefined> {
    return pickWorkflow(this.cluster, el, {
      title,
      only: (w) => isFailed(w.status?.phase) || (waiting && (isActive(w.status?.phase) || !w.status?.phase)),
      fromOpenYaml: true,
      none: `Argo Doctor: no failed${waiting ? ' or waiting' : ''} workflows in the current context.`,
    });
  }

  /** Whether a workflow (or one of its steps) is to be explained as waiting rather than failed. */
  private isWaiting(wf: Workflow, nodeId: string | undefined): boolean {
    if (isCompleted(wf.status?.phase)) return false;
    const nodes = workflowNodes(wf);
    const node = nodeId && nodes.kind === 'nodes' ? nodes.nodes[nodeId] : undefined;
    return !node || !isCompleted(node.phase);
  }

  /** The bundle of a workflow or step that waits: its locks and limits, and who holds them. */
  private async waitingBundle(wf: Workflow, nodeId: string | undefined): Promise<FailureBundle | undefined> {
    const session = this.cluster.session;
    if (!session) return undefined;
    const unfinished = [...session.workflows().values()].filter((w) => !isSummary(w) && !isCompleted(w.status?.phase));
    return gatherWaitingBundle(session.client, wf, nodeId, { unfinished });
  }

  /** Gathers the bundle of a step (live, completed with recorded evidence where the cluster lost it). */
  async bundleFor(wf: Workflow, nodeId: string): Promise<FailureBundle | undefined> {
    if (this.isWaiting(wf, nodeId)) return this.waitingBundle(wf, nodeId);
    const ns = wf.metadata?.namespace ?? '';
    const name = wf.metadata?.name ?? '';
    const recorded = this.store.get(this.cluster.info.context, ns, name, nodeId);
    const client = this.cluster.session?.client;
    const live = client ? await gatherBundle(client, wf, nodeId) : undefined;
    const bundle = live ? withRecorded(live, recorded) : recorded;
    const usage = bundle && this.usageOf({ context: this.cluster.info.context, namespace: ns, workflow: name, nodeId });
    return bundle && usage?.length ? { ...bundle, usage } : bundle;
  }

  /** Where the usage of a step comes from (the usage sampler's samples, else what the store kept). */
  useUsage(usageOf: (ref: StepRef) => UsageSample[] | undefined): void {
    this.usageOf = usageOf;
  }

  /** Explains one step without opening anything (for the step panel): the diagnosis, recorded time, lost pods. */
  async explainStep(namespace: string, workflow: string, nodeId: string): Promise<Explanation | undefined> {
    return (await this.explanationOf(namespace, workflow, nodeId))?.explanation;
  }

  private async explanationOf(
    namespace: string,
    workflow: string,
    nodeId: string,
  ): Promise<{ explanation: Explanation; diagnosis: Diagnosis } | undefined> {
    const wf =
      this.cluster.workflow(`${namespace}/${workflow}`) &&
      (await this.cluster.wholeWorkflow(`${namespace}/${workflow}`));
    // No step: the whole workflow waits (for a lock, a parallelism slot, the controller).
    const bundle = wf
      ? nodeId
        ? await this.bundleFor(wf, nodeId)
        : await this.waitingBundle(wf, undefined)
      : this.store.get(this.cluster.info.context, namespace, workflow, nodeId);
    if (!bundle) return undefined;
    const diagnosis = diagnose(bundle);
    const { pods: disappeared, total: disappearedTotal } = wf ? await this.disappeared(wf) : { pods: [], total: 0 };
    const node = bundle.workflowNode as FailureBundle['workflowNode'] | null;
    const step = node?.displayName ?? node?.name ?? (nodeId || workflow);
    // A failure that was not the step's fault (a lost node, an eviction, …): retrying as it is can succeed.
    const retry = wf && isFailed(wf.status?.phase) ? retryHelps(diagnosis.rootCause) : undefined;
    const explanation: Explanation = {
      ...diagnosis,
      step,
      ...(typeof bundle.recordedAt === 'string' ? { recordedAt: bundle.recordedAt } : {}),
      ...(disappeared.length ? { disappeared } : {}),
      ...(disappearedTotal > disappeared.length ? { disappearedTotal } : {}),
      ...(retry ? { retry } : {}),
    };
    return { explanation, diagnosis };
  }

  /**
   * Explains a failed workflow or step (from the tree, the panel, the open YAML, or a pick): the explanation opens
   * on top of the step's panel, next to the pod, events, node and log it cites.
   */
  async explain(el?: Target): Promise<Diagnosis | undefined> {
    const wf = await this.pickWorkflow(el, 'Explain which workflow?', true);
    if (!wf) return undefined;
    const waiting = this.isWaiting(wf, el?.kind === 'node' ? el.nodeId : undefined);
    // A failed workflow: its failed step. One that waits: the step that waits, or none (the whole workflow waits).
    const nodeId = el?.kind === 'node' ? el.nodeId : waiting ? (waitingStepOf(wf)?.id ?? '') : failedStepOf(wf)?.id;
    if (nodeId === undefined) {
      void vscode.window.showInformationMessage(
        `Argo Doctor: ${wf.metadata?.name} has no failed step to explain${wf.status?.message ? `; its message: ${wf.status.message}` : ''}.`,
      );
      return undefined;
    }
    const ns = wf.metadata?.namespace ?? '';
    const name = wf.metadata?.name ?? '';
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Explaining why ${name} ${waiting ? 'waits' : 'failed'}: gathering evidence…`,
      },
      async () => {
        const x = await this.explanationOf(ns, name, nodeId);
        if (!x) {
          void vscode.window.showWarningMessage(`Argo Doctor: step ${nodeId} of ${name} could not be read.`);
          return undefined;
        }
        this.logger.info(
          `[explain] ${name}/${x.explanation.step}: ${x.diagnosis.rootCause} (confidence ${x.diagnosis.confidence})`,
        );
        const ref: StepRef = { context: this.cluster.info.context, namespace: ns, workflow: name, nodeId };
        // The step panel shows a step; a workflow that waits before any step gets the report.
        if (this.presenter && nodeId) this.presenter(ref, x.explanation);
        else await this.showReport(ref, x.explanation);
        return x.diagnosis;
      },
    );
  }

  /** Shows explanations in the step panel (set once the panels exist); without it, reports open as Markdown. */
  presentIn(presenter: (ref: StepRef, x: Explanation) => void): void {
    this.presenter = presenter;
  }

  /** Opens a step's explanation as a Markdown report (to copy into a ticket): the one shown, or gathered anew. */
  async openReport(ref: StepRef, shown?: Explanation): Promise<void> {
    const x = shown ?? (await this.explanationOf(ref.namespace, ref.workflow, ref.nodeId))?.explanation;
    if (!x) {
      void vscode.window.showWarningMessage(`Argo Doctor: step ${ref.nodeId} of ${ref.workflow} could not be read.`);
      return;
    }
    await this.showReport(ref, x);
  }

  private async showReport(ref: StepRef, x: Explanation): Promise<void> {
    const gone = x.disappeared ?? [];
    const total = x.disappearedTotal ?? gone.length;
    const rows = gone
      .slice(0, 30)
      .map((p) => `- ${escapeMarkdown(p.step)} (pod ${escapeMarkdown(p.pod)}): ${escapeMarkdown(p.why)}`);
    const md =
      reportMarkdown(x, { step: x.step ?? ref.nodeId, workflow: ref.workflow, namespace: ref.namespace }) +
      (x.recordedAt
        ? `\n_Part of this evidence was recorded by Argo Doctor at ${x.recordedAt}, when the step failed._\n`
        : '') +
      (gone.length
        ? `\n## Pods of this workflow that no longer exist\n\n${rows.join('\n')}${total > rows.length ? `\n- … and ${total - rows.length} more` : ''}\n`
        : '');
    const uri = vscode.Uri.from({
      scheme: REPORT_SCHEME,
      path: `/${ref.namespace}/${ref.workflow}/${ref.nodeId || 'workflow'}.md`,
    });
    this.reports.set(uri.toString(), md);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.commands
      .executeCommand('markdown.showPreview', uri)
      .then(undefined, () => vscode.window.showTextDocument(doc));
  }

  /** The pods of this workflow that no longer exist, with why: the first few (failed first) and how many in all. */
  private async disappeared(
    wf: Workflow,
  ): Promise<{ pods: { step: string; pod: string; why: string }[]; total: number }> {
    const none = { pods: [], total: 0 };
    const client = this.cluster.session?.client;
    const parsed = workflowNodes(wf);
    if (!client || parsed.kind !== 'nodes') return none;
    const ns = wf.metadata?.namespace ?? '';
    const name = wf.metadata?.name ?? '';
    const pods = await client.listWorkflowPods(ns, name);
    if (!pods.ok) return none;
    const live = new Set(pods.value.map((p) => p.metadata?.name ?? ''));
    const summary = disappearedSummary(
      wf,
      parsed.nodes,
      (n) => podNameOf(wf, n),
      live,
      (id) => this.store.get(this.cluster.info.context, ns, name, id),
    );
    return { pods: summary.pods.map((p) => ({ step: p.step, pod: p.pod, why: p.why })), total: summary.total };
  }

  async export(el?: Target, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const wf = await this.pickWorkflow(el, 'Export the failure bundle of which workflow?');
    if (!wf) return undefined;
    const nodeId = el?.kind === 'node' ? el.nodeId : failedStepOf(wf)?.id;
    if (!nodeId) return undefined;
    const bundle = await this.bundleFor(wf, nodeId);
    if (!bundle) return undefined;
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export failure bundle',
        filters: { JSON: ['json'] },
        defaultUri: vscode.Uri.file(
          path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', `${wf.metadata?.name}-failure.json`),
        ),
      }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`${JSON.stringify(scrubBundle(bundle), null, 2)}\n`));
    void vscode.window.showInformationMessage(
      `Argo Doctor: failure bundle written to ${uri.fsPath} (env values and tokens removed). Explain it anywhere with \`argo-doctor explain ${path.basename(uri.fsPath)}\`.`,
    );
    return uri;
  }
}

function hasFailedPod(wf: Workflow): boolean {
  const nodes = workflowNodes(wf);
  return nodes.kind === 'nodes' && Object.values(nodes.nodes).some((n) => n.type === 'Pod' && isFailed(n.phase));
}
