import { templateTypes } from './argo';
import { parseArgoFile } from './parse';
import type { ExternalTemplateInfo, Position, Range, TemplateIndex } from './types';
import type { YNode } from './ynode';

/** A template reference under the cursor. */
export interface TemplateReference {
  /** 'local': `template:`/`onExit:`/`entrypoint:` in this document; 'ref': `templateRef.template` or `.name`. */
  kind: 'local' | 'ref';
  templateName: string | undefined;
  /** For 'ref': the WorkflowTemplate's name and kind. */
  workflowTemplate?: { kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate'; name: string };
  range: Range;
  /** Where the template is defined in this file, for local references. */
  definition?: Range;
  /** The signature of the referenced template, when known. */
  signature?: ExternalTemplateInfo;
}

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** The signature of a template node: type, inputs and outputs. */
export function signatureOf(t: YNode): ExternalTemplateInfo {
  return {
    type: templateTypes(t)[0] ?? 'unknown',
    inputParameters: t
      .get('inputs')
      .get('parameters')
      .items()
      .map((p) => ({ name: p.get('name').str() ?? '', hasDefault: p.has('value') || p.has('default') })),
    inputArtifacts: t
      .get('inputs')
      .get('artifacts')
      .items()
      .map((a) => a.get('name').str() ?? ''),
    outputParameters: t
      .get('outputs')
      .get('parameters')
      .items()
      .map((p) => p.get('name').str() ?? ''),
    outputArtifacts: t
      .get('outputs')
      .get('artifacts')
      .items()
      .map((a) => a.get('name').str() ?? ''),
  };
}

/** Finds the template reference at a position of a YAML file, with its definition and signature when known. */
export function templateReferenceAt(text: string, pos: Position, index?: TemplateIndex): TemplateReference | undefined {
  for (const doc of parseArgoFile(text).docs) {
    const root = doc.ydoc.root;
    const spec = doc.kind === 'CronWorkflow' ? root.get('spec').get('workflowSpec') : root.get('spec');
    const templates = spec.get('templates').items();
    const local = (name: string | undefined) => templates.find((t) => t.get('name').str() === name);
    const candidates: { node: YNode; ref?: YNode }[] = [{ node: spec.get('entrypoint') }, { node: spec.get('onExit') }];
    const visitInvocation = (inv: YNode) => {
      candidates.push({ node: inv.get('template') }, { node: inv.get('onExit') });
      for (const [, hook] of inv.get('hooks').entries()) candidates.push({ node: hook.get('template') });
      const ref = inv.get('templateRef');
      if (ref.exists) candidates.push({ node: ref.get('template'), ref }, { node: ref.get('name'), ref });
    };
    for (const t of templates) {
      for (const g of t.get('steps').items()) for (const s of g.isSeq ? g.items() : [g]) visitInvocation(s);
      for (const task of t.get('dag').get('tasks').items()) visitInvocation(task);
    }
    for (const c of candidates) {
      if (!c.node.exists || c.node.str() === undefined || !contains(c.node.range(), pos)) continue;
      if (!c.ref) {
        const def = local(c.node.str());
        return {
          kind: 'local',
          templateName: c.node.str(),
          range: c.node.range(),
          definition: def?.get('name').range(),
          signature: def ? signatureOf(def) : undefined,
        };
      }
      const wtKind = c.ref.get('clusterScope').bool() ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
      const wtName = c.ref.get('name').str() ?? '';
      const templateName = c.ref.get('template').str();
      const source = index?.get(wtKind, wtName);
      return {
        kind: 'ref',
        templateName,
        workflowTemplate: { kind: wtKind, name: wtName },
        range: c.node.range(),
        signature: templateName ? source?.templates.get(templateName) : undefined,
      };
    }
  }
  return undefined;
}

/** Range of `- name: <template>` of a WorkflowTemplate's template in a file's text. */
export function findTemplateDefinition(
  text: string,
  workflowTemplateName: string,
  templateName: string | undefined,
): Range | undefined {
  for (const doc of parseArgoFile(text).docs) {
    const root = doc.ydoc.root;
    if (root.get('metadata').get('name').str() !== workflowTemplateName) continue;
    if (!templateName) return root.get('metadata').get('name').range();
    const t = root
      .get('spec')
      .get('templates')
      .items()
      .find((x) => x.get('name').str() === templateName);
    return t?.get('name').range();
  }
  return undefined;
}

/** Markdown describing a template signature, for hovers. */
export function signatureMarkdown(name: string, sig: ExternalTemplateInfo, where?: string): string {
  const list = (xs: string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(', ') : '—');
  const params =
    sig.inputParameters.map((p) => `\`${p.name}\`${p.hasDefault ? ' (has default)' : ' (required)'}`).join(', ') || '—';
  return [
    `**${escapeMd(name)}** — ${sig.type} template${where ? ` in ${escapeMd(where)}` : ''}`,
    '',
    `- inputs.parameters: ${params}`,
    `- inputs.artifacts: ${list(sig.inputArtifacts)}`,
    `- outputs.parameters: ${list(sig.outputParameters)}`,
    `- outputs.artifacts: ${list(sig.outputArtifacts)}`,
  ].join('\n');
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
