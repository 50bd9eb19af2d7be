import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { demoScenarios } from '../../demo/scenarios/catalog';
import { startDemoCluster, type DemoCluster } from '../../demo/server';
import { MapTemplateIndex } from '../../core/lint/templateIndex';
import type { Workflow } from '../../core/model/workflow';
import type { KObject } from '../../kube/kubeClient';
import { ClusterSession, type CatalogPlural, type Disposable } from '../../kube/clusterSession';
import { ContextTracker, type ContextInfo } from '../../kube/contextTracker';
import { checkAuthPlugin, kubeconfigFiles, setCurrentContext } from '../../kube/kubeconfig';
import { config, onDidChangeConfig } from '../config';
import { DisposableStore } from '../disposable';
import { NEWEST_ARGO, type ArgoVersion } from '../../core/lint/argoVersion';

const NS_KEY = (context: string) => `argoDoctor.namespace.${context}`;

/**
 * Follows the active kube-context and owns its ClusterSession (client, watches, per-session features), swapping it
 * in one step when the context or namespaces change. Two sources: the user's kubeconfig files ($KUBECONFIG or
 * ~/.kube/config), or the built-in demo cluster once started.
 */
export class ClusterManager extends DisposableStore {
  private tracker: ContextTracker;
  private current: ClusterSession | undefined;
  /** Features that attach to every session (e.g. the evidence recorder); each gets the new session on a swap. */
  private readonly sessionFeatures = new Set<(session: ClusterSession) => Disposable>();
  private demo: { cluster: DemoCluster; file: string } | undefined;
  private readonly changed = this.add(new vscode.EventEmitter<void>());
  /** Fires when the context, namespace or connection status changes (and on every workflow change). */
  readonly onDidChange = this.changed.event;
  private readonly workflowChanged = this.add(
    new vscode.EventEmitter<{ key: string; type: 'added' | 'modified' | 'deleted' }>(),
  );
  private readonly statusChanged = this.add(new vscode.EventEmitter<void>());
  /** Fires when the context, namespace or connection status changes (not per workflow). */
  readonly onDidChangeStatus = this.statusChanged.event;
  /** Fires per workflow watch event, so views can refresh one element. */
  readonly onDidChangeWorkflow = this.workflowChanged.event;
  private connected = false;
  /** WorkflowTemplates and ClusterWorkflowTemplates of the connected cluster, for the linter's templateRef checks. */
  readonly clusterTemplates = new MapTemplateIndex();
  private readonly templatesChanged = this.add(new vscode.EventEmitter<void>());
  readonly onDidChangeTemplates = this.templatesChanged.event;
  private readonly catalogChanged = this.add(new vscode.EventEmitter<void>());
  /** Fires when WorkflowTemplates, ClusterWorkflowTemplates or CronWorkflows (or their watches' status) change. */
  readonly onDidChangeCatalog = this.catalogChanged.event;
  private catalogTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly lintVersionChanged = this.add(new vscode.EventEmitter<void>());
  /** Fires when the Argo version to lint for changes (setting, or the connected cluster's version read). */
  readonly onDidChangeLintVersion = this.lintVersionChanged.event;
  private lastLintVersion = '';

  constructor(
    private readonly state: vscode.Memento,
    private readonly storageDir: string,
    private readonly logger: Logger,
  ) {
    super();
    this.tracker = this.track(kubeconfigFiles());
    this.add(onDidChangeConfig(() => this.checkLintVersion(), 'argoVersion'));
    this.add({
      dispose: () => {
        this.rebuilds++; // a rebuild still in flight must not build a session after this
        void this.teardown();
      },
    });
  }

  get info(): ContextInfo {
    return this.tracker.info;
  }

