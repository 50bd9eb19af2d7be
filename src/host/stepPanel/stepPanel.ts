import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { FailureBundle } from '../../core/diagnose/bundle';
import type { Logger } from '../../core/logger';
import { workflowNodes } from '../../core/model/nodes';
import { podNameOfNode } from '../../core/model/podName';
import type { KObject } from '../../kube/kubeClient';
import { readStep } from '../../kube/stepReads';
import { SAMPLE_MS, type UsageSampler } from '../../kube/usageSampler';
import {
  isToHost,
  type Explanation,
  type LogOptions,
  type StepRef,
  type ToHost,
  type ToWebview,
} from '../../shared/protocol';
import type { ClusterManager } from '../cluster/clusterManager';
import { DisposableStore } from '../disposable';
import { stepPanelHtml } from './html';

const POLL_MS = 5000;
const LOG_BATCH_MS = 100;
/** Lines held for one batch; a pod writing faster than the panel shows loses the oldest (and is told so). */
const LOG_BATCH_MAX = 5000;

export interface StepPanelActions {
  openStep(ref: StepRef): void;
  /** Evidence recorded when the step failed, if any (used once its pod is gone). */
  recorded?(ref: StepRef): FailureBundle | undefined;
  /** Explains the step (gathers its evidence and diagnoses it). */
  explain?(ref: StepRef): Promise<Explanation | undefined>;
  /** Opens the step's explanation as a Markdown report. */
  openReport?(ref: StepRef, shown?: Explanation): void;
  /** Opens the step's workflow in the workflow panel. */
  openWorkflow?(ref: StepRef): void;
  /** Samples the metrics API while the step runs and keeps what it measured (requested vs used). */
  usage?: UsageSampler;
}

