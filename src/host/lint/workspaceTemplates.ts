import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { MapTemplateIndex } from '../../core/lint/templateIndex';
import { DisposableStore } from '../disposable';

const GLOB = '**/*.{yaml,yml}';
const EXCLUDE = '**/{node_modules,.git,dist,out,.vscode-test}/**';
const MAX_FILES = 5000;

/**
 * WorkflowTemplates and ClusterWorkflowTemplates defined anywhere in the workspace, for templateRef checks,
 * hovers and go-to-definition. Built once in the background, then kept current by a file watcher.
 */
export class WorkspaceTemplates extends DisposableStore {
  readonly index = new MapTemplateIndex();
  /** Which file defines each WorkflowTemplate (by `kind/name`). */
  private readonly ready: Promise<void>;
  private readonly changed = this.add(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly logger: Logger) {
    super();
    const watcher = this.add(vscode.workspace.createFileSystemWatcher(GLOB));
    this.add(watcher.onDidCreate((uri) => void this.indexFile(uri).then(() => this.changed.fire())));
    this.add(watcher.onDidChange((uri) => void this.indexFile(uri).then(() => this.changed.fire())));
    this.add(
      watcher.onDidDelete((uri) => {
        this.index.removeOrigin(vscode.workspace.asRelativePath(uri));
        this.changed.fire();
      }),
    );
    this.ready = this.scan();
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** The file that defines a WorkflowTemplate, if indexed. */
  originOf(kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate', name: string): vscode.Uri | undefined {
    const source = this.index.get(kind, name);
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!source || !folder) return undefined;
    return vscode.Uri.joinPath(folder.uri, source.origin);
  }

  private async scan(): Promise<void> {
    const started = Date.now();
    const uris = await vscode.workspace.findFiles(GLOB, EXCLUDE, MAX_FILES);
    await Promise.all(uris.map((u) => this.indexFile(u)));
    this.logger.info(
      `[lint] indexed ${this.index.size} WorkflowTemplate(s) from ${uris.length} YAML file(s) in ${Date.now() - started} ms`,
    );
    this.changed.fire();
  }

  private async indexFile(uri: vscode.Uri): Promise<void> {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > 2 * 1024 * 1024) return;
      const text = new TextDecoder().decode(bytes);
      const origin = vscode.workspace.asRelativePath(uri);
      if (!/kind:\s*(Cluster)?WorkflowTemplate/.test(text)) {
        this.index.removeOrigin(origin);
        return;
      }
      this.index.addFile(text, origin);
    } catch (e) {
      this.logger.debug(`[lint] could not index ${uri.toString()}: ${String(e)}`);
    }
  }
}
