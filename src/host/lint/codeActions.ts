import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, toVsRange, type LintDiagnostics } from './diagnostics';

/** Offers the fixes the lint rules computed (did-you-mean, wrap a step, ...) as quick fixes. */
export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: LintDiagnostics) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const findings = this.diagnostics.findingsFor(doc.uri);
    for (const diag of context.diagnostics) {
      if (diag.source !== DIAGNOSTIC_SOURCE) continue;
      const rule = typeof diag.code === 'object' ? String(diag.code.value) : String(diag.code);
      const finding = findings.find(
        (f) => f.ruleId === rule && toVsRange(f.range).isEqual(diag.range) && f.message === diag.message,
      );
      for (const fix of finding?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diag];
        action.isPreferred = fix.preferred === true;
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) action.edit.replace(doc.uri, toVsRange(e.range), e.newText);
        actions.push(action);
      }
    }
    return actions;
  }
}
