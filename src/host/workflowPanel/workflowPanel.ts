import * as vscode from 'vscode';
import type { FailureBundle } from '../../core/diagnose/bundle';
import { disappearedPods } from '../../core/diagnose/disappeared';
import { workflowInsights, type InsightSource } from '../../core/diagnose/workflowInsights';
import type { Logger } from '../../core/logger';
import { workflowNodes } from '../../core/model/nodes';
import { isFailed } from '../../core/model/phase';
import { podNameOfNode } from '../../core/model/podName';
import type { Workflow } from '../../core/model/workflow';
import { isSummary } from '../../core/model/workflowSummary';
import { workflowTimeline } from '../../core/model/workflowTimeline';
import { readNodeZones } from '../../kube/nodeZones';
import type { StepRef } from '../../shared/protocol';
import { isToWorkflowHost, type ToWorkflowWebview, type WorkflowRef } from '../../shared/workflowProtocol';
import type { ClusterManager } from '../cluster/clusterManager';
import { DisposableStore } from '../disposable';
import { webviewHtml } from '../webviewHtml';

/** The layout is sent at most this often while the workflow changes. */
const COALESCE_MS = 500;
/** Pods are listed again (to see which are gone) at most this often, and this often while the panel is visible. */
const PODS_EVERY_MS = 5000;
/** Nodes whose zone a panel reads, at most. */
const MAX_ZONE_NODES = 200;

export interface WorkflowPanelActions {
  openStep(ref: StepRef): void;
  /** Evidence recorded when a step failed (it says why its pod is gone). */
  recorded?(ref: StepRef): FailureBundle | undefined;
  /** The insight sources, asked on every update (others may be added while the panel is open). */
  insightSources(): readonly InsightSource[];
}

/**
 * One workflow's panel: its timeline and insights, laid out again (coalesced) whenever the workflow changes. It holds
 * the workflow whole while open, lists its pods now and then to see which are gone, and reads its nodes' zones once.
 */
