import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { lintText } from '../../core/lint/lint';
import { chainIndexes } from '../../core/lint/templateIndex';
import type { LintFinding, Range, TemplateIndex } from '../../core/lint/types';
import { config, onDidChangeConfig } from '../config';
import { DisposableStore } from '../disposable';
import type { WorkspaceTemplates } from './workspaceTemplates';
import { inChartTemplates } from '../../core/lint/helm';
import type { ArgoVersion } from '../../core/lint/argoVersion';

const DEBOUNCE_MS = 250;
export const DIAGNOSTIC_SOURCE = 'argo-doctor';

const SEVERITY: Record<LintFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function toVsRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Whether a document may hold Argo manifests: YAML by language or extension. */
export function isYamlDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.fileName);
}

/**
 * Lints open YAML documents as you type (debounced, off the keystroke path) and publishes the findings as
 * diagnostics. Files that hold no Argo manifest get no diagnostics at all, not even YAML syntax errors.
 */
export class LintDiagnostics extends DisposableStore {
  readonly collection = this.add(vscode.languages.createDiagnosticCollection('argo'));
  private readonly findings = new Map<string, LintFinding[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  private extraTemplates: TemplateIndex | undefined;

  constructor(
    private readonly templates: WorkspaceTemplates,
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
  ) {
    super();
    this.add(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this.add(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)));
    this.add(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d.uri);
        // Keep findings of files linted by "Lint Workspace"; drop those of files only opened.
        if (!this.workspaceLinted.has(d.uri.toString())) this.clear(d.uri);
      }),
    );
    this.add(onDidChangeConfig(() => this.relintOpen(), 'lint', 'argoVersion'));
    this.add(templates.onDidChange(() => this.relintOpen()));
    this.add({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    this.relintOpen();
  }

  private readonly workspaceLinted = new Set<string>();

  /** Templates from elsewhere (the connected cluster); the workspace's own win on a name clash. */
  /** Where the Argo version to lint for comes from; relints when `onChange` fires. */
  useArgoVersion(version: () => ArgoVersion, onChange: vscode.Event<void>): void {
    this.argoVersion = version;
    this.add(onChange(() => this.relintOpen()));
  }

  private argoVersion: () => ArgoVersion | undefined = () => undefined;

  useExtraTemplates(index: TemplateIndex, onChange: vscode.Event<void>): void {
    this.extraTemplates = index;
    this.add(onChange(() => this.relintOpen()));
  }

  /** The findings behind the diagnostics of a document (for quick fixes). */
  findingsFor(uri: vscode.Uri): LintFinding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  relintOpen(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Lints a text and publishes the result; returns the findings. Used by the editor and "Lint Workspace". */
  lint(uri: vscode.Uri, text: string, fromWorkspace = false): LintFinding[] {
    if (!config.lintEnabled() || !text.includes('argoproj.io')) {
      this.clear(uri);
      return [];
    }
    const started = performance.now();
    const findings = lintText(text, {
      ruleSeverity: config.lintRules(),
      externalTemplates: chainIndexes(this.templates.index, this.extraTemplates),
      argoVersion: this.argoVersion(),
      inChartTemplates:
        uri.scheme === 'file' && inChartTemplates(uri.fsPath, (d) => existsSync(path.join(d, 'Chart.yaml'))),
    });
    this.logger.trace(
      `[lint] ${vscode.workspace.asRelativePath(uri)}: ${findings.length} finding(s) in ${(performance.now() - started).toFixed(1)} ms`,
    );
    this.findings.set(uri.toString(), findings);
    if (fromWorkspace) this.workspaceLinted.add(uri.toString());
    this.collection.set(
      uri,
      findings.map((f) => this.toDiagnostic(f)),
    );
    return findings;
  }

  private toDiagnostic(f: LintFinding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toVsRange(f.range), f.message, SEVERITY[f.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.ruleId, target: vscode.Uri.joinPath(this.extensionUri, f.docUrl) };
    return d;
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isYamlDocument(doc) || doc.uri.scheme === 'output') return;
    this.cancel(doc.uri);
    const key = doc.uri.toString();
    const version = doc.version;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (doc.isClosed || doc.version !== version) return;
        try {
          this.lint(doc.uri, doc.getText());
        } catch (e) {
          this.logger.error(`[lint] ${key}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
      }, delay),
    );
  }

  private cancel(uri: vscode.Uri): void {
    const t = this.timers.get(uri.toString());
    if (t) clearTimeout(t);
    this.timers.delete(uri.toString());
  }

  private clear(uri: vscode.Uri): void {
    this.findings.delete(uri.toString());
    this.collection.delete(uri);
  }
}
