import * as vscode from 'vscode';
import { fieldAt, typeLabel } from '../../core/lint/fieldInfo';
import { findTemplateDefinition, signatureMarkdown, templateReferenceAt } from '../../core/lint/navigation';
import { toVsRange } from './diagnostics';
import type { WorkspaceTemplates } from './workspaceTemplates';

/** Hover on a template reference: the referenced template's signature. */
export class TemplateHover implements vscode.HoverProvider {
  constructor(private readonly templates: WorkspaceTemplates) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!doc.getText().includes('argoproj.io')) return undefined;
    const ref = templateReferenceAt(doc.getText(), { line: pos.line, character: pos.character }, this.templates.index);
    if (!ref || !ref.templateName) return this.fieldHover(doc, pos);
    const md = new vscode.MarkdownString();
    md.isTrusted = false;
    if (ref.signature) {
      md.appendMarkdown(
        signatureMarkdown(
          ref.templateName,
          ref.signature,
          ref.workflowTemplate ? `${ref.workflowTemplate.kind} ${ref.workflowTemplate.name}` : undefined,
        ),
      );
    } else if (ref.workflowTemplate) {
      const known = this.templates.index.get(ref.workflowTemplate.kind, ref.workflowTemplate.name);
      md.appendText(
        known
          ? `${ref.workflowTemplate.kind} '${ref.workflowTemplate.name}' has no template '${ref.templateName}'.`
          : `${ref.workflowTemplate.kind} '${ref.workflowTemplate.name}' is not in this workspace.`,
      );
    } else {
      md.appendText(`Template '${ref.templateName}' is not defined in this file.`);
    }
    return new vscode.Hover(md, toVsRange(ref.range));
  }

  /** Hover on a field name: what Argo's schema says it is. */
  private fieldHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const info = fieldAt(doc.getText(), { line: pos.line, character: pos.character });
    if (!info) return undefined;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${info.field}** · ${typeLabel(info.type).replace(/[\\`*_[\]<>]/g, '\\$&')}\n\n`);
    if (info.description) md.appendText(info.description);
    md.appendMarkdown(`\n\n\`${info.path}\``);
    return new vscode.Hover(md, toVsRange(info.range));
  }
}

/** Go to definition from `template:`, `entrypoint:`, `onExit:` and `templateRef` to the template. */
export class TemplateDefinition implements vscode.DefinitionProvider {
  constructor(private readonly templates: WorkspaceTemplates) {}

  async provideDefinition(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Location | undefined> {
    const ref = templateReferenceAt(doc.getText(), { line: pos.line, character: pos.character }, this.templates.index);
    if (!ref) return undefined;
    if (ref.kind === 'local')
      return ref.definition ? new vscode.Location(doc.uri, toVsRange(ref.definition)) : undefined;
    if (!ref.workflowTemplate) return undefined;
    const uri = this.templates.originOf(ref.workflowTemplate.kind, ref.workflowTemplate.name);
    if (!uri) return undefined;
    const target = await vscode.workspace.openTextDocument(uri);
    const range = findTemplateDefinition(target.getText(), ref.workflowTemplate.name, ref.templateName);
    return range ? new vscode.Location(uri, toVsRange(range)) : undefined;
  }
}
