import type { Invocation, LintContext, Rule } from '../context';
import { closest, invocations } from '../argo';
import type { YNode } from '../ynode';

/** `template:`, `onExit:` and hook templates must name a template of this document. */
export const undefinedTemplate: Rule = {
  id: 'undefined-template',
  severity: 'error',
  description: 'Steps, tasks and onExit handlers must reference templates that exist.',
  check(ctx) {
    if (ctx.usesWorkflowTemplateRef && ctx.templates.length === 0) return;
    // Labels are only spelled out for a reference that is reported.
    for (const inv of invocations(ctx)) {
      const template = inv.node.get('template');
      if (!template.exists && !inv.node.has('templateRef') && !inv.node.has('inline')) {
        const name = inv.node.get('name');
        ctx.report(
          name.exists ? name : inv.node,
          `${label(inv)} names no template: add 'template: <name>' (or templateRef, or inline); Argo cannot run it.`,
        );
        continue;
      }
      if (undefinedName(ctx, template) !== undefined) reportUndefined(ctx, template, label(inv));
    }
    const onExit = ctx.spec.get('onExit');
    if (undefinedName(ctx, onExit) !== undefined) reportUndefined(ctx, onExit, 'spec.onExit');
  },
};

export function label(inv: Invocation): string {
  return `${inv.kind === 'step' ? 'Step' : 'Task'} '${inv.name ?? '?'}'`;
}

/** The template name of a reference when no template of the document has it. */
export function undefinedName(ctx: LintContext, ref: YNode): string | undefined {
  const name = ref.str();
  if (name === undefined || name.includes('{{') || ctx.templateByName.has(name)) return undefined;
  return name;
}

export function reportUndefined(ctx: LintContext, ref: YNode, what: string, after = ''): void {
  const name = ref.str()!;
  const suggestion = closest(name, ctx.templateByName.keys());
  ctx.report(
    ref,
    `${what} references template '${name}', which is not defined${suggestion ? `: did you mean '${suggestion}'?` : '.'}${after}`,
    {
      fixes: suggestion
        ? [
            {
              title: `Change to '${suggestion}'`,
              edits: [{ range: ref.range(), newText: suggestion }],
              preferred: true,
            },
          ]
        : undefined,
    },
  );
}