export class WorkflowPanel extends DisposableStore {
  readonly onDidDispose: vscode.Event<void>;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = 0;
  private reading = false;
  private again = false;
  /** What is known of the current session: its hold, its nodes' zones, its live pods. */
  private sess:
    | {
        session: object;
        hold: { dispose(): void };
        zones: Map<string, string>;
        spot: Set<string>;
        asked: Set<string>;
        zonesForbidden: boolean;
        live?: Set<string>;
        podsAt: number;
        podsReading: boolean;
      }
    | undefined;
  private readonly recordedCache = new Map<string, FailureBundle | undefined>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly ref: WorkflowRef,
    private readonly cluster: ClusterManager,
    extensionUri: vscode.Uri,
    private readonly logger: Logger,
    private readonly actions: WorkflowPanelActions,
  ) {
    super();
    this.onDidDispose = panel.onDidDispose;
    this.add({ dispose: () => panel.dispose() });
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
    panel.webview.html = webviewHtml(panel.webview, extensionUri, panel.title, 'workflowPanel');
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'argo-doctor.svg');
    this.add(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.add(cluster.onDidChangeWorkflow((c) => c.key === this.key && this.schedule()));
    this.add(cluster.onDidChangeStatus(() => this.schedule()));
    this.add(panel.onDidChangeViewState(() => panel.visible && this.schedule()));
    const poll = setInterval(() => panel.visible && this.readPods(), PODS_EVERY_MS);
    this.add({ dispose: () => clearInterval(poll) });
    this.add({ dispose: () => this.timer && clearTimeout(this.timer) });
    this.add({ dispose: () => this.sess?.hold.dispose() });
    this.add(panel.onDidDispose(() => this.dispose()));
  }

  get key(): string {
    return `${this.ref.namespace}/${this.ref.workflow}`;
  }

  private post(m: ToWorkflowWebview): void {
    if (this.ready && !this.isDisposed) void this.panel.webview.postMessage(m);
  }

  private receive(m: unknown): void {
    if (!isToWorkflowHost(m)) {
      this.logger.warn('[workflow panel] ignored an invalid message from the webview');
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'ref', ref: this.ref });
        void this.refresh();
        return;
      case 'refresh':
        if (this.sess) this.sess.podsAt = 0;
        void this.refresh();
        return;
      case 'openStep':
        this.actions.openStep({ ...this.ref, nodeId: m.nodeId });
        return;
    }
  }

  /** Lays out again soon: at most once per COALESCE_MS however often the workflow changes. */
  schedule(): void {
    if (this.timer || this.isDisposed) return;
    const wait = Math.max(0, this.lastSent + COALESCE_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, wait);
  }

  /** Why the workflow cannot be shown live right now, if so. */
  private problem(): string | undefined {
    if (this.cluster.info.context !== this.ref.context)
      return `This workflow is in context "${this.ref.context}"; the current context is "${this.cluster.info.context || 'none'}". Switch back to see it live.`;
    if (!this.cluster.isConnected || !this.cluster.session)
      return 'Not connected to the cluster: connect (or start the demo cluster) to see this workflow.';
    if (!this.cluster.workflow(this.key))
      return `Workflow ${this.ref.workflow} is not in namespace ${this.ref.namespace} of the shown namespaces (deleted, or another namespace is selected).`;
    return undefined;
  }

  /** Reads the workflow (whole), lays it out and sends it. */
  async refresh(): Promise<void> {
    if (!this.ready || this.isDisposed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    const problem = this.problem();
    if (problem) {
      this.post({ type: 'error', message: problem });
      return;
    }
    this.reading = true;
    try {
      const s = this.session();
      if (!s) return;
      let wf: Workflow | undefined = this.cluster.workflow(this.key);
      if (!wf || isSummary(wf)) {
        this.post({ type: 'loading', message: `Reading ${this.ref.workflow}…` });
        wf = await this.cluster.wholeWorkflow(this.key);
      }
      if (this.isDisposed) return;
      if (!wf || isSummary(wf)) {
        this.post({ type: 'error', message: `Could not read workflow ${this.ref.workflow} whole: see the log.` });
        return;
      }
      this.send(wf);
      this.readZones(wf);
      if (Date.now() - s.podsAt > PODS_EVERY_MS) this.readPods();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.logger.error(`[workflow panel] refresh failed: ${message}`);
      this.post({ type: 'error', message: `Could not lay out the workflow: ${message}` });
    } finally {
      this.reading = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }

  private send(wf: Workflow): void {
    const now = new Date();
    const timeline = workflowTimeline(wf, now, { zones: this.sess?.zones, gone: this.gone(wf) });
    const insights = workflowInsights(
      { workflow: wf, timeline, now, spotNodes: this.sess?.spot },
      this.actions.insightSources(),
    );
    this.panel.title = `${this.ref.workflow} · timeline`;
    this.lastSent = Date.now();
    this.post({ type: 'timeline', timeline, insights });
  }

  /** The current session's state, started anew (hold, zones, pods) when the session changed. */
  private session() {
    const session = this.cluster.session;
    if (!session) return undefined;
    if (this.sess?.session !== session) {
      this.sess?.hold.dispose();
      this.sess = {
        session,
        hold: this.cluster.holdWorkflow(this.key),
        zones: new Map(),
        spot: new Set(),
        asked: new Set(),
        zonesForbidden: false,
        podsAt: 0,
        podsReading: false,
      };
    }
    return this.sess;
  }

  /** Pod steps whose pod is not among the live ones (once pods were listed), with why. */
  private gone(wf: Workflow): Map<string, { pod: string; why: string }> | undefined {
    const live = this.sess?.live;
    const parsed = workflowNodes(wf);
    if (!live || parsed.kind !== 'nodes') return undefined;
    const out = new Map<string, { pod: string; why: string }>();
    const recorded = (nodeId: string) => {
      // Evidence exists for failed steps only, and reading it is a file read: failed ones, once each.
      if (!isFailed(parsed.nodes[nodeId]?.phase)) return undefined;
      if (!this.recordedCache.has(nodeId))
        this.recordedCache.set(nodeId, this.actions.recorded?.({ ...this.ref, nodeId }));
      return this.recordedCache.get(nodeId);
    };
    for (const d of disappearedPods(wf, parsed.nodes, (n) => podNameOfNode(wf, n), live, recorded))
      // A pod not created yet is not gone.
      if (parsed.nodes[d.nodeId]?.phase !== 'Pending') out.set(d.nodeId, { pod: d.pod, why: d.why });
    return out;
  }

  /** Lists the workflow's pods; lays out again when the set of live pods changed. */
  private readPods(): void {
    const s = this.sess;
    const client = this.cluster.session?.client;
    if (!s || s.podsReading || !client || this.cluster.session !== s.session) return;
    s.podsReading = true;
    void client.listWorkflowPods(this.ref.namespace, this.ref.workflow).then((r) => {
      s.podsReading = false;
      s.podsAt = Date.now();
      if (!r.ok) {
        this.logger.debug(`[workflow panel] cannot list the pods of ${this.key}: ${r.error.message}`);
        return;
      }
      const live = new Set(r.value.map((p) => p.metadata?.name ?? ''));
      const before = s.live;
      s.live = live;
      if (!before || before.size !== live.size || [...live].some((p) => !before.has(p))) this.schedule();
    });
  }

  /** Reads the zones of the nodes the workflow ran on that were not asked yet; lays out again when some arrive. */
  private readZones(wf: Workflow): void {
    const s = this.sess;
    const client = this.cluster.session?.client;
    const parsed = workflowNodes(wf);
    if (!s || !client || s.zonesForbidden || parsed.kind !== 'nodes') return;
    const names: string[] = [];
    for (const id in parsed.nodes) {
      const host = parsed.nodes[id]?.hostNodeName;
      if (typeof host !== 'string' || !host || s.asked.has(host) || s.asked.size >= MAX_ZONE_NODES) continue;
      s.asked.add(host);
      names.push(host);
    }
    if (!names.length) return;
    void readNodeZones(client, names).then((r) => {
      if (r.forbidden) s.zonesForbidden = true;
      for (const [n, z] of r.zones) s.zones.set(n, z);
      for (const n of r.spot) s.spot.add(n);
      if (r.zones.size || r.spot.size) this.schedule();
    });
  }
}
