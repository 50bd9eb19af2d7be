import * as vscode from 'vscode';
import { DisposableStore } from './disposable';
import { Views } from './ids';

/** An element of the workflows tree. Filled in by the live tree; empty means the welcome view shows. */
export interface WorkflowTreeElement {
  readonly id: string;
  readonly label: string;
}

/**
 * The Argo Workflows sidebar tree. While it has no elements VS Code shows the welcome content declared in
 * package.json (`viewsWelcome`), which offers to connect or to start the demo cluster.
 */
export class WorkflowsView extends DisposableStore implements vscode.TreeDataProvider<WorkflowTreeElement> {
  private readonly changed = this.add(new vscode.EventEmitter<WorkflowTreeElement | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<WorkflowTreeElement>;

  constructor() {
    super();
    this.treeView = this.add(
      vscode.window.createTreeView(Views.workflows, { treeDataProvider: this, showCollapseAll: true }),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(element: WorkflowTreeElement): vscode.TreeItem {
    const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
    item.id = element.id;
    return item;
  }

  getChildren(): WorkflowTreeElement[] {
    return [];
  }
}
