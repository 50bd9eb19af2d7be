import * as vscode from 'vscode';
import { cronSummary, templateDescription, type CatalogObject } from '../core/model/catalog';
import { formatMoney, type CostPrices } from '../core/model/cost';
import { escapeMarkdown, phaseIcon } from '../core/model/present';
import { compareRunCost, type RunCostComparison } from '../core/model/runCost';
import { compareRun, shortDuration, type RunComparison } from '../core/model/runHistory';
import type { RunRecord, TemplateRef } from '../core/model/runRecord';
import type { CatalogPlural } from '../kube/clusterSession';
import type { ClusterManager } from './cluster/clusterManager';
import { DisposableStore } from './disposable';
import { Views } from './ids';

/** An element of the "Templates & Schedules" view. */
export type CatalogTreeElement =
  | { kind: 'section'; plural: CatalogPlural }
  | { kind: 'problem'; plural: CatalogPlural; message: string }
  | { kind: 'catalog'; plural: CatalogPlural; namespace: string; name: string }
  /** The line over a template's recent runs: median, last, slow. */
  | { kind: 'runs'; parent: CatalogElement }
  /** One recent run; `key` (namespace/name) makes it a workflow target for commands (revealWorkflow). */
  | { kind: 'run'; parent: CatalogElement; key: string; uid: string };

type CatalogElement = Extract<CatalogTreeElement, { kind: 'catalog' }>;

/** Recent runs listed under a template. */
const RUNS_SHOWN = 10;

/** What the view needs of the run histories (RunHistories): known now, or loaded in the background. */
export interface TemplateHistory {
  history(t: TemplateRef): RunRecord[] | undefined;
  /** Known already, without loading it. */
  known(t: TemplateRef): RunRecord[] | undefined;
  onDidChange: vscode.Event<TemplateRef>;
}

/** What the view needs of run costs (WorkflowCosts): the prices set in argoDoctor.cost.*, if any. */
export interface TemplateCosts {
  pricesIfSet(): CostPrices | undefined;
  onDidChange: vscode.Event<void>;
}

function templateRefOfElement(el: CatalogElement): TemplateRef {
  return el.plural === 'cronworkflows'
    ? { kind: 'CronWorkflow', namespace: el.namespace, name: el.name }
    : el.plural === 'workflowtemplates'
      ? { kind: 'WorkflowTemplate', namespace: el.namespace, name: el.name }
      : { kind: 'ClusterWorkflowTemplate', namespace: '', name: el.name };
}

