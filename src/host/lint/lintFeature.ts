import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { DisposableStore } from '../disposable';
import { LintCodeActions } from './codeActions';
import { LintDiagnostics } from './diagnostics';
import { TemplateDefinition, TemplateHover } from './navigationProviders';
import { WorkspaceTemplates } from './workspaceTemplates';

const YAML: vscode.DocumentSelector = [{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }];

/** Everything the linter contributes to the editor. */
export class LintFeature extends DisposableStore {
  readonly templates: WorkspaceTemplates;
  readonly diagnostics: LintDiagnostics;

  constructor(extensionUri: vscode.Uri, logger: Logger) {
    super();
    this.templates = this.add(new WorkspaceTemplates(logger));
    this.diagnostics = this.add(new LintDiagnostics(this.templates, extensionUri, logger));
    this.add(
      vscode.languages.registerCodeActionsProvider(YAML, new LintCodeActions(this.diagnostics), {
        providedCodeActionKinds: LintCodeActions.kinds,
      }),
    );
    this.add(vscode.languages.registerHoverProvider(YAML, new TemplateHover(this.templates)));
    this.add(vscode.languages.registerDefinitionProvider(YAML, new TemplateDefinition(this.templates)));
  }
}