  get usingDemo(): boolean {
    return this.demo !== undefined && this.tracker.kubeconfig.files.includes(this.demo.file);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** The namespaces to show: the setting, else the one chosen for this context, else the context's own. */
  get namespaces(): string[] {
    const fromSetting = config.namespaces();
    if (fromSetting.length) return fromSetting;
    return [this.state.get<string>(NS_KEY(this.info.context)) ?? this.info.namespace];
  }

  get status() {
    return this.current?.status;
  }

  /** The session of the connected context: its client and stores. Undefined until connected. */
  get session(): ClusterSession | undefined {
    return this.current;
  }

  /**
   * Attaches a feature to every session, the current one and each one after a switch; what it returns is disposed
   * with that session.
   */
  perSession(feature: (session: ClusterSession) => Disposable): Disposable {
    this.sessionFeatures.add(feature);
    if (this.current) this.current.own(feature(this.current));
    return { dispose: () => this.sessionFeatures.delete(feature) };
  }

  /** The Argo version to lint for, and where it comes from: the setting, the connected cluster, or the newest. */
  get lintVersion(): { version: ArgoVersion; source: 'setting' | 'cluster' | 'newest' } {
    const set = config.argoVersion();
    if (set !== 'auto') return { version: set, source: 'setting' };
    const detected = this.current?.argoVersion;
    return detected ? { version: detected, source: 'cluster' } : { version: NEWEST_ARGO, source: 'newest' };
  }

  /** One workflow from the watches' caches by namespace/name, without copying them. */
  workflow(key: string): Workflow | undefined {
    return this.current?.workflow(key);
  }

  /**
   * One workflow whole (its nodes included), from the watch or read from the cluster; undefined when not connected or
   * it cannot be read (the reason is logged).
   */
  async wholeWorkflow(key: string): Promise<Workflow | undefined> {
    const session = this.current;
    if (!session) return undefined;
    const r = await session.wholeWorkflow(key);
    if (r.ok) return r.value;
    this.logger.debug(`[kube] could not read workflow ${key}: ${r.error.message}`);
    return session.workflow(key);
  }

  /** Keeps a workflow whole and current in the current session until disposed (a new session needs a new hold). */
  holdWorkflow(key: string): Disposable {
    return this.current?.holdWorkflow(key) ?? { dispose() {} };
  }

  /** Reads the row fields of the shown finished workflows (their summaries) in the background. */
  requestSummaries(keys: Iterable<string>): void {
    this.current?.requestSummaries(keys);
  }

  /** The workflows currently known from the watches, keyed by namespace/name (finished ones as summaries). */
  workflowCache(): Map<string, Workflow> {
    return this.current?.workflows() ?? new Map();
  }

  /** WorkflowTemplates, ClusterWorkflowTemplates or CronWorkflows known from the watches. */
  catalog(plural: CatalogPlural): KObject[] {
    return this.current?.catalogItems(plural) ?? [];
  }

  /** Why some of them cannot be listed (forbidden, unreachable), one line each. */
  catalogProblems(plural: CatalogPlural): string[] {
    return this.current?.catalogProblems(plural) ?? [];
  }

  get contexts(): string[] {
    return this.tracker.kubeconfig.kc.getContexts().map((c) => c.name);
  }

  /** Connects to the current context (builds its session). Returns a problem in plain words, if any. */
  async connect(): Promise<string | undefined> {
    this.connected = true;
    const problem = this.problem();
    await this.rebuild();
    return problem;
  }

  async switchContext(name: string): Promise<void> {
    if (this.usingDemo && name !== this.info.context) this.tracker = this.swapTracker(kubeconfigFiles());
    setCurrentContext(this.tracker.kubeconfig.files, name);
    this.tracker.reload();
  }

  async switchNamespace(namespace: string): Promise<void> {
    await this.state.update(NS_KEY(this.info.context), namespace);
    await this.rebuild();
  }

  /** Starts the simulated cluster in this process and switches to it. */
  async startDemo(): Promise<DemoCluster> {
    if (!this.demo) {
      const cluster = await startDemoCluster({
        scenarios: demoScenarios,
        forbiddenNamespaces: ['restricted'],
        logger: this.logger,
      });
      const file = path.join(this.storageDir, 'demo-kubeconfig');
      mkdirSync(this.storageDir, { recursive: true });
      writeFileSync(file, cluster.kubeconfig(), { mode: 0o600 });
      this.demo = { cluster, file };
      this.logger.info(`[demo] demo cluster started at ${cluster.url}`);
    }
    this.tracker = this.swapTracker([this.demo.file]);
    this.connected = true;
    await this.rebuild();
    return this.demo.cluster;
  }

  private problem(): string | undefined {
    const kc = this.tracker.kubeconfig;
    if (!this.info.context)
      return `No kube-context is set in ${kc.files.join(', ')}. Use "Argo: Switch Context", or start the demo cluster.`;
    const plugin = checkAuthPlugin(kc.kc);
    return (
      plugin?.message ??
      (kc.problems.length ? `Some kubeconfig files could not be read: ${kc.problems.join('; ')}` : undefined)
    );
  }

  private track(files: string[]): ContextTracker {
    const t = new ContextTracker(files, this.logger);
    t.onDidChange(() => {
      if (this.connected) void this.rebuild();
      else this.fireStatus();
    });
    return t;
  }

  private swapTracker(files: string[]): ContextTracker {
    this.tracker.dispose();
    const t = this.track(files);
    this.fireStatus();
    return t;
  }

  /** Counts rebuilds: only the newest may build a session (two may overlap, e.g. a namespace pick after a switch). */
  private rebuilds = 0;

  private async rebuild(): Promise<void> {
    const mine = ++this.rebuilds;
    await this.teardown();
    if (mine !== this.rebuilds) return; // a newer rebuild (or dispose) took over while the old session was closing
    if (!this.connected || !this.info.context) {
      this.fireStatus();
      return;
    }
    const session = new ClusterSession(this.tracker.kubeconfig.kc, this.info.context, this.namespaces, this.logger);
    this.current = session;
    session.onDidChange((change) => {
      switch (change.kind) {
        case 'workflow':
          this.workflowChanged.fire({ key: change.key, type: change.type });
          this.changed.fire();
          break;
        case 'status':
          this.fireStatus();
          break;
        case 'catalog':
          // Lists arrive in pages and watches in bursts: settle before re-indexing.
          if (this.catalogTimer) return;
          this.catalogTimer = setTimeout(() => {
            this.catalogTimer = undefined;
            if (this.current === session) this.indexTemplates(session);
          }, 150);
          break;
      }
    });
    for (const feature of this.sessionFeatures) session.own(feature(session));
    this.fireStatus();
    this.indexTemplates(session);
  }

  private fireStatus(): void {
    this.statusChanged.fire();
    this.changed.fire();
    this.checkLintVersion();
  }

  private checkLintVersion(): void {
    const v = this.lintVersion.version;
    if (v === this.lastLintVersion) return;
    this.lastLintVersion = v;
    this.lintVersionChanged.fire();
  }

  /** Indexes the cluster's WorkflowTemplates and ClusterWorkflowTemplates for the linter's templateRef checks. */
  private indexTemplates(session: ClusterSession): void {
    const origin = `cluster ${session.context}`;
    const found = [...session.catalogItems('workflowtemplates'), ...session.catalogItems('clusterworkflowtemplates')];
    this.clusterTemplates.removeOrigin(origin);
    for (const o of found) this.clusterTemplates.addFile(JSON.stringify(o), origin);
    // Having read them all, a templateRef to a template that is neither here nor in the workspace is an error.
    this.clusterTemplates.complete =
      session.catalogSynced('workflowtemplates') && session.catalogSynced('clusterworkflowtemplates');
    this.logger.debug(
      `[lint] ${found.length} WorkflowTemplate(s) known from ${origin}${this.clusterTemplates.complete ? '' : ' (not all listed yet)'}`,
    );
    this.templatesChanged.fire();
    this.catalogChanged.fire();
  }

  private async teardown(): Promise<void> {
    if (this.catalogTimer) clearTimeout(this.catalogTimer);
    this.catalogTimer = undefined;
    const old = this.current;
    this.current = undefined;
    if (old) {
      this.clusterTemplates.removeOrigin(`cluster ${old.context}`);
      this.clusterTemplates.complete = false;
    }
    await old?.dispose();
  }

  override dispose(): void {
    super.dispose();
    this.tracker.dispose();
    void this.demo?.cluster.close();
  }
}
