import * as vscode from 'vscode';
import { cronSummary, templateDescription, type CatalogObject } from '../core/model/catalog';
import { escapeMarkdown } from '../core/model/present';
import type { CatalogPlural } from '../kube/clusterSession';
import type { ClusterManager } from './cluster/clusterManager';
import { DisposableStore } from './disposable';
import { Views } from './ids';

/** An element of the "Templates & Schedules" view. */
export type CatalogTreeElement =
  | { kind: 'section'; plural: CatalogPlural }
  | { kind: 'problem'; plural: CatalogPlural; message: string }
  | { kind: 'catalog'; plural: CatalogPlural; namespace: string; name: string };

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

  constructor(private readonly cluster: ClusterManager) {
    super();
    this.treeView = this.add(
      vscode.window.createTreeView(Views.templates, { treeDataProvider: this, showCollapseAll: true }),
    );
    this.add(cluster.onDidChangeCatalog(() => this.changed.fire(undefined)));
    this.add(cluster.onDidChangeStatus(() => this.changed.fire(undefined)));
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

  getTreeItem(element: CatalogTreeElement): vscode.TreeItem {
    switch (element.kind) {
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
        const item = new vscode.TreeItem(element.name, vscode.TreeItemCollapsibleState.None);
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
        item.tooltip = md;
        item.command = { command: 'argoDoctor.showManifest', title: 'Show Live Manifest', arguments: [element] };
        return item;
      }
    }
  }
}
