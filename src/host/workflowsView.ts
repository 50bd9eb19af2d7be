import * as vscode from 'vscode';
import { NodeTree, type TreeChild } from '../core/model/nodeTree';
import { workflowNodes, type ArgoNode } from '../core/model/nodes';
import { groupWorkflows } from '../core/model/grouping';
import { failedStepOfAny, isSummary } from '../core/model/workflowSummary';
import { waitingOf } from '../core/diagnose/waitingRow';
import { isCompleted, isFailed } from '../core/model/phase';
import { elapsed, escapeMarkdown, phaseIcon } from '../core/model/present';
import type { Workflow } from '../core/model/workflow';
import type { RunComparison } from '../core/model/runHistory';
import { templateRefOf, type TemplateRef } from '../core/model/runRecord';
import { scaleHealth, type ScaleFinding } from '../core/model/scaleHealth';
import type { ClusterManager } from './cluster/clusterManager';
import { config, onDidChangeConfig } from './config';
import { DisposableStore } from './disposable';
import { Views } from './ids';

/** An element of the workflows tree. */
export type WorkflowTreeElement =
  | { kind: 'status'; id: string; label: string; detail?: string; icon: string; command?: string }
  | { kind: 'group'; id: string; label: string; children: WorkflowTreeElement[] }
  | { kind: 'insight'; id: string; finding: ScaleFinding }
  | { kind: 'workflow'; id: string; key: string }
  | { kind: 'node'; id: string; key: string; nodeId: string; /** the failed step, listed first */ shortcut?: true }
  | { kind: 'fanout'; id: string; key: string; group: Extract<TreeChild, { kind: 'fanout' }> };

const REFRESH_MS = 250;

/** How finished runs of templates compare with their history (see RunHistories); computed in the background. */
export interface RowHistory {
  verdict(key: string): RunComparison | undefined;
  onDidChange: vscode.Event<TemplateRef>;
}

/** What runs cost with the prices set (see WorkflowCosts): a tooltip line, or nothing without prices. */
export interface RowCost {
  tooltipLine(wf: Workflow): string | undefined;
  onDidChange: vscode.Event<void>;
}