/** One step's panel: snapshots on every change of its workflow (and every few seconds while visible), and a log stream. */
export class StepPanel extends DisposableStore {
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly nodeCache = new Map<string, Record<string, unknown>>();
  private log: { abort: AbortController; container: string } | undefined;
  private reading = false;
  private rereadPending = false;
  /** The webview has said it is ready (messages posted before are lost). */
  private ready = false;
  /** The explanation shown on top, re-sent when the webview reloads. */
  private explanation: Explanation | undefined;
  readonly onDidDispose: vscode.Event<void>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly ref: StepRef,
    private readonly cluster: ClusterManager,
    extensionUri: vscode.Uri,
    private readonly logger: Logger,
    private readonly actions: StepPanelActions,
  ) {
    super();
    this.onDidDispose = panel.onDidDispose;
    this.add({ dispose: () => panel.dispose() });
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
    panel.webview.html = stepPanelHtml(panel.webview, extensionUri, panel.title);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'argo-doctor.svg');
    this.add(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.add(cluster.onDidChangeWorkflow((c) => c.key === this.key && this.schedule()));
    this.add(cluster.onDidChangeStatus(() => this.schedule()));
    const poll = setInterval(() => panel.visible && this.schedule(), POLL_MS);
    this.add({ dispose: () => clearInterval(poll) });
    // Usage is sampled while the panel is open, shown or not, so a step's peak is not missed behind another tab.
    const sample = setInterval(
      () => void this.sampleUsage().then((got) => got && panel.visible && this.schedule()),
      SAMPLE_MS,
    );
    this.add({ dispose: () => clearInterval(sample) });
    this.add({ dispose: () => this.stopLog() });
    this.add({ dispose: () => this.refreshTimer && clearTimeout(this.refreshTimer) });
    this.add(panel.onDidDispose(() => this.dispose()));
  }

  private get key(): string {
    return `${this.ref.namespace}/${this.ref.workflow}`;
  }

  private post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  private receive(m: unknown): void {
    if (!isToHost(m)) {
      this.logger.warn(`[step panel] ignored an invalid message from the webview`);
      return;
    }
    const msg: ToHost = m;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'ref', ref: this.ref });
        if (this.explanation) this.post({ type: 'explanation', explanation: this.explanation });
        void this.refresh();
        return;
      case 'openReport':
        this.actions.openReport?.(this.ref, this.explanation);
        return;
      case 'refresh':
        void this.refresh();
        return;
      case 'logOptions':
        void this.startLog(msg.options);
        return;
      case 'openLogsInEditor':
        void vscode.commands.executeCommand(
          'argoDoctor.showLogs',
          { kind: 'node', id: `${this.key}#${this.ref.nodeId}`, key: this.key, nodeId: this.ref.nodeId },
          msg.container,
          msg.find,
        );
        return;
      case 'openStep':
        this.actions.openStep({ ...this.ref, nodeId: msg.nodeId });
        return;
      case 'openWorkflow':
        this.actions.openWorkflow?.(this.ref);
        return;
      case 'retry':
        void vscode.commands.executeCommand(Commands.retryWorkflow, { key: this.key });
        return;
      case 'explain':
        // The explanation shows at the top of the panel, its evidence linked to the sections below.
        if (this.actions.explain)
          void vscode.window.withProgress({ location: { viewId: 'argoDoctor.workflows' }, title: 'Explaining…' }, () =>
            this.actions.explain!(this.ref).then((e) =>
              e
                ? this.showExplanation(e)
                : this.post({
                    type: 'error',
                    message: 'This step could not be explained: its workflow or evidence is not available.',
                  }),
            ),
          );
        else
          void vscode.commands.executeCommand('argoDoctor.explainFailure', {
            kind: 'node',
            id: `${this.key}#${this.ref.nodeId}`,
            key: this.key,
            nodeId: this.ref.nodeId,
          });
        return;
    }
  }

  /** The explanation shown on top, if any (for tests). */
  get shownExplanation(): Explanation | undefined {
    return this.explanation;
  }

  /** Shows an explanation on top of the panel (now, or as soon as the webview is ready). */
  showExplanation(x: Explanation): void {
    this.explanation = x;
    if (this.ready) this.post({ type: 'explanation', explanation: x });
  }

  private schedule(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, 300);
  }

  /** Why the step cannot be shown live right now, if so. */
  private problem(): string | undefined {
    if (this.cluster.info.context !== this.ref.context)
      return `This step is in context "${this.ref.context}"; the current context is "${this.cluster.info.context || 'none'}". Switch back to see it live.`;
    if (!this.cluster.isConnected || !this.cluster.session)
      return 'Not connected to the cluster: connect (or start the demo cluster) to see this step.';
    if (!this.cluster.workflow(this.key))
      return `Workflow ${this.ref.workflow} is not in namespace ${this.ref.namespace} of the shown namespaces (deleted, or another namespace is selected).`;
    return undefined;
  }

  async refresh(): Promise<void> {
    if (this.reading) {
      this.rereadPending = true;
      return;
    }
    const problem = this.problem();
    if (problem) {
      this.stopLog();
      this.post({ type: 'error', message: problem });
      return;
    }
    this.reading = true;
    try {
      const session = this.cluster.session;
      if (!session) return;
      this.holdWorkflow(session);
      const wf = await this.cluster.wholeWorkflow(this.key);
      if (!wf) return;
      await this.sampleUsage(wf);
      const sampler = this.actions.usage;
      const snapshot = await readStep(
        session.client,
        wf,
        this.ref.nodeId,
        this.nodeCache,
        new Date(),
        this.actions.recorded?.(this.ref),
        sampler && { samples: sampler.samples(this.ref), metrics: sampler.metrics(this.ref.context) },
      );
      if (this.isDisposed) return;
      if (snapshot) {
        this.panel.title = `${snapshot.step.displayName} · ${this.ref.workflow}`;
        this.post({ type: 'snapshot', snapshot });
      } else
        this.post({
          type: 'error',
          message: `Step ${this.ref.nodeId} is not in workflow ${this.ref.workflow} (its status may be offloaded or not written yet).`,
        });
    } catch (e) {
      this.logger.error(`[step panel] refresh failed: ${e instanceof Error ? e.message : String(e)}`);
      this.post({ type: 'error', message: `Could not read the step: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      this.reading = false;
      if (this.rereadPending) {
        this.rereadPending = false;
        this.schedule();
      }
    }
  }

  /** Reads the step's usage from the metrics API when it runs and was not sampled lately; true when a sample came. */
  private async sampleUsage(wf?: KObject): Promise<boolean> {
    const sampler = this.actions.usage;
    const session = this.cluster.session;
    if (!sampler || !session || this.isDisposed || this.problem()) return false;
    try {
      const w = wf ?? (await this.cluster.wholeWorkflow(this.key));
      const nodes = w ? workflowNodes(w) : undefined;
      const node = nodes?.kind === 'nodes' ? nodes.nodes[this.ref.nodeId] : undefined;
      if (!w || !node || node.type !== 'Pod' || node.phase !== 'Running') return false;
      return await sampler.sampleIfDue(session.client, this.ref, podNameOfNode(w, node));
    } catch (e) {
      this.logger.warn(`[step panel] usage sample failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  /** The panel keeps its workflow's node status current in the session (a finished one is otherwise dropped). */
  private held: { session: unknown; handle: { dispose(): void } } | undefined;

  private holdWorkflow(session: unknown): void {
    if (this.held?.session === session) return;
    this.held?.handle.dispose();
    this.held = { session, handle: this.cluster.holdWorkflow(this.key) };
    if (!this.heldDisposer) this.heldDisposer = this.add({ dispose: () => this.held?.handle.dispose() });
  }

  private heldDisposer: { dispose(): void } | undefined;

  private stopLog(): void {
    this.log?.abort.abort();
    this.log = undefined;
  }

  /** The latest log request: a request that finds its workflow after a newer one was made gives way. */
  private logSeq = 0;

  private async startLog(o: LogOptions): Promise<void> {
    this.stopLog();
    const seq = ++this.logSeq;
    const wf = await this.cluster.wholeWorkflow(this.key);
    if (this.isDisposed || seq !== this.logSeq) return;
    this.stopLog();
    const client = this.cluster.session?.client;
    const nodes = wf ? workflowNodes(wf) : undefined;
    const node = nodes?.kind === 'nodes' ? nodes.nodes[this.ref.nodeId] : undefined;
    if (!client || !wf || !node || node.type !== 'Pod' || this.problem()) {
      this.post({
        type: 'logState',
        container: o.container,
        state: 'failed',
        message:
          node && node.type !== 'Pod'
            ? 'This node runs no pod: open one of its steps for logs.'
            : (this.problem() ?? 'The step is not known.'),
      });
      return;
    }
    const pod = podNameOfNode(wf, node);
    const abort = new AbortController();
    this.log = { abort, container: o.container };
    let batch: string[] = [];
    let dropped = 0;
    let reset = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      if (abort.signal.aborted) return;
      const lines = dropped
        ? [`… ${dropped} line(s) skipped: the pod writes faster than the panel shows`, ...batch]
        : batch;
      this.post({ type: 'logs', container: o.container, lines, reset });
      batch = [];
      dropped = 0;
      reset = false;
    };
    this.post({ type: 'logs', container: o.container, lines: [], reset: true });
    this.post({ type: 'logState', container: o.container, state: o.follow ? 'following' : 'idle' });
    reset = false;
    void client
      .readPodLog({
        namespace: this.ref.namespace,
        pod,
        container: o.container,
        follow: o.follow,
        previous: o.previous,
        tailLines: o.tailLines,
        signal: abort.signal,
        onLines: (lines) => {
          batch.push(...lines);
          if (batch.length > LOG_BATCH_MAX) {
            dropped += batch.length - LOG_BATCH_MAX;
            batch = batch.slice(-LOG_BATCH_MAX);
          }
          timer ??= setTimeout(flush, LOG_BATCH_MS);
        },
      })
      .then((r) => {
        if (abort.signal.aborted) return;
        if (timer) clearTimeout(timer);
        flush();
        if (r.ok) this.post({ type: 'logState', container: o.container, state: 'ended' });
        else
          this.post({
            type: 'logState',
            container: o.container,
            state: 'failed',
            message:
              r.error.kind === 'notFound'
                ? `Pod ${pod} no longer exists, so its logs are gone from the cluster. They can still come from Argo's archived logs (archiveLogs: true, in the artifact repository) or from the evidence Argo Doctor captured while the pod existed.`
                : r.error.kind === 'invalid' || /previous terminated container/.test(r.error.message)
                  ? `No ${o.previous ? 'previous instance of ' : ''}${o.container} log to show: ${r.error.message}`
                  : `Cannot read the log: ${r.error.message}`,
          });
      });
  }
}