/** "Succeeded · 1h 46m · slow: 2.6x usual", and with prices "· $3.10 · cost: 3.3x usual" */
function runDescription(r: RunRecord, c: RunComparison, cost: RunCostComparison | undefined): string {
  return [
    r.phase,
    r.totalMs !== undefined ? shortDuration(r.totalMs) : '',
    c.kind === 'slow' ? `slow: ${c.short}` : '',
    cost?.cost !== undefined ? formatMoney(cost.cost, cost.currency) : '',
    cost?.costly ? `cost: ${cost.short}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "last run $3.10 · median $0.95 (costly)"; '' when neither is known. */
function costLine(c: RunCostComparison | undefined): string {
  if (!c) return '';
  const m = (n: number) => formatMoney(n, c.currency);
  return [
    c.cost !== undefined ? `last run ${m(c.cost)}` : '',
    c.medianCost !== undefined ? `median ${m(c.medianCost)}` : '',
  ]
    .filter(Boolean)
    .join(' · ')
    .concat(c.costly ? ' (costly)' : '');
}

const SECTIONS: { plural: CatalogPlural; label: string; icon: string }[] = [
  { plural: 'workflowtemplates', label: 'Workflow Templates', icon: 'symbol-class' },
  { plural: 'clusterworkflowtemplates', label: 'Cluster Workflow Templates', icon: 'globe' },
  { plural: 'cronworkflows', label: 'Cron Workflows', icon: 'watch' },
];

const nameOf = (o: CatalogObject) => o.metadata?.name ?? '';

/**
 * WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows of the current context, live from their watches,
 * with submit / run now / suspend / resume on their items.
 */
export class TemplatesView extends DisposableStore implements vscode.TreeDataProvider<CatalogTreeElement> {
  private readonly changed = this.add(new vscode.EventEmitter<CatalogTreeElement | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<CatalogTreeElement>;
  private readonly sections = new Map(
    SECTIONS.map((s) => [s.plural, { kind: 'section', plural: s.plural } as CatalogTreeElement]),
  );

  constructor(
    private readonly cluster: ClusterManager,
    private readonly runs?: TemplateHistory,
    private readonly costs?: TemplateCosts,
  ) {
    super();
    this.treeView = this.add(
      vscode.window.createTreeView(Views.templates, { treeDataProvider: this, showCollapseAll: true }),
    );
    this.add(cluster.onDidChangeCatalog(() => this.changed.fire(undefined)));
    this.add(cluster.onDidChangeStatus(() => this.changed.fire(undefined)));
    // A history loaded (or a run recorded): the runs under that template are redrawn.
    if (runs) this.add(runs.onDidChange(() => this.changed.fire(undefined)));
    // Prices set or changed: costs shown, hidden or priced again.
    if (costs) this.add(costs.onDidChange(() => this.changed.fire(undefined)));
    // "next in …" of cron workflows moves on.
    const ticker = setInterval(
      () => this.treeView.visible && this.changed.fire(this.sections.get('cronworkflows')),
      30_000,
    );
    this.add({ dispose: () => clearInterval(ticker) });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The object an element stands for, from the watches' caches. */
  object(el: CatalogTreeElement): CatalogObject | undefined {
    if (el.kind !== 'catalog') return undefined;
    return this.cluster
      .catalog(el.plural)
      .find((o) => nameOf(o) === el.name && (o.metadata?.namespace ?? '') === el.namespace) as
      CatalogObject | undefined;
  }

  getChildren(element?: CatalogTreeElement): CatalogTreeElement[] {
    if (!this.cluster.isConnected) return [];
    if (!element) return SECTIONS.map((s) => this.sections.get(s.plural)!);
    if (element.kind === 'catalog') return this.runsOf(element);
    if (element.kind !== 'section') return [];
    const problems = this.cluster
      .catalogProblems(element.plural)
      .map((message): CatalogTreeElement => ({ kind: 'problem', plural: element.plural, message }));
    const items = [...this.cluster.catalog(element.plural)]
      .sort(
        (a, b) =>
          (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') ||
          nameOf(a).localeCompare(nameOf(b)),
      )
      .map((o): CatalogTreeElement => ({
        kind: 'catalog',
        plural: element.plural,
        namespace: o.metadata?.namespace ?? '',
        name: nameOf(o),
      }));
    return [...problems, ...items];
  }

  /** A template's recent runs: a line over them, then each (newest first); asked only when it is expanded. */
  private runsOf(el: CatalogElement): CatalogTreeElement[] {
    const known = this.runs?.history(templateRefOfElement(el));
    const runs = (known ?? []).slice(0, RUNS_SHOWN);
    return [
      { kind: 'runs', parent: el },
      ...runs.map((r): CatalogTreeElement => ({
        kind: 'run',
        parent: el,
        key: `${r.namespace}/${r.name}`,
        uid: r.uid,
      })),
    ];
  }

  private runItem(element: Extract<CatalogTreeElement, { kind: 'runs' | 'run' }>): vscode.TreeItem {
    const id = `${element.parent.plural}/${element.parent.namespace}/${element.parent.name}`;
    const all = this.runs?.history(templateRefOfElement(element.parent));
    if (element.kind === 'runs') {
      const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
      item.id = `${id}#runs`;
      item.contextValue = 'runs';
      if (!all) {
        item.label = 'Loading recent runs…';
        item.iconPath = new vscode.ThemeIcon('sync~spin');
        return item;
      }
      const latest = all[0];
      if (!latest) {
        item.label = 'No finished runs known';
        item.tooltip = 'Runs appear here as they finish, and from those the cluster still lists.';
        item.iconPath = new vscode.ThemeIcon('history');
        return item;
      }
      const c = compareRun(latest, all);
      const cost = compareRunCost(latest, all, this.costs?.pricesIfSet());
      const last = latest.totalMs !== undefined ? `last ${shortDuration(latest.totalMs)}` : `last ${latest.phase}`;
      item.label =
        c.kind === 'usual' || c.kind === 'slow'
          ? `Last ${c.runs} runs: median ${shortDuration(c.medianMs)} · ${last}${c.kind === 'slow' ? ' (slow)' : ''}`
          : `${all.length} run${all.length === 1 ? '' : 's'} known · ${last}`;
      const costs = costLine(cost);
      if (costs) item.description = costs;
      item.tooltip = cost ? `${c.text}\n\n${cost.text}` : c.text;
      item.iconPath = new vscode.ThemeIcon(
        c.kind === 'slow' ? 'watch' : 'history',
        c.kind === 'slow' || cost?.costly ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
      );
      return item;
    }
    const r = all?.find((x) => (element.uid ? x.uid === element.uid : `${x.namespace}/${x.name}` === element.key));
    const item = new vscode.TreeItem(element.key.slice(element.key.indexOf('/') + 1));
    item.id = `${id}#run:${element.uid || element.key}`;
    item.contextValue = 'run';
    if (!r || !all) return item;
    const c = compareRun(r, all);
    const cost = compareRunCost(r, all, this.costs?.pricesIfSet());
    item.description = runDescription(r, c, cost);
    const { icon, color } = phaseIcon(r.phase);
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMarkdown(r.name)}** · ${escapeMarkdown(r.phase)}\n\n`);
    md.appendText(`${c.text}\n\n`);
    if (cost) md.appendText(`${cost.text}\n\n`);
    md.appendMarkdown(
      `Started: ${escapeMarkdown(r.started ?? '—')}  \nFinished: ${escapeMarkdown(r.finished ?? '—')}  \n`,
    );
    item.tooltip = md;
    item.command = {
      command: 'argoDoctor.revealWorkflow',
      title: 'Reveal Workflow',
      arguments: [{ kind: 'workflow', id: element.key, key: element.key }],
    };
    return item;
  }

  getTreeItem(element: CatalogTreeElement): vscode.TreeItem {
    switch (element.kind) {
      case 'runs':
      case 'run':
        return this.runItem(element);
      case 'section': {
        const s = SECTIONS.find((x) => x.plural === element.plural)!;
        const item = new vscode.TreeItem(s.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `section:${element.plural}`;
        item.description = String(this.cluster.catalog(element.plural).length);
        item.iconPath = new vscode.ThemeIcon(s.icon);
        item.contextValue = 'section';
        return item;
      }
      case 'problem': {
        const item = new vscode.TreeItem(
          /forbidden|not allowed/i.test(element.message) ? 'Not allowed to list these' : 'Cannot list these right now',
          vscode.TreeItemCollapsibleState.None,
        );
        item.description = element.message;
        item.tooltip = element.message;
        item.iconPath = new vscode.ThemeIcon(/forbidden|not allowed/i.test(element.message) ? 'lock' : 'warning');
        item.contextValue = 'problem';
        return item;
      }
      case 'catalog': {
        const o = this.object(element) ?? {};
        // Collapsed: its recent runs are read only when it is expanded.
        const item = new vscode.TreeItem(
          element.name,
          this.runs ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `${element.plural}/${element.namespace}/${element.name}`;
        const md = new vscode.MarkdownString();
        md.appendMarkdown(
          `**${escapeMarkdown(element.name)}** · ${escapeMarkdown(o.kind ?? '')}${element.namespace ? ` · ${escapeMarkdown(element.namespace)}` : ''}\n\n`,
        );
        const multiNs = this.cluster.namespaces.length > 1 && element.namespace;
        if (element.plural === 'cronworkflows') {
          const c = cronSummary(o, new Date());
          item.description = [c.description, multiNs ? element.namespace : ''].filter(Boolean).join(' · ');
          item.iconPath = new vscode.ThemeIcon(
            c.suspended ? 'debug-pause' : c.problem ? 'warning' : 'watch',
            c.problem ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
          );
          item.contextValue = c.suspended ? 'cron.suspended' : 'cron.active';
          md.appendMarkdown(
            `Schedule: \`${escapeMarkdown(c.schedules.join(', ')).replace(/`/g, '')}\`${c.timezone ? ` (${escapeMarkdown(c.timezone)})` : ''}  \n`,
          );
          if (c.next && !c.suspended) md.appendMarkdown(`Next run: ${escapeMarkdown(c.next.toISOString())}  \n`);
          if (c.lastScheduled) md.appendMarkdown(`Last scheduled: ${escapeMarkdown(c.lastScheduled)}  \n`);
          if (c.problem) md.appendText(`\n${c.problem}\n`);
        } else {
          item.description = [templateDescription(o), multiNs ? element.namespace : ''].filter(Boolean).join(' · ');
          item.iconPath = new vscode.ThemeIcon(
            element.plural === 'clusterworkflowtemplates' ? 'globe' : 'symbol-class',
          );
          item.contextValue = 'template';
          md.appendMarkdown(escapeMarkdown(templateDescription(o)));
        }
        // The cost of its runs, once their history was read (expanding it reads it; a collapsed one starts no read).
        const known = this.runs?.known(templateRefOfElement(element));
        const costs = known?.[0] && costLine(compareRunCost(known[0], known, this.costs?.pricesIfSet()));
        if (costs) md.appendMarkdown(`\n\nCost: ${escapeMarkdown(costs)}`);
        item.tooltip = md;
        item.command = { command: 'argoDoctor.showManifest', title: 'Show Live Manifest', arguments: [element] };
        return item;
      }
    }
  }
}