/** How long a running workflow has run, in whole minutes ("<1m", "4m", "2h 05m"). */
function runningAge(startedAt: string | undefined, now: Date): string {
  const start = startedAt ? Date.parse(startedAt) : NaN;
  if (Number.isNaN(start)) return '';
  const m = Math.floor((now.getTime() - start) / 60_000);
  if (m < 1) return '<1m';
  return m < 60 ? `${m}m` : `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
/**
 * Running rows show their age in whole minutes and are re-rendered only when that changes: VS Code closes an open
 * context menu when its tree re-renders, so per-second ticks would snatch menus from under the user.
 */
const TICK_MS = 15_000;

/**
 * The Argo Workflows sidebar: the workflows of the current context (failed first, newest first), expanding into
 * their steps as Argo structures them. Empty while not connected, so VS Code shows the welcome content.
 */
export class WorkflowsView extends DisposableStore implements vscode.TreeDataProvider<WorkflowTreeElement> {
  private readonly changed = this.add(
    new vscode.EventEmitter<WorkflowTreeElement | WorkflowTreeElement[] | undefined>(),
  );
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<WorkflowTreeElement>;
  private readonly trees = new Map<string, { rv: string; tree: NodeTree | string }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * VS Code finds the element to refresh by identity, so each workflow keeps one element object for as long as it
   * is listed, and the phase it was last sorted by (a phase change moves it, so the root must refresh).
   */
  private readonly listed = new Map<
    string,
    { element: Extract<WorkflowTreeElement, { kind: 'workflow' }>; phase: string; shown?: string }
  >();

  /**
   * Workflows seen unfinished in this session: when one of them fails, its row opens on the failed step. Those that
   * had failed before stay closed, so that a namespace of old failures neither fills the view nor reads their steps.
   */
  private readonly seenRunning = new Set<string>();
  /** What a row waits for, by workflow key, node id and resourceVersion (and minute: some waits are timed). */
  private readonly waits = new Map<string, string | undefined>();

  private waitingLine(key: string, wf: Workflow, node: ArgoNode | undefined, now: Date): string | undefined {
    const id = `${key}#${node?.id ?? ''}#${wf.metadata?.resourceVersion ?? ''}#${Math.floor(now.getTime() / 60_000)}`;
    if (this.waits.has(id)) return this.waits.get(id);
    if (this.waits.size > 2_000) this.waits.clear();
    const line = waitingOf(wf, node, now);
    this.waits.set(id, line);
    return line;
  }

  /** Rows shown: the limit setting times the times "show more" was pressed (back to one on a context switch). */
  private pages = { count: 1, context: '' };
  /**
   * Workflows whose node status the view holds (expanded rows), with the session each hold is in: a finished
   * workflow is kept whole only while its row is open.
   */
  private readonly holds = new Map<string, { session: unknown; handle: { dispose(): void } }>();

  /** The group row each listed workflow is under (when grouped), for reveal. */
  private readonly parents = new Map<string, WorkflowTreeElement>();

  constructor(
    private readonly cluster?: ClusterManager,
    private readonly history?: RowHistory,
    private readonly costs?: RowCost,
  ) {
    super();
    this.treeView = this.add(
      vscode.window.createTreeView(Views.workflows, { treeDataProvider: this, showCollapseAll: true }),
    );
    this.add(
      this.treeView.onDidCollapseElement(({ element }) => {
        if (element.kind === 'workflow') this.release(element.key);
      }),
    );
    this.add({ dispose: () => [...this.holds.keys()].forEach((k) => this.release(k)) });
    this.add(onDidChangeConfig(() => ((this.pages.count = 1), this.refresh()), 'workflows.limit'));
    if (cluster) {
      this.add(cluster.onDidChangeWorkflow((c) => this.scheduleRefresh(c)));
      this.add(cluster.onDidChangeStatus(() => this.scheduleRefresh({ key: '', type: 'status' })));
    }
    this.add({ dispose: () => this.timer && clearTimeout(this.timer) });
    this.add(onDidChangeConfig(() => this.refresh(), 'workflows.groupBy'));
    if (costs) this.add(costs.onDidChange(() => this.refresh()));
    // A template's history became known: its finished runs' rows may now say "slow".
    if (history)
      this.add(
        history.onDidChange((t) => {
          for (const [key, entry] of this.listed) {
            const ref = isCompleted(entry.phase) ? templateRefOf(this.cluster?.workflow(key)) : undefined;
            if (ref && ref.kind === t.kind && ref.name === t.name && ref.namespace === t.namespace)
              this.pendingKeys.add(key);
          }
          if (this.pendingKeys.size) this.scheduleRefresh();
        }),
      );
    // Durations of running workflows tick while the view is visible.
    const ticker = setInterval(() => this.tick(), TICK_MS);
    this.add({ dispose: () => clearInterval(ticker) });
  }

  private tick(): void {
    if (!this.treeView.visible || !this.cluster?.isConnected) return;
    const now = new Date();
    for (const [key, entry] of this.listed) {
      if (entry.phase !== 'Running' && entry.phase !== 'Pending') continue;
      const shown = runningAge(this.cluster.workflow(key)?.status?.startedAt, now);
      if (shown !== entry.shown) this.pendingKeys.add(key);
    }
    if (this.pendingKeys.size) this.scheduleRefresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Shows as many rows again as the limit setting says. */
  showMore(): void {
    this.pages.count++;
    this.refresh();
  }

  /** Keeps a workflow's node status while its row is open. */
  private holdFor(key: string): void {
    const session = this.cluster?.session;
    const held = this.holds.get(key);
    if (held?.session === session) return;
    held?.handle.dispose();
    if (session) this.holds.set(key, { session, handle: this.cluster!.holdWorkflow(key) });
  }

  private release(key: string): void {
    this.holds.get(key)?.handle.dispose();
    this.holds.delete(key);
    const wf = this.cluster?.workflow(key);
    if (!wf || isSummary(wf)) this.trees.delete(key);
  }

  /** The step tree of a workflow whose node status is here (or was, while a changed one is read again). */
  private treeFor(key: string): NodeTree | string | undefined {
    const wf = this.cluster?.workflow(key);
    if (!wf) return undefined;
    return isSummary(wf) ? this.trees.get(key)?.tree : this.treeOf(key, wf);
  }

  private pendingRoot = false;
  private readonly pendingKeys = new Set<string>();

  /**
   * Watch events arrive in bursts: coalesce them to a few refreshes per second, and refresh only the workflows
   * that changed; the root when workflows come or go, a phase changes (failed sort first) or the connection status
   * changes, since order and membership change then.
   */
  private scheduleRefresh(change?: { key: string; type: string }): void {
    if (change?.type === 'deleted') this.trees.delete(change.key);
    const wf = change?.key ? this.cluster?.workflow(change.key) : undefined;
    if (wf && !isCompleted(wf.status?.phase)) this.seenRunning.add(change!.key);
    if (change?.type === 'modified') {
      const listed = this.listed.get(change.key);
      const phase = this.cluster?.workflow(change.key)?.status?.phase ?? 'Pending';
      if (!listed || listed.phase !== phase) this.pendingRoot = true;
      else this.pendingKeys.add(change.key);
    } else if (change) this.pendingRoot = true;
    if (this.timer || (!this.pendingRoot && !this.pendingKeys.size)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pendingRoot) this.refresh();
      else {
        const elements = [...this.pendingKeys].flatMap((key) => this.listed.get(key)?.element ?? []);
        if (elements.length) this.changed.fire(elements.length === 1 ? elements[0] : elements);
      }
      this.pendingRoot = false;
      this.pendingKeys.clear();
    }, REFRESH_MS);
  }

  private workflows(): Map<string, Workflow> {
    return this.cluster?.workflowCache() ?? new Map();
  }

  private treeOf(key: string, wf: Workflow): NodeTree | string {
    const rv = wf.metadata?.resourceVersion ?? '';
    const cached = this.trees.get(key);
    if (cached && cached.rv === rv) return cached.tree;
    const nodes = workflowNodes(wf);
    const tree =
      nodes.kind === 'nodes'
        ? new NodeTree(wf.metadata?.name ?? '', nodes.nodes)
        : nodes.kind === 'none'
          ? 'No steps yet.'
          : nodes.message;
    this.trees.set(key, { rv, tree });
    return tree;
  }

  /** The parent of a workflow row (its group, when grouped); steps are never revealed, so they have none here. */
  getParent(element: WorkflowTreeElement): WorkflowTreeElement | undefined {
    return element.kind === 'workflow' ? this.parents.get(element.key) : undefined;
  }

  /** Selects and shows a workflow's row; false when it is not among the rows shown. */
  async reveal(key: string): Promise<boolean> {
    if (!this.listed.has(key)) this.rootChildren();
    const element = this.listed.get(key)?.element;
    if (!element) return false;
    await this.treeView.reveal(element, { select: true, focus: true, expand: false });
    return true;
  }

  /** The root rows and groups at once; a workflow's steps once its node status is here (read if need be). */
  getChildren(): WorkflowTreeElement[];
  getChildren(element: WorkflowTreeElement | undefined): WorkflowTreeElement[] | Promise<WorkflowTreeElement[]>;
  getChildren(element?: WorkflowTreeElement): WorkflowTreeElement[] | Promise<WorkflowTreeElement[]> {
    if (!this.cluster?.isConnected) return [];
    if (!element) return this.rootChildren();
    if (element.kind === 'status' || element.kind === 'insight') return [];
    if (element.kind === 'group') return element.children;
    return this.stepsOf(element);
  }

  private async stepsOf(
    element: Exclude<WorkflowTreeElement, { kind: 'status' | 'group' | 'insight' }>,
  ): Promise<WorkflowTreeElement[]> {
    if (!this.cluster) return [];
    if (element.kind === 'workflow') this.holdFor(element.key);
    let wf = this.cluster.workflow(element.key);
    if (!wf) return [];
    let tree = this.treeFor(element.key);
    if (tree === undefined) {
      // A finished workflow: its steps are read now, and kept while the row is open.
      wf = await this.cluster.wholeWorkflow(element.key);
      if (!wf) return [];
      tree = isSummary(wf)
        ? `Could not read the steps of ${wf.metadata?.name ?? element.key}: see the Argo Doctor log.`
        : this.treeOf(element.key, wf);
    } else if (isSummary(wf)) wf = (await this.cluster.wholeWorkflow(element.key)) ?? wf;
    if (typeof tree === 'string') return [{ kind: 'status', id: `${element.key}#msg`, label: tree, icon: 'info' }];
    const kids: WorkflowTreeElement[] = [];
    if (element.kind === 'workflow' && isFailed(wf.status?.phase) && !isSummary(wf)) {
      // The step that failed, one click away, however deep Argo nests it (step group, DAG, retry).
      const failed = failedStepOfAny(wf);
      if (failed && !tree.childrenOf(undefined).some((c) => c.kind === 'node' && c.node.id === failed.id))
        kids.push({ kind: 'node', id: `${element.key}#failed`, key: element.key, nodeId: failed.id, shortcut: true });
    }
    const children =
      element.kind === 'workflow'
        ? tree.childrenOf(undefined)
        : element.kind === 'node'
          ? tree.childrenOf(element.nodeId)
          : tree.childrenOf(element.group.parentId || undefined, element.group.page);
    for (const c of children)
      kids.push(
        c.kind === 'node'
          ? { kind: 'node', id: `${element.key}#${c.node.id}`, key: element.key, nodeId: c.node.id }
          : { kind: 'fanout', id: `${element.key}#${c.parentId}#page${c.page}`, key: element.key, group: c },
      );
    return kids;
  }

  private rootChildren(): WorkflowTreeElement[] {
    const status = this.cluster!.status;
    const info = this.cluster!.info;
    const rows: WorkflowTreeElement[] = [];
    if (status?.state === 'retrying')
      rows.push({
        kind: 'status',
        id: 'status',
        label: `Cannot reach ${info.context}: retrying…`,
        detail: status.message,
        icon: 'warning',
      });
    if (status?.state === 'forbidden')
      rows.push({
        kind: 'status',
        id: 'status',
        label: `Not allowed to list workflows in ${this.cluster!.namespaces.join(', ')}`,
        detail: status.message,
        icon: 'lock',
      });
    if (status?.state === 'connecting')
      rows.push({ kind: 'status', id: 'status', label: `Connecting to ${info.context}…`, icon: 'sync~spin' });
    if (status?.state === 'connecting' && status.loading)
      rows[rows.length - 1] = {
        kind: 'status',
        id: 'status',
        label: `Loading workflows… ${status.loading.loaded.toLocaleString('en-US')}${status.loading.total ? ` of ${status.loading.total.toLocaleString('en-US')}` : ''}`,
        detail: 'The rows below are usable already; the rest arrive page by page.',
        icon: 'sync~spin',
      };
    const all = this.workflows();
    if (all.size === 0 && status?.state === 'synced')
      rows.push({
        kind: 'status',
        id: 'status',
        label: `No workflows in ${this.cluster!.namespaces.join(', ')}`,
        detail: 'Submit one, or switch the namespace from the status bar.',
        icon: 'info',
      });
    // What strains the cluster (workflows near the size limit, completed ones kept, huge fan-outs): a group on top,
    // only when something is found. Counted from metadata; node status only of the workflows whole in memory.
    if (status?.state !== 'connecting') {
      const findings = scaleHealth(all.values(), (wf) => !isSummary(wf));
      if (findings.length)
        rows.push({
          kind: 'group',
          id: 'insights',
          label: 'Insights',
          children: findings.map((finding) => ({ kind: 'insight', id: `insight:${finding.id}`, finding })),
        });
    }
    const listed = new Map<
      string,
      { element: Extract<WorkflowTreeElement, { kind: 'workflow' }>; phase: string; shown?: string }
    >();
    // Failed first, newest first; only as many as the limit (times "show more") are rows.
    const sorted =
      groupWorkflows(
        [...all].map(([key, wf]) => ({
          key,
          namespace: wf.metadata?.namespace ?? '',
          phase: wf.status?.phase ?? 'Pending',
          created: wf.metadata?.creationTimestamp,
        })),
        'none',
      )[0]?.keys ?? [];
    if (this.pages.context !== info.context) this.pages = { count: 1, context: info.context };
    const limit = config.workflowsLimit() * this.pages.count;
    const shownKeys = sorted.slice(0, limit);
    const wfs = new Map(shownKeys.map((k) => [k, all.get(k)!]));
    // Finished workflows are listed by their metadata: read the shown rows' times, progress and message.
    this.cluster!.requestSummaries(shownKeys.filter((k) => isSummary(wfs.get(k)) && !wfs.get(k)!.status?.startedAt));
    const more: WorkflowTreeElement[] =
      sorted.length > limit
        ? [
            {
              kind: 'status',
              id: 'more',
              label: `Show ${Math.min(config.workflowsLimit(), sorted.length - limit).toLocaleString('en-US')} more`,
              detail: `${(sorted.length - limit).toLocaleString('en-US')} older workflows not shown (setting argoDoctor.workflows.limit)`,
              icon: 'unfold',
              command: 'argoDoctor.showMoreWorkflows',
            },
          ]
        : [];
    for (const [key, wf] of wfs) {
      if (!isCompleted(wf.status?.phase)) this.seenRunning.add(key);
      // VS Code keeps a row's expansion by id: a workflow that fails gets a new id, so it opens on its failed step
      // even when it was first shown running (collapsed).
      const id = isFailed(wf.status?.phase) ? `${key}#failed` : key;
      const before = this.listed.get(key)?.element;
      listed.set(key, {
        element: before?.id === id ? before : { kind: 'workflow', id, key },
        phase: wf.status?.phase ?? 'Pending',
        shown: this.listed.get(key)?.shown,
      });
    }
    this.listed.clear();
    for (const [key, v] of listed) this.listed.set(key, v);
    const by = config.groupBy();
    const groups = groupWorkflows(
      [...wfs].map(([key, wf]) => ({
        key,
        namespace: wf.metadata?.namespace ?? '',
        phase: wf.status?.phase ?? 'Pending',
        created: wf.metadata?.creationTimestamp,
      })),
      by,
    );
    const elementsOf = (keys: string[]) => keys.map((k) => listed.get(k)!.element);
    this.parents.clear();
    if (by === 'none') return [...rows, ...elementsOf(groups[0]?.keys ?? []), ...more];
    const groupRows = groups.map((g): WorkflowTreeElement => {
      const group: WorkflowTreeElement = {
        kind: 'group',
        id: `group:${by}:${g.label}`,
        label: g.label,
        children: elementsOf(g.keys),
      };
      for (const k of g.keys) this.parents.set(k, group);
      return group;
    });
    return [...rows, ...groupRows, ...more];
  }

  getTreeItem(element: WorkflowTreeElement): vscode.TreeItem {
    const now = new Date();
    switch (element.kind) {
      case 'group': {
        if (element.id === 'insights') {
          const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Expanded);
          item.id = element.id;
          item.description = `${element.children.length} found`;
          item.iconPath = new vscode.ThemeIcon('lightbulb');
          item.tooltip = 'What in these workflows strains the cluster, with the change that fixes it.';
          item.contextValue = 'insights';
          return item;
        }
        const failed = element.children.filter(
          (c) => c.kind === 'workflow' && isFailed(this.listed.get(c.key)?.phase),
        ).length;
        const item = new vscode.TreeItem(element.label || '(none)', vscode.TreeItemCollapsibleState.Expanded);
        item.id = element.id;
        item.description = `${element.children.length}${failed ? ` · ${failed} failed` : ''}`;
        const phaseGroup = element.id.startsWith('group:phase:');
        const { icon, color } = phaseGroup ? phaseIcon(element.label) : { icon: 'symbol-namespace', color: undefined };
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.contextValue = 'group';
        return item;
      }
      case 'insight': {
        const f = element.finding;
        const item = new vscode.TreeItem(f.title, vscode.TreeItemCollapsibleState.None);
        item.id = element.id;
        item.iconPath =
          f.severity === 'warning'
            ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('info');
        const md = new vscode.MarkdownString(undefined, true);
        md.appendMarkdown(`$(${f.severity === 'warning' ? 'warning' : 'info'}) `).appendText(f.title);
        md.appendMarkdown('\n\n').appendText(f.detail);
        md.appendMarkdown('\n\n$(tools) **Fix:** ').appendText(f.fix);
        item.tooltip = md;
        item.contextValue = `insight.${f.kind}`;
        return item;
      }
      case 'status': {
        const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
        item.id = element.id;
        item.iconPath = new vscode.ThemeIcon(element.icon);
        if (element.detail) item.tooltip = element.detail;
        item.description = element.detail;
        item.contextValue = 'status';
        if (element.command) item.command = { command: element.command, title: element.label };
        return item;
      }
      case 'workflow': {
        const wf = this.cluster?.workflow(element.key) ?? {};
        const phase = wf.status?.phase ?? 'Pending';
        const failed = isFailed(phase) ? failedStepOfAny(wf) : undefined;
        // A workflow that failed while watched opens on its failed step; the rest stay closed.
        const item = new vscode.TreeItem(
          wf.metadata?.name ?? element.key,
          failed && this.seenRunning.has(element.key)
            ? vscode.TreeItemCollapsibleState.Expanded
            : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = element.id;
        const { icon, color } = phaseIcon(phase);
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        const running = phase === 'Running' || phase === 'Pending';
        const time = running
          ? runningAge(wf.status?.startedAt, now)
          : elapsed(wf.status?.startedAt, wf.status?.finishedAt, now);
        const entry = this.listed.get(element.key);
        if (entry) entry.shown = time;
        const waiting = running && !isSummary(wf) ? this.waitingLine(element.key, wf, undefined, now) : undefined;
        // A finished run of a template: compared with its history once that is known (loaded in the background).
        const verdict = isCompleted(phase) ? this.history?.verdict(element.key) : undefined;
        const slow = verdict?.kind === 'slow' ? verdict : undefined;
        item.description = [
          failed ? `${phase} at ${failed.displayName ?? failed.name ?? failed.id}` : phase,
          wf.status?.progress,
          time,
          slow ? `slow: ${slow.short}` : undefined,
          waiting,
          this.cluster!.namespaces.length > 1 ? wf.metadata?.namespace : undefined,
        ]
          .filter(Boolean)
          .join(' · ');
        const md = new vscode.MarkdownString(undefined, true);
        md.appendMarkdown(`$(${icon}) **${escapeMarkdown(wf.metadata?.name ?? '')}** · ${escapeMarkdown(phase)}\n\n`);
        if (waiting) md.appendText(`Now ${waiting}.\n\n`);
        if (slow) md.appendMarkdown('$(watch) ').appendText(`${slow.text}\n\n`);
        if (wf.status?.message) md.appendText(`${wf.status.message}\n\n`);
        const cost = this.costs?.tooltipLine(wf);
        if (cost) md.appendMarkdown('$(credit-card) ').appendText(`${cost}\n\n`);
        md.appendMarkdown(
          `Namespace: ${escapeMarkdown(wf.metadata?.namespace ?? '')}  \nStarted: ${escapeMarkdown(wf.status?.startedAt ?? '—')}  \nFinished: ${escapeMarkdown(wf.status?.finishedAt ?? '—')}  \n`,
        );
        const template = wf.spec?.workflowTemplateRef?.name ?? wf.spec?.entrypoint;
        if (template) md.appendMarkdown(`Template: ${escapeMarkdown(template)}  \n`);
        const labels = Object.entries(wf.metadata?.labels ?? {}).filter(
          ([k]) => !k.startsWith('workflows.argoproj.io/'),
        );
        if (labels.length)
          md.appendMarkdown(
            `Labels: ${labels.map(([k, v]) => `\`${escapeMarkdown(`${k}=${v}`).replace(/`/g, '')}\``).join(' ')}`,
          );
        item.tooltip = md;
        item.contextValue = `workflow.${phase}`;
        return item;
      }
      case 'node': {
        const tree = this.treeFor(element.key);
        const n: ArgoNode | undefined = typeof tree === 'object' ? tree.node(element.nodeId) : undefined;
        const kids = typeof tree === 'object' ? tree.childrenOf(element.nodeId).length : 0;
        const item = new vscode.TreeItem(
          n?.displayName ?? n?.name ?? element.nodeId,
          kids && !element.shortcut ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = element.id;
        const { icon, color } = phaseIcon(n?.phase, n?.type);
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        const exit = n?.outputs?.exitCode && n.outputs.exitCode !== '0' ? `exit ${n.outputs.exitCode}` : undefined;
        const wf = this.cluster?.workflow(element.key);
        const waiting = n && wf && !isSummary(wf) ? this.waitingLine(element.key, wf, n, now) : undefined;
        item.description = [
          element.shortcut ? `failed step · ${n?.phase ?? ''}` : n?.phase,
          elapsed(n?.startedAt, n?.finishedAt ?? (n?.phase === 'Running' ? undefined : n?.startedAt), now),
          exit,
          waiting ?? n?.message,
        ]
          .filter(Boolean)
          .join(' · ');
        const md = new vscode.MarkdownString();
        md.appendMarkdown(
          `**${escapeMarkdown(n?.displayName ?? '')}** · ${escapeMarkdown(n?.type ?? '')} · ${escapeMarkdown(n?.phase ?? '')}\n\n`,
        );
        if (waiting) md.appendText(`Now ${waiting}.\n\n`);
        if (n?.message) md.appendText(`${n.message}\n\n`);
        if (n?.templateName) md.appendMarkdown(`Template: ${escapeMarkdown(n.templateName)}  \n`);
        if (n?.hostNodeName) md.appendMarkdown(`Node: ${escapeMarkdown(n.hostNodeName)}  \n`);
        item.tooltip = md;
        item.contextValue = `node.${n?.type ?? 'unknown'}.${n?.phase ?? 'unknown'}`;
        // A click on a step opens its panel; structural nodes (groups, DAGs) only expand.
        if (n && !['StepGroup', 'TaskGroup', 'DAG', 'Steps'].includes(n.type ?? ''))
          item.command = { command: 'argoDoctor.openStep', title: 'Open Step', arguments: [element] };
        return item;
      }
      case 'fanout': {
        const g = element.group;
        const parts = [
          `${g.succeeded.toLocaleString('en-US')} succeeded`,
          g.failed ? `${g.failed.toLocaleString('en-US')} failed` : '',
          g.running ? `${g.running} running` : '',
        ].filter(Boolean);
        const item = new vscode.TreeItem(
          `${g.label} (${g.total.toLocaleString('en-US')})`,
          vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = element.id;
        item.description = parts.join(', ');
        item.iconPath = new vscode.ThemeIcon(
          g.failed ? 'error' : 'layers',
          g.failed ? new vscode.ThemeColor('testing.iconFailed') : undefined,
        );
        item.tooltip = `${g.total} items from one loop (withItems/withParam), failed first${g.pages > 1 ? `; page ${g.page + 1} of ${g.pages}` : ''}.`;
        return item;
      }
    }
  }
}
